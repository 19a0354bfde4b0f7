import type { Kysely, Updateable } from 'kysely';
import type { Database, InlineQueriesTable, InlineQueryRow } from '../schema.js';

/** Inline queries and the bots' answers, kept until they expire (cache_time). */
export class InlineQueriesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: InlineQueryRow): Promise<void> {
    await this.db.insertInto('inline_queries').values(row).execute();
  }

  async query(id: string): Promise<InlineQueryRow | undefined> {
    return this.db.selectFrom('inline_queries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: string, patch: Updateable<InlineQueriesTable>): Promise<void> {
    await this.db.updateTable('inline_queries').set(patch).where('id', '=', id).execute();
  }

  /** The newest answer still cached for this query and offset that `userId` may reuse. */
  async cached(
    botId: number,
    query: string,
    offset: string,
    userId: number,
    now: number,
  ): Promise<InlineQueryRow | undefined> {
    return this.db
      .selectFrom('inline_queries')
      .selectAll()
      .where('bot_id', '=', botId)
      .where('query', '=', query)
      .where('offset', '=', offset)
      .where('answered', '=', 1)
      .where('cached_until', '>', now)
      .where((eb) => eb.or([eb('personal', '=', 0), eb('user_id', '=', userId)]))
      .orderBy('cached_until', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('inline_queries').where('expires_at', '<=', now).execute();
  }
}
