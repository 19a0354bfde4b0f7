/** A query term: tokens starting with `prefix`, or `phrase` tokens standing next to each other. */
export type SearchTerm = { prefix: string } | { phrase: string[] };

export interface SearchEntry {
  chatId: number;
  messageId: number;
  senderId: number;
  date: number;
  hasLink: boolean;
  /** Space-separated tokens (see domain/search/search-tokens.ts). */
  tokens: string;
}

export interface SearchQuery {
  /** Only chats this user is a member of, and not messages they deleted for themself. */
  viewerId: number;
  /** Every term must match; never empty. */
  terms: SearchTerm[];
  chatId?: number;
  senderId?: number;
  minDate?: number;
  maxDate?: number;
  linksOnly: boolean;
  /** Only hits older than this one (a cursor). */
  beforeId?: number;
  limit: number;
}

export interface SearchHit {
  /** The hit's place in the index: newer hits have larger ids. */
  id: number;
  chatId: number;
  messageId: number;
}

/**
 * The message search index, kept in the same transaction as the messages. Implementations:
 * SQLite FTS5 and PostgreSQL full text, over the same tokens, so both find the same messages.
 */
export interface SearchIndex {
  /** Adds the message, or replaces its entry (an edit keeps its place). */
  put(entry: SearchEntry): Promise<void>;
  remove(chatId: number, messageId: number): Promise<void>;
  /** Newest first. */
  search(query: SearchQuery): Promise<SearchHit[]>;
}
