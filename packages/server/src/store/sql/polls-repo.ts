import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** How many people chose each option of one poll, and how many voted at all. */
export interface PollCounts {
  messageId: number;
  /** Voters per option index (options nobody chose are absent). */
  options: Map<number, number>;
  totalVoters: number;
}

/** Votes in polls: one row per chosen option, so every count is a count of rows. */
export class PollsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces a person's vote (an empty list takes it back). Run inside the vote's write. */
  async replaceVote(
    chatId: number,
    messageId: number,
    userId: number,
    options: readonly number[],
    date: number,
  ): Promise<void> {
    await this.db
      .deleteFrom('poll_votes')
      .where('chat_id', '=', chatId)
      .where('message_id', '=', messageId)
      .where('user_id', '=', userId)
      .execute();
    if (options.length === 0) return;
    await this.db
      .insertInto('poll_votes')
      .values(
        options.map((option) => ({ chat_id: chatId, message_id: messageId, user_id: userId, option, date })),
      )
      .execute();
  }

  /** The options one person chose in each of these polls. */
  async choices(
    chatId: number,
    messageIds: readonly number[],
    userId: number,
  ): Promise<Map<number, number[]>> {
    const chosen = new Map<number, number[]>();
    if (messageIds.length === 0) return chosen;
    const rows = await this.db
      .selectFrom('poll_votes')
      .select(['message_id', 'option'])
      .where('chat_id', '=', chatId)
      .where('message_id', 'in', messageIds)
      .where('user_id', '=', userId)
      .orderBy('option')
      .execute();
    for (const row of rows) {
      const id = Number(row.message_id);
      chosen.set(id, [...(chosen.get(id) ?? []), Number(row.option)]);
    }
    return chosen;
  }

  async counts(chatId: number, messageIds: readonly number[]): Promise<Map<number, PollCounts>> {
    const counts = new Map<number, PollCounts>();
    if (messageIds.length === 0) return counts;
    const [perOption, voters] = await Promise.all([
      this.db
        .selectFrom('poll_votes')
        .select(['message_id', 'option', (eb) => eb.fn.countAll<number>().as('n')])
        .where('chat_id', '=', chatId)
        .where('message_id', 'in', messageIds)
        .groupBy(['message_id', 'option'])
        .execute(),
      this.db
        .selectFrom('poll_votes')
        .select(['message_id', (eb) => eb.fn.count<number>('user_id').distinct().as('n')])
        .where('chat_id', '=', chatId)
        .where('message_id', 'in', messageIds)
        .groupBy('message_id')
        .execute(),
    ]);
    for (const row of voters) {
      const messageId = Number(row.message_id);
      counts.set(messageId, { messageId, options: new Map(), totalVoters: Number(row.n) });
    }
    for (const row of perOption)
      counts.get(Number(row.message_id))?.options.set(Number(row.option), Number(row.n));
    return counts;
  }

  /** Who chose one option, newest vote first. */
  async voters(chatId: number, messageId: number, option: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('poll_votes')
      .select('user_id')
      .where('chat_id', '=', chatId)
      .where('message_id', '=', messageId)
      .where('option', '=', option)
      .orderBy('date', 'desc')
      .orderBy('user_id')
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.user_id));
  }

  /** Votes go with their messages when those are deleted for everyone. */
  async removeVotesOf(chatId: number, messageIds: readonly number[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db
      .deleteFrom('poll_votes')
      .where('chat_id', '=', chatId)
      .where('message_id', 'in', messageIds)
      .execute();
  }

  /** Remembers that a poll closes by itself at `closeDate`. Run inside the write that posts it. */
  async scheduleClose(chatId: number, messageId: number, closeDate: number): Promise<void> {
    await this.db
      .insertInto('poll_closings')
      .values({ chat_id: chatId, message_id: messageId, close_date: closeDate })
      .execute();
  }

  /** The earliest pending close date, if any poll is waiting for one. */
  async nextCloseDate(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('poll_closings')
      .select((eb) => eb.fn.min<number>('close_date').as('next'))
      .executeTakeFirst();
    return row?.next == null ? undefined : Number(row.next);
  }

  /** Polls whose close date has come, earliest first. */
  async dueClosings(now: number, limit: number): Promise<{ chatId: number; messageId: number }[]> {
    const rows = await this.db
      .selectFrom('poll_closings')
      .select(['chat_id', 'message_id'])
      .where('close_date', '<=', now)
      .orderBy('close_date')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ chatId: Number(r.chat_id), messageId: Number(r.message_id) }));
  }

  /**
   * Claims a due close: true for the one write that deletes the row (a second node's delete
   * waits for the first and finds nothing), so only one node announces the closing.
   */
  async claimClosing(chatId: number, messageId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('poll_closings')
      .where('chat_id', '=', chatId)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
