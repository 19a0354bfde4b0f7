import type { Message } from '@peyk/protocol';
import { n, t } from '../../i18n/i18n';
import { toggleReaction } from './message-actions';
import { overlay } from './overlays';

/** The reactions under a message: a click toggles mine, a long press or right click shows who. */
export function ReactionsBar({ message }: { message: Message }) {
  const showWho = (event: Event) => {
    event.preventDefault();
    overlay.value = { kind: 'reactors', chatId: message.chatId, id: message.id };
  };
  return (
    <fieldset class="reactions" aria-label={t('reactions.label')}>
      {message.reactions.map((reaction) => {
        const mine = message.myReaction === reaction.emoji;
        return (
          <button
            key={reaction.emoji}
            type="button"
            class={mine ? 'reaction mine' : 'reaction'}
            aria-pressed={mine}
            aria-label={t('reactions.chip', { emoji: reaction.emoji, count: reaction.count })}
            onClick={(event) => {
              event.stopPropagation();
              toggleReaction(message, reaction.emoji);
            }}
            onContextMenu={showWho}
          >
            <span class="reaction-emoji">{reaction.emoji}</span>
            <span class="reaction-count">{n(reaction.count)}</span>
          </button>
        );
      })}
      <button type="button" class="reaction who" onClick={showWho} aria-label={t('reactions.seeWho')}>
        …
      </button>
    </fieldset>
  );
}
