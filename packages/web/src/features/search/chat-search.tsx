import type { ClientState } from '@peyk/client';
import { ChatKind, type Dialog } from '@peyk/protocol';
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { userName } from '../../app/names';
import { n, t } from '../../i18n/i18n';
import { hasSearchableText } from '../../lib/highlight';
import { Icon } from '../../ui/icon';
import { jumpToMessage } from '../conversation/history';
import { FilterFields } from './filter-fields';
import { NO_FILTERS, type SearchFilters, useMessageSearch } from './message-search';

/** The chat whose in-chat search bar is open. */
export const chatSearchOpen = signal<string | undefined>(undefined);

/**
 * Search within one chat, under its header: each result is shown in the conversation in
 * turn (newest first); up steps to older results, down to newer ones.
 */
export function ChatSearchBar({ state, dialog }: { state: ClientState; dialog: Dialog }) {
  const chatId = dialog.chat?.id ?? '';
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(NO_FILTERS);
  const [showFilters, setShowFilters] = useState(false);
  const [index, setIndex] = useState(0);
  const search = useMessageSearch(query, filters, chatId);
  const first = search.messages[0]?.id;
  const current = search.messages[index];

  useEffect(() => setIndex(0), [first]);
  useEffect(() => {
    if (current) void jumpToMessage(chatId, current.id);
  }, [chatId, current?.id]);

  const close = () => {
    chatSearchOpen.value = undefined;
  };
  const older = () => {
    if (index + 1 < search.messages.length) setIndex(index + 1);
    else if (search.hasMore) {
      search.more();
      setIndex(index + 1); // shown once the page is in
    }
  };
  const newer = () => setIndex(Math.max(0, index - 1));
  const count = search.messages.length;
  const senders =
    dialog.chat?.kind === ChatKind.GROUP
      ? (state.members(chatId) ?? []).map((member) => ({
          id: member.userId,
          name: userName(state.user(member.userId)),
        }))
      : undefined;

  return (
    <search class="chat-search">
      <div class="chat-search-row">
        <input
          class="search-input"
          type="search"
          // biome-ignore lint/a11y/noAutofocus: the user opened the search to type
          autoFocus
          value={query}
          placeholder={t('search.inChatPlaceholder')}
          aria-label={t('search.inChatPlaceholder')}
          onInput={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
            else if (event.key === 'Enter') {
              event.preventDefault();
              if (event.shiftKey) newer();
              else older();
            }
          }}
        />
        <span class="chat-search-position" aria-live="polite">
          {search.loading && count === 0
            ? t('search.searching')
            : hasSearchableText(query) && !search.loading && count === 0
              ? t('search.noMessages')
              : count > 0
                ? t('search.position', {
                    current: n(Math.min(index + 1, count)),
                    total: `${n(count)}${search.hasMore ? '+' : ''}`,
                  })
                : ''}
        </span>
        <button
          type="button"
          class="icon-button"
          aria-label={t('search.previous')}
          disabled={index + 1 >= count && !search.hasMore}
          onClick={older}
        >
          <Icon name="up" />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label={t('search.next')}
          disabled={index === 0}
          onClick={newer}
        >
          <Icon name="down" />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label={t('search.filters')}
          aria-expanded={showFilters}
          onClick={() => setShowFilters(!showFilters)}
        >
          <Icon name="filter" />
        </button>
        <button type="button" class="icon-button" aria-label={t('search.close')} onClick={close}>
          <Icon name="close" />
        </button>
      </div>
      {showFilters && <FilterFields filters={filters} onChange={setFilters} senders={senders} />}
      {search.error && (
        <p class="form-error" role="alert">
          {search.error}
        </p>
      )}
    </search>
  );
}
