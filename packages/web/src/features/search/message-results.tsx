import type { ClientState } from '@peyk/client';
import type { Chat, Message } from '@peyk/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { chatTitle, userName } from '../../app/names';
import { openChat } from '../../app/router';
import { dateSettings, t } from '../../i18n/i18n';
import { formatListDate } from '../../lib/dates';
import { hasSearchableText } from '../../lib/highlight';
import { Avatar } from '../../ui/avatar';
import { Icon } from '../../ui/icon';
import { jumpToMessage } from '../conversation/history';
import { FilterFields } from './filter-fields';
import { Highlighted } from './highlighted';
import { NO_FILTERS, type SearchFilters, useMessageSearch } from './message-search';

/** "More results": loads the next page when clicked or when scrolled into view. */
export function MoreButton({ onMore }: { onMore: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [onMore]);
  return (
    <button ref={ref} type="button" class="button small more-results" onClick={onMore}>
      {t('search.more')}
    </button>
  );
}

function MessageResult({
  state,
  message,
  chat,
  query,
}: {
  state: ClientState;
  message: Message;
  chat: Chat | undefined;
  query: string;
}) {
  const title = chatTitle(state, chat ?? state.dialog(message.chatId)?.chat);
  const sender = userName(state.user(message.senderId));
  return (
    <button
      type="button"
      class="result-row message-result"
      data-chat={message.chatId}
      data-id={message.id}
      onClick={() => {
        openChat(message.chatId);
        void jumpToMessage(message.chatId, message.id);
      }}
    >
      <Avatar id={message.chatId} name={title} size={40} />
      <span class="result-main">
        <span class="result-head">
          <span class="result-title" dir="auto">
            {title}
          </span>
          <time class="dialog-time">
            {formatListDate(message.date, Math.floor(Date.now() / 1000), dateSettings.value)}
          </time>
        </span>
        <span class="result-sub" dir="auto">
          {sender !== title && <span class="result-sender">{sender}: </span>}
          <Highlighted text={message.text} query={query} />
        </span>
      </span>
    </button>
  );
}

/** The sidebar search's "Messages": every chat, from the server, with filters and paging. */
export function MessageResults({ state, query }: { state: ClientState; query: string }) {
  const [filters, setFilters] = useState<SearchFilters>(NO_FILTERS);
  const [showFilters, setShowFilters] = useState(false);
  const search = useMessageSearch(query, filters);
  if (!hasSearchableText(query)) return null;
  const filtered = filters !== NO_FILTERS && JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  return (
    <section class="message-results" aria-label={t('search.messages')}>
      <div class="section-head">
        <h3 class="section-title">{t('search.messages')}</h3>
        <button
          type="button"
          class={filtered ? 'icon-button small active' : 'icon-button small'}
          aria-label={t('search.filters')}
          aria-expanded={showFilters}
          onClick={() => setShowFilters(!showFilters)}
        >
          <Icon name="filter" size={20} />
        </button>
      </div>
      {showFilters && <FilterFields filters={filters} onChange={setFilters} />}
      {search.messages.map((message) => (
        <MessageResult
          key={`${message.chatId}:${message.id}`}
          state={state}
          message={message}
          chat={search.chats.get(message.chatId)}
          query={query}
        />
      ))}
      {search.loading && <p class="muted-text">{t('search.searching')}</p>}
      {search.error && (
        <p class="form-error" role="alert">
          {search.error}
        </p>
      )}
      {!search.loading && !search.error && search.messages.length === 0 && (
        <p class="muted-text">{t('search.noMessages')}</p>
      )}
      {search.hasMore && !search.loading && <MoreButton onMore={search.more} />}
    </section>
  );
}
