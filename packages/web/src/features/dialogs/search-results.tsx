import type { ClientState } from '@peyk/client';
import type { Dialog, User } from '@peyk/protocol';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { chatTitle, userName } from '../../app/names';
import { openChat } from '../../app/router';
import { t } from '../../i18n/i18n';
import { hasSearchableText } from '../../lib/highlight';
import { Avatar } from '../../ui/avatar';
import { MessageResults } from '../search/message-results';
import { openPrivateChatWith, resolveUser, searchDialogs, searchQuery, usernameOf } from './search';

/** Results for the sidebar's search: chats by name, a person by @username, messages (server). */
export function SearchResults({ state, dialogs }: { state: ClientState; dialogs: Dialog[] }) {
  const query = searchQuery.value;
  const [person, setPerson] = useState<User | undefined>(undefined);
  const [looking, setLooking] = useState(false);
  const [error, setError] = useState('');
  const username = usernameOf(query);

  useEffect(() => {
    setPerson(undefined);
    setError('');
    if (!username) return;
    setLooking(true);
    const timer = setTimeout(async () => {
      const user = await resolveUser(username);
      setPerson(user);
      setLooking(false);
    }, 300);
    return () => {
      clearTimeout(timer);
      setLooking(false);
    };
  }, [username]);

  const chats = searchDialogs(state, dialogs, query);

  const openPerson = async (user: User) => {
    try {
      const chatId = await openPrivateChatWith(user.id);
      searchQuery.value = '';
      openChat(chatId);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  const nothing = chats.length === 0 && !person && !looking && !username && !hasSearchableText(query);
  return (
    <div class="search-results" aria-live="polite">
      {chats.length > 0 && <h3 class="section-title">{t('search.chats')}</h3>}
      {chats.map((dialog) => {
        const title = chatTitle(state, dialog.chat);
        return (
          <a
            key={dialog.chat?.id}
            class="result-row"
            href={`#/chat/${dialog.chat?.id}`}
            onClick={() => {
              searchQuery.value = '';
            }}
          >
            <Avatar id={dialog.chat?.id ?? ''} name={title} size={40} />
            <span class="result-title" dir="auto">
              {title}
            </span>
          </a>
        );
      })}
      {username && <h3 class="section-title">{t('search.people')}</h3>}
      {looking && <p class="muted-text">{t('search.looking')}</p>}
      {person && (
        <button type="button" class="result-row" onClick={() => openPerson(person)}>
          <Avatar id={person.id} name={userName(person)} size={40} />
          <span class="result-main">
            <span class="result-title" dir="auto">
              {userName(person)}
            </span>
            <span class="result-sub" dir="ltr">
              @{person.username}
            </span>
          </span>
        </button>
      )}
      {username && !looking && !person && <p class="muted-text">{t('search.noUser', { username })}</p>}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <MessageResults state={state} query={query} />
      {nothing && <p class="muted-text">{t('search.nothing')}</p>}
    </div>
  );
}
