import type { Kysely } from 'kysely';
import { queryTemplate } from '../query-template.js';
import type { Database } from '../schema.js';

// Run by every private send, compiled once (see query-template.ts).
const peerState = queryTemplate((db: Kysely<Database>, a: { userId: number; peerId: number }) => {
  const block = (blocker: number, blocked: number) =>
    db
      .selectFrom('blocks')
      .select('user_id')
      .where('user_id', '=', blocker)
      .where('blocked_id', '=', blocked);
  return db
    .selectFrom('users')
    .select((eb) => [
      'deleted_at',
      eb.or([eb.exists(block(a.userId, a.peerId)), eb.exists(block(a.peerId, a.userId))]).as('blocked'),
    ])
    .where('id', '=', a.peerId);
});

/** Contacts and blocks: each a set of (user, other user) pairs. */
export class PeopleRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async addContact(userId: number, contactId: number, now: number): Promise<void> {
    await this.db
      .insertInto('contacts')
      .values({ user_id: userId, contact_id: contactId, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeContact(userId: number, contactId: number): Promise<void> {
    await this.db
      .deleteFrom('contacts')
      .where('user_id', '=', userId)
      .where('contact_id', '=', contactId)
      .execute();
  }

  /** Forgets the user's own contacts and blocks (a deleted account keeps no address book). */
  async forgetRelations(userId: number): Promise<void> {
    await this.db.deleteFrom('contacts').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('blocks').where('user_id', '=', userId).execute();
  }

  async contactIds(userId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('contacts')
      .select('contact_id')
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => r.contact_id);
  }

  /** Of `others`, those in the contacts of `userId`. */
  async contactsAmong(userId: number, others: readonly number[]): Promise<Set<number>> {
    if (others.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('contacts')
      .select('contact_id')
      .where('user_id', '=', userId)
      .where('contact_id', 'in', [...others])
      .execute();
    return new Set(rows.map((r) => r.contact_id));
  }

  /** Of `others`, those that have `userId` in their own contacts. */
  async contactOfAmong(userId: number, others: readonly number[]): Promise<Set<number>> {
    if (others.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('contacts')
      .select('user_id')
      .where('contact_id', '=', userId)
      .where('user_id', 'in', [...others])
      .execute();
    return new Set(rows.map((r) => r.user_id));
  }

  async block(userId: number, blockedId: number, now: number): Promise<void> {
    await this.db
      .insertInto('blocks')
      .values({ user_id: userId, blocked_id: blockedId, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async unblock(userId: number, blockedId: number): Promise<void> {
    await this.db
      .deleteFrom('blocks')
      .where('user_id', '=', userId)
      .where('blocked_id', '=', blockedId)
      .execute();
  }

  async blockedIds(userId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('blocks')
      .select('blocked_id')
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => r.blocked_id);
  }

  /** Of `others`, those that `userId` has blocked. */
  async blockedAmong(userId: number, others: readonly number[]): Promise<Set<number>> {
    if (others.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('blocks')
      .select('blocked_id')
      .where('user_id', '=', userId)
      .where('blocked_id', 'in', [...others])
      .execute();
    return new Set(rows.map((r) => r.blocked_id));
  }

  async isBlocked(userId: number, blockedId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('blocks')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('blocked_id', '=', blockedId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Of `others`, those who have blocked `userId`. */
  async blockersAmong(userId: number, others: readonly number[]): Promise<Set<number>> {
    if (others.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('blocks')
      .select('user_id')
      .where('blocked_id', '=', userId)
      .where('user_id', 'in', [...others])
      .execute();
    return new Set(rows.map((r) => r.user_id));
  }

  /** Users who have `userId` in their contacts. */
  async contactOfIds(userId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('contacts')
      .select('user_id')
      .where('contact_id', '=', userId)
      .execute();
    return rows.map((r) => r.user_id);
  }

  /**
   * What a private message to `peerId` depends on, in one statement (one round trip on
   * PostgreSQL): whether either user blocked the other (two key lookups, faster than one OR)
   * and whether the peer's account was deleted.
   */
  async peerState(userId: number, peerId: number): Promise<{ blocked: boolean; deleted: boolean }> {
    const row = await peerState.executeTakeFirst(this.db, { userId, peerId });
    // SQLite answers 0 or 1, PostgreSQL a boolean.
    return { blocked: Boolean(row?.blocked), deleted: (row?.deleted_at ?? 0) > 0 };
  }
}
