import type { Chat } from '@peyk/protocol';
import { userName } from '../../../app/names';
import { currentClient } from '../../../app/session';
import { dateSettings, t } from '../../../i18n/i18n';
import { formatDateTime } from '../../../lib/dates';
import { Avatar } from '../../../ui/avatar';
import { Modal } from '../../../ui/modal';
import { attempt } from '../../conversation/message-actions';
import { reloadMembers } from '../../groups/members';
import { useFetched } from './use-fetched';

/** People who asked to join through a link that needs approval: approve or decline each. */
export function JoinRequestsDialog({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const client = currentClient();
  const {
    value: list,
    error,
    reload,
  } = useFetched(() => client.request('listJoinRequests', { chatId: chat.id }), chat.id);
  const decide = async (userId: string, approve: boolean) => {
    if (await attempt(() => client.request('decideJoinRequest', { chatId: chat.id, userId, approve }))) {
      await reload();
      // An approval adds a member: the list and the count are fetched again.
      if (approve) await reloadMembers(chat.id);
    }
  };
  return (
    <Modal title={t('channels.joinRequests')} onClose={onClose}>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {list?.requests.length === 0 && <p class="muted-text">{t('channels.noRequests')}</p>}
      <ul class="manage-list">
        {list?.requests.map((request) => {
          const name = userName(list.users.find((u) => u.id === request.userId));
          return (
            <li key={request.userId} class="manage-row" data-user-id={request.userId}>
              <Avatar id={request.userId} name={name} size={40} />
              <span class="result-main">
                <span dir="auto">{name}</span>
                <span class="result-sub">{formatDateTime(request.date, dateSettings.value)}</span>
              </span>
              <button type="button" class="button small primary" onClick={() => decide(request.userId, true)}>
                {t('channels.approve')}
              </button>
              <button type="button" class="button small" onClick={() => decide(request.userId, false)}>
                {t('channels.decline')}
              </button>
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}
