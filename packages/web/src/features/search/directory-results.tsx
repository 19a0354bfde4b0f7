import { ChatKind, type DirectoryResults, type User } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { userName } from '../../app/names';
import { openChat } from '../../app/router';
import { currentClient } from '../../app/session';
import { t } from '../../i18n/i18n';
import { Avatar } from '../../ui/avatar';
import { openPrivateChatWith, searchQuery, usernameOf } from '../dialogs/search';

/**
 * The public directory for the sidebar's query: public channels and groups, people and bots,
 * in the server's order (the exact @username first, then by members). Loaded when first shown.
 */
export function DirectoryList({ query }: { query: string }) {
  const [found, setFound] = useState<DirectoryResults | undefined>(undefined);
  const [looking, setLooking] = useState(false);
  const [error, setError] = useState('');
  const text = query.trim();

  useEffect(() => {
    setFound(undefined);
    setError('');
    if (text.replace(/^@/, '').length < 2) return;
    setLooking(true);
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const results = await currentClient().request(
          'searchDirectory',
          { query: text },
          { timeoutMs: 8000 },
        );
        if (current) setFound(results);
      } catch {
        // A query with nothing to match (punctuation) or a dropped connection: no directory results.
      } finally {
        if (current) setLooking(false);
      }
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
      setLooking(false);
    };
  }, [text]);

  const openPerson = async (user: User) => {
    try {
      const chatId = await openPrivateChatWith(user.id);
      searchQuery.value = '';
      openChat(chatId);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  const username = usernameOf(query);
  const hits = found?.hits ?? [];
  if (!looking && hits.length === 0 && !username && !error) return null;
  const chats = new Map(found?.chats.map((chat) => [chat.id, chat]));
  const users = new Map(found?.users.map((user) => [user.id, user]));
  return (
    <section class="directory-results">
      <h3 class="section-title">{t('search.global')}</h3>
      {looking && hits.length === 0 && <p class="muted-text">{t('search.looking')}</p>}
      {hits.map((hit) => {
        const chat = chats.get(hit.chatId);
        if (chat) {
          return (
            <a
              key={`c${chat.id}`}
              class="result-row directory-chat"
              href={`#/@${chat.username}`}
              onClick={() => {
                searchQuery.value = '';
              }}
            >
              <Avatar id={chat.id} name={chat.title} size={40} />
              <span class="result-main">
                <span class="result-title" dir="auto">
                  {chat.title}
                </span>
                <span class="result-sub">
                  <bdi dir="ltr">@{chat.username}</bdi>
                  {' · '}
                  {chat.kind === ChatKind.CHANNEL
                    ? t('channels.subscribers', { count: chat.memberCount })
                    : t('chat.members', { count: chat.memberCount })}
                </span>
              </span>
            </a>
          );
        }
        const user = users.get(hit.userId);
        if (!user) return null;
        return (
          <button
            key={`u${user.id}`}
            type="button"
            class="result-row directory-user"
            onClick={() => openPerson(user)}
          >
            <Avatar id={user.id} name={userName(user)} size={40} />
            <span class="result-main">
              <span class="result-title" dir="auto">
                {userName(user)}
                {hit.bot && <span class="bot-badge">{t('user.bot')}</span>}
              </span>
              <span class="result-sub" dir="ltr">
                @{user.username}
              </span>
            </span>
          </button>
        );
      })}
      {username && !looking && hits.length === 0 && (
        <p class="muted-text">{t('search.noUser', { username })}</p>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
