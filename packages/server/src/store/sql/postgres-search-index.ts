import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema.js';
import { searchFilters } from './search-filters.js';
import type { SearchEntry, SearchHit, SearchIndex, SearchQuery, SearchTerm } from './search-index.js';

/** A tsvector of the tokens ('simple' configuration: no stemming, no stop words), GIN-indexed. */
export class PostgresSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async put(entry: SearchEntry): Promise<void> {
    await sql`insert into message_search (chat_id, message_id, sender_id, date, has_link, tokens)
      values (${entry.chatId}, ${entry.messageId}, ${entry.senderId}, ${entry.date}, ${entry.hasLink ? 1 : 0},
        to_tsvector('simple', ${entry.tokens}))
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
