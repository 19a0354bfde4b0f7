import { PeykError } from '@peyk/client';
import { type Chat, type Message, MessageFilter } from '@peyk/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { currentClient, currentState } from '../../app/session';
import { hasSearchableText } from '../../lib/highlight';

/** The filters of a message search; dates are <input type="date"> values (local days). */
export interface SearchFilters {
  linksOnly: boolean;
  /** A user id, '' for anyone. */
  senderId: string;
  from: string;
  to: string;
}

export const NO_FILTERS: SearchFilters = { linksOnly: false, senderId: '', from: '', to: '' };

export interface MessageSearch {
  messages: Message[];
  /** The chats the messages are in, by id (titles of chats not in the dialog list too). */
  chats: ReadonlyMap<string, Chat>;
  loading: boolean;
  error: string;
  hasMore: boolean;
  /** Loads the next page. */
  more: () => void;
}

interface Found {
  messages: Message[];
  chats: Map<string, Chat>;
  cursor: string;
  loading: boolean;
  error: string;
}

const EMPTY: Found = { messages: [], chats: new Map(), cursor: '', loading: false, error: '' };
export const DEBOUNCE_MS = 300;

/** A local day ('2025-03-01') as Unix seconds: its first second, or its last one. */
export function daySeconds(day: string, end: boolean): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return 0;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (end ? 1 : 0));
  return Math.max(0, Math.floor(date.getTime() / 1000) - (end ? 1 : 0));
}

/**
 * Messages matching `query` on the server (all chats, or one), newest first, 20 a page,
 * debounced. A query the server cannot search (no letters or digits: SEARCH_QUERY_INVALID)
 * finds nothing, quietly.
 */
export function useMessageSearch(query: string, filters: SearchFilters, chatId = ''): MessageSearch {
  const [found, setFound] = useState<Found>(EMPTY);
  const generation = useRef(0);
  const q = query.trim();
  const key = JSON.stringify([q, filters, chatId]);

  const load = async (run: number, cursor: string) => {
    try {
      const page = await currentClient().request('searchMessages', {
        query: q,
        chatId: chatId || '0',
        senderId: filters.senderId || '0',
        minDate: daySeconds(filters.from, false),
        maxDate: daySeconds(filters.to, true),
        filter: filters.linksOnly ? MessageFilter.LINK : MessageFilter.UNSPECIFIED,
        cursor,
        limit: 20,
      });
      if (run !== generation.current) return;
      currentState()?.loadUsers(page.users);
      setFound((previous) => {
        const chats = new Map(cursor ? previous.chats : []);
        for (const chat of page.chats) chats.set(chat.id, chat);
        return {
          messages: cursor ? [...previous.messages, ...page.messages] : page.messages,
          chats,
          cursor: page.nextCursor,
          loading: false,
          error: '',
        };
      });
    } catch (error) {
      if (run !== generation.current) return;
      if (error instanceof PeykError && error.code === 'SEARCH_QUERY_INVALID') setFound(EMPTY);
      else setFound((previous) => ({ ...previous, loading: false, error: errorText(error) }));
    }
  };

  useEffect(() => {
    const run = ++generation.current;
    if (!q || !hasSearchableText(q) || q.length >= 256) {
      setFound(EMPTY);
      return;
    }
    setFound({ ...EMPTY, loading: true });
    const timer = setTimeout(() => void load(run, ''), DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // `key` stands for the query, the filters and the chat.
  }, [key]);

  return {
    messages: found.messages,
    chats: found.chats,
    loading: found.loading,
    error: found.error,
    hasMore: Boolean(found.cursor),
    more: () => {
      if (!found.cursor || found.loading) return;
      setFound((previous) => ({ ...previous, loading: true }));
      void load(generation.current, found.cursor);
    },
  };
}
