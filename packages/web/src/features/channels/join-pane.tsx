import { type Chat, ChatKind, MemberRole } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { openChat } from '../../app/router';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Avatar } from '../../ui/avatar';

/**
 * `#/@name`: the public channel or group of that name. A member goes straight in; anyone else
 * sees its name and size, and a Join button.
 */
export function JoinPane({ username }: { username: string }) {
  const [chat, setChat] = useState<Chat | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setChat(undefined);
    setError('');
    currentClient()
      .request('resolveChat', { username })
      .then(
        (found) => (found.myRole === MemberRole.UNSPECIFIED ? setChat(found) : openChat(found.id)),
        () => setError(t('channels.notFound', { username })),
      );
  }, [username]);
  const join = async () => {
    if (!chat) return;
    setBusy(true);
    try {
      const joined = await currentClient().request('joinChat', { chatId: chat.id });
      openChat(joined.id);
    } catch (failure) {
      setError(errorText(failure));
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
        <p>{t('channels.joining', { username })}</p>
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
        <span dir="ltr">@{chat.username}</span> · <span>{count}</span>
      </p>
      <button type="button" class="button primary" disabled={busy} onClick={join}>
        {t('channels.join')}
      </button>
    </section>
  );
}
