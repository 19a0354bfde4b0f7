import type { Kysely } from 'kysely';
import { queryTemplate } from '../query-template.js';
import type { ChatEventsTable, Database, UserUpdatesTable } from '../schema.js';

export interface StoredUpdate {
  pts: number;
  date: number;
  /** The encoded Update, as the chat event or the user's own row holds it. */
  payload: Uint8Array;
}

/** Rows per multi-row statement: 6,000 parameters, under both stores' limits. */
const USERS_PER_STATEMENT = 1000;

// Statements every message runs, compiled once (see query-template.ts).
const insertChatEvent = queryTemplate((db: Kysely<Database>, event: ChatEventsTable) =>
  db.insertInto('chat_events').values(event),
);
const raiseUsersPts = queryTemplate((db: Kysely<Database>, a: { userIds: readonly number[] }) =>
  db
    .updateTable('users')
    .set((eb) => ({ pts: eb('pts', '+', 1) }))
    .where('id', 'in', a.userIds)
    .returning(['id', 'pts']),
);
const insertUserUpdates = queryTemplate((db: Kysely<Database>, a: { rows: UserUpdatesTable[] }) =>
  db.insertInto('user_updates').values(a.rows),
);

/** The chat event log and each user's update sequence. */
export class UpdatesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Appends to the chat's event log under the chat's row lock; returns the event's chat pts. */
  async appendChatEvent(chatId: number, date: number, payload: Uint8Array): Promise<number> {
    const { pts } = await this.db
      .updateTable('chats')
      .set((eb) => ({ pts: eb('pts', '+', 1) }))
      .where('id', '=', chatId)
      .returning('pts')
      .executeTakeFirstOrThrow();
    await this.insertChatEvent(chatId, pts, date, payload);
    return pts;
  }

  /** Appends the event whose chat pts the caller already took under the chat's row lock. */
  async insertChatEvent(chatId: number, pts: number, date: number, payload: Uint8Array): Promise<void> {
    await insertChatEvent.execute(this.db, { chat_id: chatId, pts, date, payload });
  }

  /**
   * Appends to the user's sequence under the user's row lock; returns the user's new pts. The row
   * points at a chat event, or carries its own payload.
   */
  async appendUserUpdate(
    userId: number,
    date: number,
    content: { chatId: number; chatPts: number } | { payload: Uint8Array },
  ): Promise<number> {
    const { pts } = await this.db
      .updateTable('users')
      .set((eb) => ({ pts: eb('pts', '+', 1) }))
      .where('id', '=', userId)
      .returning('pts')
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('user_updates')
      .values({
        user_id: userId,
        pts,
        date,
        chat_id: 'chatId' in content ? content.chatId : null,
        chat_pts: 'chatId' in content ? content.chatPts : null,
        payload: 'payload' in content ? content.payload : null,
      })
      .execute();
    return pts;
  }

  /** The chat's events with pts above `afterPts`, ascending, at most `limit`. */
  async chatEventsAfter(chatId: number, afterPts: number, limit: number): Promise<StoredUpdate[]> {
    const rows = await this.db
      .selectFrom('chat_events')
      .select(['pts', 'date', 'payload'])
      .where('chat_id', '=', chatId)
      .where('pts', '>', afterPts)
      .orderBy('pts')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ pts: row.pts, date: row.date, payload: toBytes(row.payload) }));
  }

  /**
   * The same for many users at once, each with their own payload (a one-time announcement to every
   * member of a chat). Returns each user's new pts.
   */
  async appendUserUpdates(
    date: number,
    updates: readonly { userId: number; payload: Uint8Array }[],
  ): Promise<Map<number, number>> {
    return this.appendMany(
      date,
      updates.map(({ userId, payload }) => ({ userId, chatId: null, chatPts: null, payload })),
    );
  }

  /**
   * Points each of these users' sequences at one chat event (a message in a small chat told to
   * every member). Returns each user's new pts.
   */
  async appendChatEventPointers(
    userIds: readonly number[],
    date: number,
    chatId: number,
    chatPts: number,
  ): Promise<Map<number, number>> {
    return this.appendMany(
      date,
      userIds.map((userId) => ({ userId, chatId, chatPts, payload: null })),
    );
  }

  /**
   * One update of the users' pts and one insert per thousand users, instead of two statements
   * per user: each statement's cost (building it, executing it, a round trip on PostgreSQL) is
   * what a message to a group spends most of its time on. A user listed twice gets one row.
   */
  private async appendMany(
    date: number,
    rows: readonly {
      userId: number;
      chatId: number | null;
      chatPts: number | null;
      payload: Uint8Array | null;
    }[],
  ): Promise<Map<number, number>> {
    const ptsByUser = new Map<number, number>();
    const unique = [...new Map(rows.map((row) => [row.userId, row])).values()];
    for (let start = 0; start < unique.length; start += USERS_PER_STATEMENT) {
      const chunk = unique.slice(start, start + USERS_PER_STATEMENT);
      const updated = await raiseUsersPts.execute(this.db, { userIds: chunk.map((row) => row.userId) });
      for (const row of updated) ptsByUser.set(row.id, row.pts);
      const missing = chunk.find((row) => !ptsByUser.has(row.userId));
      if (missing) throw new Error(`no user ${missing.userId} to append an update to`);
      await insertUserUpdates.execute(this.db, {
        rows: chunk.map((row) => ({
          user_id: row.userId,
          pts: ptsByUser.get(row.userId) as number,
          date,
          chat_id: row.chatId,
          chat_pts: row.chatPts,
          payload: row.payload,
        })),
      });
    }
    return ptsByUser;
  }

  async userPts(userId: number): Promise<number> {
    const row = await this.db.selectFrom('users').select('pts').where('id', '=', userId).executeTakeFirst();
    return row?.pts ?? 0;
  }

  /** The user's updates with pts above `afterPts`, ascending, at most `limit`. */
  async userUpdatesAfter(userId: number, afterPts: number, limit: number): Promise<StoredUpdate[]> {
    const rows = await this.db
      .selectFrom('user_updates as u')
      .leftJoin('chat_events as e', (join) =>
        join.onRef('e.chat_id', '=', 'u.chat_id').onRef('e.pts', '=', 'u.chat_pts'),
      )
      .select(['u.pts', 'u.date', 'u.payload as own', 'e.payload as shared'])
      .where('u.user_id', '=', userId)
      .where('u.pts', '>', afterPts)
      .orderBy('u.pts')
      .limit(limit)
      .execute();
    return rows.map((row) => {
      const payload = row.own ?? row.shared;
      if (!payload) throw new Error(`update ${userId}/${row.pts} has no payload`);
      return { pts: row.pts, date: row.date, payload: toBytes(payload) };
    });
  }
}

function toBytes(value: Uint8Array): Uint8Array {
  // Both drivers return Buffers; a plain view keeps protobuf decoding independent of Node's Buffer.
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}
