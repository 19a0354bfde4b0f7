import type { Kysely, Updateable } from 'kysely';
import { queryTemplate } from '../query-template.js';
import type { BotRow, BotsTable, BotUpdateRow, ChatMemberRow, Database, UserRow } from '../schema.js';

export interface NewBot {
  userId: number;
  ownerId: number;
  tokenHash: string;
  webAppKey: string;
  now: number;
}

/** A bot among a chat event's recipients: what its update queue needs to know. */
export interface BotRecipient {
  userId: number;
  username: string;
  privacy: number;
  allowedUpdates: string;
  hasWebhook: boolean;
}

// Run by every message to a small chat (are any of its members bots?), compiled once (see
// query-template.ts).
const botsAmong = queryTemplate((db: Kysely<Database>, a: { userIds: readonly number[] }) =>
  db
    .selectFrom('bots')
    .innerJoin('users', 'users.id', 'bots.user_id')
    .select(['bots.user_id', 'users.username', 'bots.privacy', 'bots.allowed_updates', 'bots.webhook_url'])
    .where('bots.user_id', 'in', a.userIds),
);

/** Bots, their tokens and settings, and their update queues. */
export class BotsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async createBot(bot: NewBot): Promise<BotRow> {
    return this.db
      .insertInto('bots')
      .values({
        user_id: bot.userId,
        owner_id: bot.ownerId,
        token_hash: bot.tokenHash,
        web_app_key: bot.webAppKey,
        privacy: 1,
        can_join_groups: 1,
        description: '',
        short_description: '',
        commands: '[]',
        allowed_updates: '',
        webhook_url: '',
        webhook_secret: '',
        webhook_max_connections: 40,
        queue_lease_until: 0,
        webhook_error_date: 0,
        webhook_error: '',
        last_update_id: 0,
        created_at: bot.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async bot(userId: number): Promise<BotRow | undefined> {
    return this.db.selectFrom('bots').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  async botByTokenHash(tokenHash: string): Promise<BotRow | undefined> {
    return this.db.selectFrom('bots').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async botsOwnedBy(ownerId: number): Promise<UserRow[]> {
    return this.db
      .selectFrom('users')
      .innerJoin('bots', 'bots.user_id', 'users.id')
      .selectAll('users')
      .where('bots.owner_id', '=', ownerId)
      .orderBy('users.id')
      .execute();
  }

  async updateBot(userId: number, patch: Updateable<BotsTable>): Promise<void> {
    await this.db.updateTable('bots').set(patch).where('user_id', '=', userId).execute();
  }

  async deleteBot(userId: number): Promise<void> {
    await this.db.deleteFrom('bot_updates').where('bot_id', '=', userId).execute();
    await this.db.deleteFrom('bots').where('user_id', '=', userId).execute();
  }

  /** Bots with a webhook and updates waiting for it. */
  async webhookBotsWithPending(limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('bots')
      .select('user_id')
      .where('webhook_url', '!=', '')
      .where((eb) =>
        eb.exists(
          eb.selectFrom('bot_updates').select('bot_id').whereRef('bot_updates.bot_id', '=', 'bots.user_id'),
        ),
      )
      .limit(limit)
      .execute();
    return rows.map((row) => row.user_id);
  }

  /**
   * Takes the right to consume the bot's queue (deliver its webhook, or run it in-process) until
   * `until` (ms) if nobody holds it now; `webhookOnly` while it has a webhook.
   */
  async leaseQueue(
    botId: number,
    now: number,
    until: number,
    webhookOnly: boolean,
    /** The lease this caller holds (its `until`): renewed, whoever else is waiting. */
    held = 0,
  ): Promise<boolean> {
    let query = this.db
      .updateTable('bots')
      .set({ queue_lease_until: until })
      .where('user_id', '=', botId)
      .where((eb) => (held ? eb('queue_lease_until', '=', held) : eb('queue_lease_until', '<', now)));
    if (webhookOnly) query = query.where('webhook_url', '!=', '');
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The bots among these users, with what filters their updates. */
  async botsAmong(userIds: readonly number[]): Promise<BotRecipient[]> {
    if (userIds.length === 0) return [];
    const rows = await botsAmong.execute(this.db, { userIds });
    return rows.map(recipient);
  }

  /** The bots that are members of the chat, with their role in it (large chats: no member list read). */
  async botsInChat(chatId: number): Promise<(BotRecipient & { role: number })[]> {
    const rows = await this.db
      .selectFrom('chat_bots')
      .innerJoin('bots', 'bots.user_id', 'chat_bots.bot_id')
      .innerJoin('users', 'users.id', 'bots.user_id')
      .innerJoin('chat_members', (join) =>
        join
          .onRef('chat_members.chat_id', '=', 'chat_bots.chat_id')
          .onRef('chat_members.user_id', '=', 'bots.user_id'),
      )
      .select([
        'bots.user_id',
        'users.username',
        'bots.privacy',
        'bots.allowed_updates',
        'bots.webhook_url',
        'chat_members.role',
      ])
      .where('chat_bots.chat_id', '=', chatId)
      .execute();
    return rows.map((row) => ({ ...recipient(row), role: row.role }));
  }

  /** The chat's members with one of these roles (its owner and admins), in join order. */
  async chatAdmins(chatId: number, roles: readonly number[]): Promise<ChatMemberRow[]> {
    return this.db
      .selectFrom('chat_members')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('role', 'in', roles)
      .orderBy('joined_at')
      .orderBy('user_id')
      .execute();
  }

  /** Appends to the bot's queue under the bot's row lock; returns the update's id. */
  async appendUpdate(botId: number, date: number, kind: string, payload: Uint8Array): Promise<number> {
    const { last_update_id } = await this.db
      .updateTable('bots')
      .set((eb) => ({ last_update_id: eb('last_update_id', '+', 1) }))
      .where('user_id', '=', botId)
      .returning('last_update_id')
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('bot_updates')
      .values({ bot_id: botId, update_id: last_update_id, date, kind, payload })
      .execute();
    return last_update_id;
  }

  /** Pending updates from `fromId` on, oldest first. */
  async pendingUpdates(botId: number, fromId: number, limit: number): Promise<BotUpdateRow[]> {
    return this.db
      .selectFrom('bot_updates')
      .selectAll()
      .where('bot_id', '=', botId)
      .where('update_id', '>=', fromId)
      .orderBy('update_id')
      .limit(limit)
      .execute();
  }

  /** Forgets updates the bot confirmed (ids below `beforeId`) and those older than `olderThan`. */
  async dropUpdates(botId: number, beforeId: number, olderThan: number): Promise<void> {
    await this.db
      .deleteFrom('bot_updates')
      .where('bot_id', '=', botId)
      .where((eb) => eb.or([eb('update_id', '<', beforeId), eb('date', '<', olderThan)]))
      .execute();
  }

  async pendingCount(botId: number): Promise<number> {
    const { count } = await this.db
      .selectFrom('bot_updates')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('bot_id', '=', botId)
      .executeTakeFirstOrThrow();
    return Number(count);
  }
}

function recipient(row: {
  user_id: number;
  username: string | null;
  privacy: number;
  allowed_updates: string;
  webhook_url: string;
}): BotRecipient {
  return {
    userId: row.user_id,
    username: row.username ?? '',
    privacy: row.privacy,
    allowedUpdates: row.allowed_updates,
    hasWebhook: row.webhook_url !== '',
  };
}
