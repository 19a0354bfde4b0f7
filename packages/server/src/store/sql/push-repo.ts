import type { Kysely } from 'kysely';
import { queryTemplate } from '../query-template.js';
import type { Database, PushSubscriptionRow } from '../schema.js';

// Run after every message to a small chat (do its offline members have a subscription?),
// compiled once (see query-template.ts).
const forUsers = queryTemplate((db: Kysely<Database>, a: { userIds: readonly number[] }) =>
  db.selectFrom('push_subscriptions').selectAll().where('user_id', 'in', a.userIds),
);

/** Web Push subscriptions, and the settings all nodes share. */
export class PushRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds the subscription, or moves it to this session (a browser re-subscribing). */
  async save(subscription: PushSubscriptionRow): Promise<void> {
    await this.db
      .insertInto('push_subscriptions')
      .values(subscription)
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({
          user_id: subscription.user_id,
          session_id: subscription.session_id,
          p256dh: subscription.p256dh,
          auth: subscription.auth,
          hide_preview: subscription.hide_preview,
        }),
      )
      .execute();
  }

  async remove(endpoint: string, userId?: number): Promise<void> {
    let query = this.db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    await query.execute();
  }

  async removeForSessions(sessionIds: readonly number[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.db
      .deleteFrom('push_subscriptions')
      .where('session_id', 'in', [...sessionIds])
      .execute();
  }

  async forUser(userId: number): Promise<PushSubscriptionRow[]> {
    return this.forUsers([userId]);
  }

  async forUsers(userIds: readonly number[]): Promise<PushSubscriptionRow[]> {
    if (userIds.length === 0) return [];
    return forUsers.execute(this.db, { userIds });
  }

  /** The subscriptions of a chat's members: one query, however many members have none. */
  async forChatMembers(chatId: number): Promise<PushSubscriptionRow[]> {
    return this.db
      .selectFrom('push_subscriptions as p')
      .innerJoin('chat_members as m', 'm.user_id', 'p.user_id')
      .selectAll('p')
      .where('m.chat_id', '=', chatId)
      .execute();
  }

  async setting(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('server_settings')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  /** Stores the value unless one exists; returns the value that is stored now. */
  async settingOnce(name: string, value: string): Promise<string> {
    await this.db
      .insertInto('server_settings')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return (await this.setting(name)) ?? value;
  }
}
