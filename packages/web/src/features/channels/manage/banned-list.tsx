import type { Chat } from '@peyk/protocol';
import { userName } from '../../../app/names';
import { currentClient } from '../../../app/session';
import { t } from '../../../i18n/i18n';
import { Avatar } from '../../../ui/avatar';
import { Modal } from '../../../ui/modal';
import { attempt } from '../../conversation/message-actions';
import { untilText } from '../durations';
import { useFetched } from './use-fetched';

/** Those kept out of the chat, until when, and an Unban button for each. */
export function BannedDialog({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const client = currentClient();
  const {
    value: list,
    error,
    reload,
  } = useFetched(() => client.request('listBanned', { chatId: chat.id }), chat.id);
  const unban = async (userId: string) => {
    if (await attempt(() => client.request('unbanMember', { chatId: chat.id, userId }))) await reload();
  };
  return (
    <Modal title={t('channels.banned')} onClose={onClose}>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {list?.banned.length === 0 && <p class="muted-text">{t('channels.noBanned')}</p>}
      <ul class="manage-list">
        {list?.banned.map((ban) => {
          const name = userName(list.users.find((u) => u.id === ban.userId));
          return (
            <li key={ban.userId} class="manage-row" data-user-id={ban.userId}>
              <Avatar id={ban.userId} name={name} size={40} />
              <span class="result-main">
                <span dir="auto">{name}</span>
                <span class="result-sub">{untilText(ban.until)}</span>
              </span>
              <button type="button" class="button small" onClick={() => unban(ban.userId)}>
                {t('channels.unban')}
              </button>
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}
