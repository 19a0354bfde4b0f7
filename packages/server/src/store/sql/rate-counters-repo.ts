import { type Kysely, sql } from 'kysely';
import { FORGET_AFTER_MS, type RateCounters, type RateWindow } from '../rate-counters.js';
import type { Database } from '../schema.js';

/** Old windows are swept once in this many hits. */
const SWEEP_EVERY = 1000;

/**
 * Counters shared by every node, in PostgreSQL. Each hit is one upsert that either counts into
 * the current window or starts a new one, atomically under the row's lock. These writes skip the
 * write batcher and its durable commit: a counter lost in a crash costs an attacker's wait, not
 * anyone's data.
 */
export class SqlRateCounters implements RateCounters {
  private hitsSinceSweep = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async peek(key: string, windowMs: number, now: number): Promise<RateWindow> {
    const row = await this.db
      .selectFrom('rate_counters')
      .select(['hits', 'window_start'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row || now - row.window_start >= windowMs) return { hits: 0, start: now };
    return { hits: row.hits, start: row.window_start };
  }

  async hit(key: string, windowMs: number, now: number, count = 1): Promise<RateWindow> {
    const expired = sql<boolean>`${sql.ref('rate_counters.window_start')} <= ${now - windowMs}`;
    const row = await this.db
      .insertInto('rate_counters')
      .values({ key, window_start: now, hits: count })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({
          hits: sql`case when ${expired} then ${count} else ${sql.ref('rate_counters.hits')} + ${count} end`,
          window_start: sql`case when ${expired} then ${now} else ${sql.ref('rate_counters.window_start')} end`,
        }),
      )
      .returning(['hits', 'window_start'])
      .executeTakeFirstOrThrow();
    if (++this.hitsSinceSweep >= SWEEP_EVERY) {
      this.hitsSinceSweep = 0;
      await this.db
        .deleteFrom('rate_counters')
        .where('window_start', '<', now - FORGET_AFTER_MS)
        .execute();
    }
    return { hits: row.hits, start: row.window_start };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('rate_counters').where('key', '=', key).execute();
  }
}
