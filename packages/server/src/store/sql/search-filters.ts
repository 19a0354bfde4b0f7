import { type RawBuilder, sql } from 'kysely';
import type { SearchQuery } from './search-index.js';

/** The conditions both dialects share: what the viewer may see, and the query's filters. */
export function searchFilters(query: SearchQuery): RawBuilder<unknown> {
  const conditions = [
    sql`exists (select 1 from chat_members m where m.chat_id = s.chat_id and m.user_id = ${query.viewerId})`,
    sql`not exists (select 1 from hidden_messages h
      where h.user_id = ${query.viewerId} and h.chat_id = s.chat_id and h.message_id = s.message_id)`,
  ];
  if (query.chatId !== undefined) conditions.push(sql`s.chat_id = ${query.chatId}`);
  if (query.senderId !== undefined) conditions.push(sql`s.sender_id = ${query.senderId}`);
  if (query.minDate !== undefined) conditions.push(sql`s.date >= ${query.minDate}`);
  if (query.maxDate !== undefined) conditions.push(sql`s.date <= ${query.maxDate}`);
  if (query.linksOnly) conditions.push(sql`s.has_link = 1`);
  if (query.beforeId !== undefined) conditions.push(sql`s.id < ${query.beforeId}`);
  return sql.join(conditions, sql` and `);
}
