import type { ClientState } from '@peyk/client';
import { t } from '../../i18n/i18n';
import { Icon } from '../../ui/icon';
import { jumpToMessage } from './history';
import { messagePreview } from './service-text';

/** The newest pinned message of the chat (of those loaded), a click away. */
export function PinnedBar({ state, chatId }: { state: ClientState; chatId: string }) {
  const pinned = state
    .messages(chatId)
    .filter((m) => m.pinned)
    .pop();
  if (!pinned) return null;
  return (
    <button type="button" class="pinned-bar" onClick={() => void jumpToMessage(chatId, pinned.id)}>
      <Icon name="pin" size={18} />
      <span class="pinned-body">
        <span class="pinned-label">{t('message.pinned')}</span>
        <span class="pinned-text" dir="auto">
          {messagePreview(state, pinned)}
        </span>
      </span>
    </button>
  );
}
