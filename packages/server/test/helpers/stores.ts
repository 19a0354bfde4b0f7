import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropPostgresSchema, openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A store for one test, and how to throw it away. */
export interface TestStore {
  store: Store;
  /** Opens the same data again (a restart). */
  reopen(): Promise<Store>;
  destroy(): Promise<void>;
}

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  open(): Promise<TestStore>;
}

const sqlite: StoreKind = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'peyk-store-'));
    const path = join(dir, 'peyk.db');
    const handle: TestStore = {
      store: await openSqliteStore(path),
      async reopen() {
        handle.store = await openSqliteStore(path);
        return handle.store;
      },
      async destroy() {
        await handle.store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return handle;
  },
};

const postgres: StoreKind = {
  name: 'postgres',
  async open() {
    const schema = `peyk_test_${randomBytes(6).toString('hex')}`;
    const handle: TestStore = {
      store: await openPostgresStore({ url: DATABASE_URL, schema }),
      async reopen() {
        handle.store = await openPostgresStore({ url: DATABASE_URL, schema });
        return handle.store;
      },
      async destroy() {
        await handle.store.close();
        await dropPostgresSchema(DATABASE_URL, schema);
      },
    };
    return handle;
  },
};

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite always; PostgreSQL where reachable. Under CI=true an unreachable PostgreSQL is an
 * error, never a silent skip.
 */
export async function storeKinds(): Promise<StoreKind[]> {
  if (await postgresReachable()) return [sqlite, postgres];
  if (process.env.CI === 'true')
    throw new Error(`PostgreSQL is required under CI but ${DATABASE_URL} is unreachable`);
  console.warn(`PostgreSQL at ${DATABASE_URL} unreachable: running the store suite on SQLite only`);
  return [sqlite];
}
