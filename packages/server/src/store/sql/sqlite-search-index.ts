import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { SearchEntry, SearchHit, SearchIndex, SearchQuery, SearchTerm } from './search-index.js';
import { searchFilters } from './search-filters.js';

/** FTS5 over `message_search.tokens` (external content, kept by triggers). */
export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async put(entry: SearchEntry): Promise<void> {
    await sql`insert into message_search (chat_id, message_id, sender_id, date, has_link, tokens)
      values (${entry.chatId}, ${entry.messageId}, ${entry.senderId}, ${entry.date}, ${entry.hasLink ? 1 : 0}, ${entry.tokens})
      on conflict (chat_id, message_id) do update set tokens = excluded.tokens, has_link = excluded.has_link`.execute(
      this.db,
    );
  }

  async remove(chatId: number, messageId: number): Promise<void> {
    await sql`delete from message_search where chat_id = ${chatId} and message_id = ${messageId}`.execute(
      this.db,
    );
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const { rows } = await sql<SearchHit>`
      select s.id as id, s.chat_id as "chatId", s.message_id as "messageId"
      from message_search_fts f
      join message_search s on s.id = f.rowid
      where message_search_fts match ${matchExpression(query.terms)}
        and ${searchFilters(query)}
      order by f.rowid desc
      limit ${query.limit}`.execute(this.db);
    return rows;
  }
}

/** FTS5 query syntax: every term quoted (so no token is read as an operator), ANDed. */
function matchExpression(terms: readonly SearchTerm[]): string {
  const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;
  return terms
    .map((term) => ('prefix' in term ? `${quote(term.prefix)}*` : quote(term.phrase.join(' '))))
    .join(' AND ');
}
