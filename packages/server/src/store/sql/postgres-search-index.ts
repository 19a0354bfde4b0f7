import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema.js';
import { searchFilters } from './search-filters.js';
import type { SearchEntry, SearchHit, SearchIndex, SearchQuery, SearchTerm } from './search-index.js';
import { deleteSearchRow, searchRowUpsert } from './search-rows.js';

const upsertSearchRow = searchRowUpsert((tokens) => sql`to_tsvector('simple', ${tokens})`);

/** A tsvector of the tokens ('simple' configuration: no stemming, no stop words), GIN-indexed. */
export class PostgresSearchIndex implements SearchIndex {
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
      from message_search s
      where s.tokens @@ (${tsQuery(query.terms)})
        and ${searchFilters(query)}
      order by s.id desc
      limit ${query.limit}`.execute(this.db);
    return rows;
  }
}

/** Each token is passed as a bound value and turned into a lexeme, never parsed as tsquery syntax. */
function tsQuery(terms: readonly SearchTerm[]): RawBuilder<unknown> {
  const parts = terms.map((term) => {
    if ('prefix' in term) return sql`to_tsquery('simple', quote_literal(${term.prefix}) || ':*')`;
    return sql`phraseto_tsquery('simple', ${term.phrase.join(' ')})`;
  });
  return sql.join(parts, sql` && `);
}
