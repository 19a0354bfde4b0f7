import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFor } from '../src/store/migrations.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

describe('migrations over existing data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peyk-migrate-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives existing usernames their skeletons; of two look-alikes the older keeps it, and no one loses a name', async () => {
    const path = join(dir, 'peyk.db');
    const db = new Kysely<{ users: Record<string, unknown> }>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(path) }),
    });
    const migrator = new Migrator({ db, provider: migrationsFor('sqlite') });
    expect((await migrator.migrateTo('0007_rate_counters')).error).toBeUndefined();
    for (const username of ['peyk_official', 'peyk_0fficial', 'plain_user']) {
      await db
        .insertInto('users')
        .values({
          username,
          phone: null,
          display_name: username,
          bio: '',
          password_hash: null,
          second_factor_hash: null,
          last_seen_privacy: 1,
          last_seen_at: 0,
          pts: 0,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
    }
    await db.destroy();

    const store = await openSqliteStore(path);
    try {
      const official = await store.read.accounts.userByUsername('peyk_official');
      const lookalike = await store.read.accounts.userByUsername('peyk_0fficial');
      expect(official?.username_skeleton).toBe('peyk_official');
      expect(lookalike?.username_skeleton).toBeNull();
      expect((await store.read.accounts.userByUsername('plain_user'))?.username_skeleton).toBe('plain_user');
      expect(
        (await store.read.accounts.userWithLookalike('peyk_offícial'.normalize('NFC')))?.id,
      ).toBeUndefined();
      expect((await store.read.accounts.userWithLookalike('peyk_0fficial'))?.id).toBe(official?.id);
    } finally {
      await store.close();
    }
  });
});
