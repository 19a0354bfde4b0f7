import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { searchFilters } from './search-filters.js';
import type { SearchEntry, SearchHit, SearchIndex, SearchQuery, SearchTerm } from './search-index.js';
import { deleteSearchRow, searchRowUpsert } from './search-rows.js';

const upsertSearchRow = searchRowUpsert((tokens) => sql`${tokens}`);

/** FTS5 over `message_search.tokens` (external content, kept by triggers). */
export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async put(entry: SearchEntry): Promise<void> {
    await upsertSearchRow(this.db, entry);
  }

  async remove(chatId: number, messageId: number): Promise<void> {
    await deleteSearchRow(this.db, chatId, messageId);
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
