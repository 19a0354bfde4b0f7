import type { ClientState } from '@peyk/client';
import type { Dialog } from '@peyk/protocol';
import { chatTitle } from '../../app/names';
import { t } from '../../i18n/i18n';
import { hasSearchableText } from '../../lib/highlight';
import { Avatar } from '../../ui/avatar';
import { lazy } from '../../ui/lazy';
import { MessageResults } from '../search/message-results';
import { searchDialogs, searchQuery, usernameOf } from './search';

// The directory's code is fetched when the sidebar search is first used.
const Directory = lazy(() => import('../search/directory-results').then((m) => m.DirectoryList));

/**
 * Results for the sidebar's search: the user's chats by name, the public directory (channels,
 * groups, people and bots) and messages, both from the server.
 */
export function SearchResults({ state, dialogs }: { state: ClientState; dialogs: Dialog[] }) {
  const query = searchQuery.value;
  const chats = searchDialogs(state, dialogs, query);
  const nothing = chats.length === 0 && !usernameOf(query) && !hasSearchableText(query);
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
      <Directory query={query} />
      <MessageResults state={state} query={query} />
      {nothing && <p class="muted-text">{t('search.nothing')}</p>}
    </div>
  );
}
