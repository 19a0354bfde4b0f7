import type { Kysely } from 'kysely';
import type { Database, UserSettingsRow } from '../schema.js';

/** Each person's settings: one row per user who ever saved some. */
export class SettingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async settingsOf(userId: number): Promise<UserSettingsRow | undefined> {
    return this.db.selectFrom('user_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** The languages of these users who chose one (others follow their devices). */
  async languagesOf(userIds: readonly number[]): Promise<Map<number, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('user_settings')
      .select(['user_id', 'language'])
      .where('user_id', 'in', [...new Set(userIds)])
      .where('language', '!=', '')
      .execute();
    return new Map(rows.map((r) => [r.user_id, r.language]));
  }

  async save(row: UserSettingsRow): Promise<void> {
    const { user_id: _, ...values } = row;
    await this.db
      .insertInto('user_settings')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  }
}
