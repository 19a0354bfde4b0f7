import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPostgresSchema, openPostgresStore } from '../../server/src/store/postgres-store.js';
import { openSqliteStore } from '../../server/src/store/sqlite-store.js';
import type { Store } from '../../server/src/store/store.js';

/** The PostgreSQL the benchmarks use, as in the server's tests. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const PROBE_TIMEOUT_MS = 5000;

/** A store made for one benchmark run, and how to throw it away with its data. */
export interface TempStore {
  name: 'sqlite' | 'postgres';
  store: Store;
  /** The SQLite file, or the PostgreSQL schema in `DATABASE_URL`. */
  location: string;
  /** Closes the store and deletes its file or schema. */
  destroy(): Promise<void>;
}

/** A fresh SQLite store in a new temporary directory (on the machine's real disk, fsync included). */
export async function openTempSqlite(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'peyk-bench-'));
  const file = join(dir, 'peyk.db');
  const store = await openSqliteStore(file);
  return {
    name: 'sqlite',
    store,
    location: file,
    async destroy() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh PostgreSQL store in a new schema of `DATABASE_URL`, dropped by `destroy`. */
export async function openTempPostgres(): Promise<TempStore> {
  const schema = `peyk_bench_${randomBytes(6).toString('hex')}`;
  const store = await openPostgresStore({ url: DATABASE_URL, schema });
  return {
    name: 'postgres',
    store,
    location: schema,
    async destroy() {
      await store.close();
      await dropPostgresSchema(DATABASE_URL, schema);
    },
  };
}

/**
 * Whether `DATABASE_URL` accepts a connection, found by dropping a schema that does not exist.
 * Gives up after a few seconds (a filtered port never answers); the CLI exits at the end, so
 * a connection attempt left hanging does not keep it alive.
 */
export async function postgresReachable(): Promise<boolean> {
  const probe = dropPostgresSchema(DATABASE_URL, `peyk_bench_probe_${randomBytes(4).toString('hex')}`).then(
    () => true,
    () => false,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A fresh store of the kind named, or why it was skipped: PostgreSQL when unreachable, which
 * under CI=true is an error instead (as in the server's tests).
 */
export async function openTempStore(name: TempStore['name']): Promise<TempStore | { skipped: string }> {
  if (name === 'sqlite') return openTempSqlite();
  if (await postgresReachable()) return openTempPostgres();
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL is required under CI but ${DATABASE_URL} is unreachable`);
  }
  const skipped = `unreachable at ${DATABASE_URL}`;
  console.log(`postgres: skipped, ${skipped}`);
  return { skipped };
}
