import type { ClientState } from '@peyk/client';
import { ChatKind, MemberRole, type Message } from '@peyk/protocol';
import { t } from '../../i18n/i18n';
import { toMarkup } from '../../lib/markup';
import { Menu, type MenuItem } from '../../ui/menu';
import { setComposerMode } from '../composer/composer-state';
import { copyText, setPinned, toggleReaction } from './message-actions';
import { overlay, toggleSelected } from './overlays';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏', '🔥', '🎉'];

/** Whether I may delete a message for everyone: my own, or anyone's when I run the group. */
export function canDeleteForEveryone(state: ClientState, message: Message): boolean {
  if (message.senderId === state.selfId) return true;
  const chat = state.dialog(message.chatId)?.chat;
  return (
    chat?.kind === ChatKind.GROUP && (chat.myRole === MemberRole.ADMIN || chat.myRole === MemberRole.OWNER)
  );
}

function canPin(state: ClientState, message: Message): boolean {
  const chat = state.dialog(message.chatId)?.chat;
  if (chat?.kind !== ChatKind.GROUP) return true;
  return chat.myRole === MemberRole.ADMIN || chat.myRole === MemberRole.OWNER;
}

/** The actions of one message: react, reply, edit, copy, forward, pin, select, delete. */
export function MessageMenu({
  state,
  message,
  x,
  y,
  onClose,
}: {
  state: ClientState;
  message: Message;
  x: number;
  y: number;
  onClose: () => void;
}) {
  const own = message.senderId === state.selfId;
  const items: MenuItem[] = [
    {
      label: t('message.reply'),
      icon: 'reply',
      onSelect: () => setComposerMode(message.chatId, { kind: 'reply', messageId: message.id }),
    },
  ];
  if (own && !message.forward) {
    items.push({
      label: t('message.edit'),
      icon: 'edit',
      onSelect: () => setComposerMode(message.chatId, { kind: 'edit', messageId: message.id }),
    });
  }
  items.push(
    { label: t('message.copy'), icon: 'copy', onSelect: () => void copyText(message.text) },
    {
      label: t('message.copyFormatted'),
      icon: 'code',
      onSelect: () => void copyText(toMarkup(message.text, message.entities)),
    },
    {
      label: t('message.forward'),
      icon: 'forward',
      onSelect: () => {
        overlay.value = { kind: 'forward', chatId: message.chatId, ids: [message.id] };
      },
    },
  );
  if (canPin(state, message)) {
    items.push({
      label: message.pinned ? t('message.unpin') : t('message.pin'),
      icon: 'pin',
      onSelect: () => setPinned(message, !message.pinned),
    });
  }
  if (message.reactions.length > 0) {
    items.push({
      label: t('reactions.seeWho'),
      icon: 'smile',
      onSelect: () => {
        overlay.value = { kind: 'reactors', chatId: message.chatId, id: message.id };
      },
    });
  }
  items.push(
    {
      label: t('message.select'),
      icon: 'select',
      onSelect: () => toggleSelected(message.chatId, message.id),
    },
    {
      label: t('message.delete'),
      icon: 'delete',
      danger: true,
      onSelect: () => {
        overlay.value = { kind: 'delete', chatId: message.chatId, ids: [message.id] };
      },
    },
  );
  const header = (
    // biome-ignore lint/a11y/useSemanticElements: a group of menu items inside role=menu is the ARIA menu pattern; a fieldset is not.
    <div class="quick-reactions" role="group" aria-label={t('reactions.add')}>
      {QUICK_REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          role="menuitemradio"
          class={message.myReaction === emoji ? 'quick-reaction mine' : 'quick-reaction'}
          aria-label={t('reactions.react', { emoji })}
          aria-checked={message.myReaction === emoji}
          onClick={() => {
            onClose();
            toggleReaction(message, emoji);
          }}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
  return <Menu x={x} y={y} items={items} onClose={onClose} label={t('message.actions')} header={header} />;
}
