import { type Kysely, type RawBuilder, sql } from 'kysely';
import { queryTemplate } from '../query-template.js';
import type { Database } from '../schema.js';
import type { SearchEntry } from './search-index.js';

/** A search entry as the upsert binds it. */
type SearchRowValues = Omit<SearchEntry, 'hasLink'> & { hasLink: 0 | 1 };

/**
 * The statement that adds or replaces a message's row in `message_search` (every message with
 * text runs it, so it is compiled once); `tokens` gives the dialect's form of the tokens (plain
 * text for FTS5, a tsvector for PostgreSQL). An edit keeps the row's id, its place.
 */
export function searchRowUpsert(
  tokens: (text: string) => RawBuilder<unknown>,
): (db: Kysely<Database>, entry: SearchEntry) => Promise<void> {
  const upsert = queryTemplate(
    (_db: Kysely<Database>, e: SearchRowValues) =>
      sql`insert into message_search (chat_id, message_id, sender_id, date, has_link, tokens)
    values (${e.chatId}, ${e.messageId}, ${e.senderId}, ${e.date}, ${e.hasLink}, ${tokens(e.tokens)})
    on conflict (chat_id, message_id) do update set tokens = excluded.tokens, has_link = excluded.has_link`,
  );
  return async (db, entry) => {
    await upsert.execute(db, { ...entry, hasLink: entry.hasLink ? 1 : 0 });
  };
}

export async function deleteSearchRow(
  db: Kysely<Database>,
  chatId: number,
  messageId: number,
): Promise<void> {
  await sql`delete from message_search where chat_id = ${chatId} and message_id = ${messageId}`.execute(db);
}
