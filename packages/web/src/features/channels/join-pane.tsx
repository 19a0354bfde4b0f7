import { ErrorCode, type Chat, ChatKind, MemberRole } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorCode, errorText } from '../../app/error-text';
import { openChat } from '../../app/router';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Avatar } from '../../ui/avatar';

/** How the pane was reached: a public chat's `#/@name`, or an invite link's `#/+<token>`. */
export type JoinTarget = { username: string } | { link: string };

/**
 * A channel or group one reached by link. A member goes straight in; anyone else sees its name
 * and size, and a Join button (an invite link that needs approval files a request instead).
 */
export function JoinPane({ target }: { target: JoinTarget }) {
  const [chat, setChat] = useState<Chat | undefined>(undefined);
  const [error, setError] = useState('');
  const [requested, setRequested] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = 'link' in target ? `+${target.link}` : `@${target.username}`;
  useEffect(() => {
    setChat(undefined);
    setError('');
    setRequested(false);
    const client = currentClient();
    const found =
      'link' in target
        ? client.request('checkInviteLink', { link: target.link })
        : client.request('resolveChat', { username: target.username });
    found.then(
      (chat) => (chat.myRole === MemberRole.UNSPECIFIED ? setChat(chat) : openChat(chat.id)),
      (failure) =>
        setError(
          'link' in target ? errorText(failure) : t('channels.notFound', { username: target.username }),
        ),
    );
  }, [key]);
  const join = async () => {
    if (!chat) return;
    setBusy(true);
    try {
      const client = currentClient();
      const joined =
        'link' in target
          ? await client.request('joinByLink', { link: target.link })
          : await client.request('joinChat', { chatId: chat.id });
      openChat(joined.id);
    } catch (failure) {
      if (errorCode(failure) === ErrorCode.JOIN_REQUEST_SENT) setRequested(true);
      else setError(errorText(failure));
      setBusy(false);
    }
  };
  if (error) {
    return (
      <section class="empty-pane join-pane">
        <p role="alert">{error}</p>
      </section>
    );
  }
  if (!chat) {
    return (
      <section class="empty-pane join-pane" role="status">
        <p>{'link' in target ? t('common.loading') : t('channels.joining', { username: target.username })}</p>
      </section>
    );
  }
  const count =
    chat.kind === ChatKind.CHANNEL
      ? t('channels.subscribers', { count: chat.memberCount })
      : t('chat.members', { count: chat.memberCount });
  return (
    <section class="empty-pane join-pane" aria-label={chat.title}>
      <Avatar id={chat.id} name={chat.title} size={80} />
      <h2 dir="auto">{chat.title}</h2>
      <p class="join-meta">
        {chat.username && (
          <>
            <span dir="ltr">@{chat.username}</span> ·{' '}
          </>
        )}
        <span>{count}</span>
      </p>
      {requested ? (
        <p role="status">{t('error.JOIN_REQUEST_SENT')}</p>
      ) : (
        <button type="button" class="button primary" disabled={busy} onClick={join}>
          {t('channels.join')}
        </button>
      )}
    </section>
  );
}
