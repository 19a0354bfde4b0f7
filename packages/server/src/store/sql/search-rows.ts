import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { SearchEntry } from './search-index.js';

/**
 * Adds or replaces a message's row in `message_search`; `tokens` is the dialect's form of the
 * tokens (plain text for FTS5, a tsvector for PostgreSQL). An edit keeps the row's id, its place.
 */
export async function upsertSearchRow(
  db: Kysely<Database>,
  entry: SearchEntry,
  tokens: RawBuilder<unknown>,
): Promise<void> {
  await sql`insert into message_search (chat_id, message_id, sender_id, date, has_link, tokens)
    values (${entry.chatId}, ${entry.messageId}, ${entry.senderId}, ${entry.date}, ${entry.hasLink ? 1 : 0}, ${tokens})
    on conflict (chat_id, message_id) do update set tokens = excluded.tokens, has_link = excluded.has_link`.execute(
    db,
  );
}

export async function deleteSearchRow(
  db: Kysely<Database>,
  chatId: number,
  messageId: number,
): Promise<void> {
  await sql`delete from message_search where chat_id = ${chatId} and message_id = ${messageId}`.execute(db);
}
