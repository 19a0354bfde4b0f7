import { type ExpressionBuilder, type Insertable, type Kysely, sql } from 'kysely';
import type {
  AdminLogRow,
  ChatAdminLogTable,
  ChatBanRow,
  ChatMemberRow,
  Database,
  InviteLinkRow,
  JoinRequestRow,
} from '../schema.js';
import { containing } from './like-pattern.js';

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

  /** Bans that still hold at `now`, newest first. */
  async bans(chatId: number, now: number): Promise<ChatBanRow[]> {
    return this.db
      .selectFrom('chat_bans')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where((eb) => eb.or([eb('until', '=', 0), eb('until', '>', now)]))
      .orderBy('date', 'desc')
      .limit(1000)
      .execute();
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
      const pattern = containing(query);
      select = select.where(
        sql<boolean>`(lower(u.display_name) like ${pattern} escape '\\' or u.username like ${pattern} escape '\\')`,
      );
    }
    return select.orderBy('m.joined_at').orderBy('m.user_id').offset(offset).limit(limit).execute();
  }

  async createInviteLink(link: InviteLinkRow): Promise<void> {
    await this.db.insertInto('invite_links').values(link).execute();
  }

  async inviteLink(link: string): Promise<InviteLinkRow | undefined> {
    return this.db.selectFrom('invite_links').selectAll().where('link', '=', link).executeTakeFirst();
  }

  async inviteLinks(chatId: number): Promise<InviteLinkRow[]> {
    return this.db
      .selectFrom('invite_links')
      .selectAll()
      .where('chat_id', '=', chatId)
      .orderBy('created_at')
      .orderBy('link')
      .execute();
  }

  async revokeInviteLink(chatId: number, link: string): Promise<boolean> {
    const result = await this.db
      .updateTable('invite_links')
      .set({ revoked: 1 })
      .where('chat_id', '=', chatId)
      .where('link', '=', link)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Changes a link's name and limits; false when the chat has no such link. */
  async editInviteLink(
    chatId: number,
    link: string,
    fields: Pick<InviteLinkRow, 'name' | 'expires_at' | 'usage_limit' | 'requires_approval'>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('invite_links')
      .set(fields)
      .where('chat_id', '=', chatId)
      .where('link', '=', link)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The creator's live primary link in the chat. */
  async primaryInviteLink(chatId: number, creatorId: number): Promise<InviteLinkRow | undefined> {
    return this.db
      .selectFrom('invite_links')
      .selectAll()
      .where(livePrimaryLink(chatId, creatorId))
      .executeTakeFirst();
  }

  /** Revokes the creator's primary link in the chat, if they have one. */
  async revokePrimaryInviteLink(chatId: number, creatorId: number): Promise<void> {
    await this.db
      .updateTable('invite_links')
      .set({ revoked: 1 })
      .where(livePrimaryLink(chatId, creatorId))
      .execute();
  }

  /**
   * Counts one use of the link under its row lock, unless it is used up: false then. Concurrent
   * joins through a link with a limit admit at most that many.
   */
  async useInviteLink(link: string): Promise<boolean> {
    const used = await this.db
      .updateTable('invite_links')
      .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
      .where('link', '=', link)
      .where((eb) => eb.or([eb('usage_limit', '=', 0), eb('usage_count', '<', eb.ref('usage_limit'))]))
      .returning('usage_count')
      .executeTakeFirst();
    return used !== undefined;
  }

  async fileJoinRequest(request: JoinRequestRow): Promise<void> {
    await this.db
      .insertInto('join_requests')
      .values(request)
      .onConflict((oc) => oc.columns(['chat_id', 'user_id']).doNothing())
      .execute();
  }

  /** Pending requests, oldest first (the first 200). */
  async joinRequests(chatId: number): Promise<JoinRequestRow[]> {
    return this.db
      .selectFrom('join_requests')
      .selectAll()
      .where('chat_id', '=', chatId)
      .orderBy('date')
      .orderBy('user_id')
      .limit(200)
      .execute();
  }

  async takeJoinRequest(chatId: number, userId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('join_requests')
      .where('chat_id', '=', chatId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

/** A creator's unrevoked primary link in a chat: at most one (the `invite_links_one_primary` index). */
function livePrimaryLink(chatId: number, creatorId: number) {
  return (eb: ExpressionBuilder<Database, 'invite_links'>) =>
    eb.and({ chat_id: chatId, creator_id: creatorId, is_primary: 1, revoked: 0 });
}
