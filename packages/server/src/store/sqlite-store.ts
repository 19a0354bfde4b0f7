import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from './migrate.js';
import { MemoryRateCounters } from './rate-counters.js';
import { RowsWrittenCounter } from './rows-written.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { repositoriesOn, type Store } from './store.js';
import { WriteBatcher } from './write-batcher.js';

/**
 * The embedded store: one SQLite file in WAL mode. Writes go through one connection with
 * `synchronous = FULL` (a commit is fsync'd before it is acknowledged), grouped by the batcher;
 * reads use a second connection, which WAL lets run beside the writer.
 */
export async function openSqliteStore(path: string): Promise<Store> {
  mkdirSync(dirname(path), { recursive: true });
  const writer = new SqliteDatabase(path);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  writer.pragma('busy_timeout = 5000');
  const counter = new RowsWrittenCounter();
  const writeDb = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(writer) }),
    plugins: [counter],
  });
  await migrateToLatest(writeDb, 'sqlite');

  const reader = new SqliteDatabase(path);
  reader.pragma('busy_timeout = 5000');
  const readDb = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(reader) }),
    // Counts statements; reads write no rows, so the rows-written figure is unchanged.
    plugins: [counter],
  });

  const batcher = new WriteBatcher({
    transaction: (body) => writeDb.transaction().execute(body),
  });
  return {
    dialect: 'sqlite',
    read: repositoriesOn(readDb, 'sqlite'),
    write: (work) => batcher.run((trx) => work(repositoriesOn(trx, 'sqlite'))),
    counters: new MemoryRateCounters(),
    rowsWritten: () => counter.total,
    statementsRun: () => counter.statements,
    async close() {
      await batcher.idle();
      await readDb.destroy();
      await writeDb.destroy();
    },
  };
}
