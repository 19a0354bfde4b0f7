import { AdminAction, type AdminLogEntry, type Chat, type User } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../../app/error-text';
import { userName } from '../../../app/names';
import { currentClient } from '../../../app/session';
import { dateSettings, t } from '../../../i18n/i18n';
import { formatDateTime } from '../../../lib/dates';
import { Modal } from '../../../ui/modal';
import { formatPeriod, untilText } from '../durations';

const PAGE = 50;

/** What admins did, newest first, a page at a time: who, when, what, to whom. */
export function AdminLogDialog({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const [entries, setEntries] = useState<AdminLogEntry[]>([]);
  const [users, setUsers] = useState(new Map<string, User>());
  const [done, setDone] = useState(false);
  const [error, setError] = useState('');
  const more = async (beforeId: string) => {
    try {
      const page = await currentClient().request('getAdminLog', { chatId: chat.id, beforeId, limit: PAGE });
      setEntries((shown) => [...shown, ...page.entries]);
      setUsers((known) => new Map([...known, ...page.users.map((u) => [u.id, u] as const)]));
      setDone(page.entries.length < PAGE);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  useEffect(() => void more('0'), [chat.id]);
  const name = (id: string) => userName(users.get(id));
  return (
    <Modal title={t('channels.adminLog')} onClose={onClose} wide>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {done && entries.length === 0 && <p class="muted-text">{t('channels.logEmpty')}</p>}
      <ol class="manage-list admin-log">
        {entries.map((entry) => {
          const [summary, details] = describe(entry, name);
          return (
            <li key={entry.id} class="manage-row log-entry" data-action={AdminAction[entry.action]}>
              <span class="result-main">
                <span dir="auto">{summary}</span>
                {details && (
                  <span class="result-sub" dir="auto">
                    {details}
                  </span>
                )}
              </span>
              <time class="result-sub" dateTime={new Date(entry.date * 1000).toISOString()}>
                {formatDateTime(entry.date, dateSettings.value)}
              </time>
            </li>
          );
        })}
      </ol>
      {!done && entries.length > 0 && (
        <button type="button" class="button wide" onClick={() => more(entries.at(-1)?.id ?? '0')}>
          {t('channels.more')}
        </button>
      )}
    </Modal>
  );
}

/** One entry as a sentence and (when it has them) details, from the server's `details` text. */
function describe(entry: AdminLogEntry, name: (id: string) => string): [string, string] {
  const who = { actor: name(entry.actorId), user: name(entry.userId) };
  const details = entry.details;
  switch (entry.action) {
    case AdminAction.RIGHTS_CHANGED:
      return [t('channels.log.rights', who), rightNames(details)];
    case AdminAction.BANNED:
      return [t('channels.log.banned', who), untilText(Number(details))];
    case AdminAction.UNBANNED:
      return [t('channels.log.unbanned', who), ''];
    case AdminAction.RESTRICTED: {
      // "<bits> until <unix seconds>": no messages 1, no media 2, no links 4.
      const [bits = 0, until = 0] = details.split(' until ').map(Number);
      const kinds = (['noMessages', 'noMedia', 'noLinks'] as const).filter((_, i) => (bits & (1 << i)) !== 0);
      return bits === 0
        ? [t('channels.log.unrestricted', who), '']
        : [
            t('channels.log.restricted', who),
            [...kinds.map((kind) => t(`channels.${kind}`)), untilText(until)].join(t('common.listSeparator')),
          ];
    }
    case AdminAction.SLOW_MODE_CHANGED: {
      const seconds = Number(details);
      return [
        t('channels.log.slowMode', { ...who, period: seconds ? formatPeriod(seconds) : t('channels.off') }),
        '',
      ];
    }
    case AdminAction.TITLE_CHANGED:
      return [t('channels.log.title', { ...who, title: details }), ''];
    case AdminAction.MESSAGE_PINNED:
      return [t(details.endsWith('unpinned') ? 'channels.log.unpinned' : 'channels.log.pinned', who), ''];
    case AdminAction.MESSAGE_DELETED:
      return [t('channels.log.deleted', who), ''];
    case AdminAction.USERNAME_CHANGED:
      return [
        details
          ? t('channels.log.username', { ...who, username: `@${details}` })
          : t('channels.log.usernameCleared', who),
        '',
      ];
    default:
      return [details, ''];
  }
}

/** "change_info,ban_users" as the rights' names in the user's language. */
function rightNames(details: string): string {
  if (!details) return t('channels.noRights');
  return details
    .split(',')
    .map((right) => t(`channels.right.${right.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`))
    .join(t('common.listSeparator'));
}
