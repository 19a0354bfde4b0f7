import { type Insertable, type Kysely, sql } from 'kysely';
import type { AdminLogRow, ChatAdminLogTable, ChatBanRow, ChatMemberRow, Database } from '../schema.js';

/** What large chats keep beside their members: bans, the admin log, member search. */
export class ChannelsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async ban(ban: ChatBanRow): Promise<void> {
    await this.db
      .insertInto('chat_bans')
      .values(ban)
      .onConflict((oc) =>
        oc
          .columns(['chat_id', 'user_id'])
          .doUpdateSet({ until: ban.until, actor_id: ban.actor_id, date: ban.date }),
      )
      .execute();
  }

  async unban(chatId: number, userId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('chat_bans')
      .where('chat_id', '=', chatId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async banOf(chatId: number, userId: number): Promise<ChatBanRow | undefined> {
    return this.db
      .selectFrom('chat_bans')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async log(entry: Insertable<ChatAdminLogTable>): Promise<void> {
    await this.db.insertInto('chat_admin_log').values(entry).execute();
  }

  /** Entries with id below `beforeId`, newest first. */
  async logPage(chatId: number, beforeId: number, limit: number): Promise<AdminLogRow[]> {
    return this.db
      .selectFrom('chat_admin_log')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('id', '<', beforeId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Members in join order whose display name or username contains `query` (lower-cased by the
   * caller; matched case-insensitively), at most `limit` after the first `offset`.
   */
  async searchMembers(
    chatId: number,
    query: string,
    offset: number,
    limit: number,
  ): Promise<ChatMemberRow[]> {
    let select = this.db
      .selectFrom('chat_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('m')
      .where('m.chat_id', '=', chatId);
    if (query) {
      // `\` escapes % and _ in both dialects (SQLite has no default escape character).
      const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      select = select.where(
        sql<boolean>`(lower(u.display_name) like ${pattern} escape '\\' or u.username like ${pattern} escape '\\')`,
      );
    }
    return select.orderBy('m.joined_at').orderBy('m.user_id').offset(offset).limit(limit).execute();
  }
}
