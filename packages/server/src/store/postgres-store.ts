import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.js';
import { RowsWrittenCounter } from './rows-written.js';
import type { Database } from './schema.js';
import { SqlRateCounters } from './sql/rate-counters-repo.js';
import { repositoriesOn, type Store } from './store.js';
import { WriteBatcher } from './write-batcher.js';

const INT8_OID = 20;
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';

export interface PostgresStoreOptions {
  url: string;
  /** A schema to create and use instead of `public` (tests use one per run). */
  schema?: string;
  poolSize?: number;
  /**
   * A pooled connection failed (the server restarted, a failover, a network cut). The pool drops
   * it and opens another when needed; unheard, the error would end the process.
   */
  onConnectionError?: (error: Error) => void;
}

/**
 * The cluster store on PostgreSQL. Writes are grouped into one transaction per batch, committed
 * with the server's `synchronous_commit` (on by default: durable when acknowledged). Sequence
 * numbers are taken with `UPDATE ... RETURNING` under the row lock, so they stay gapless with
 * many writers.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // Ids and dates are below 2^53: read int8 as numbers, not strings.
    types: {
      getTypeParser: (oid: number, format?: string) =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const connectionFailed = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', connectionFailed);
  // A connection can also fail while a transaction holds it between two queries: that query
  // fails and the batch with it, and the client must not end the process meanwhile.
  pool.on('connect', (client) => client.on('error', connectionFailed));
  const counter = new RowsWrittenCounter();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [counter] });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await migrateToLatest(db, 'postgres', schema ?? 'public');

  const batcher = new WriteBatcher({
    transaction: (body) => db.transaction().execute(body),
    isRetryable: (error) => {
      const code = (error as { code?: string }).code;
      return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
    },
  });
  return {
    dialect: 'postgres',
    read: repositoriesOn(db, 'postgres'),
    write: (work) => batcher.run((trx) => work(repositoriesOn(trx, 'postgres'))),
    counters: new SqlRateCounters(db),
    rowsWritten: () => counter.total,
    statementsRun: () => counter.statements,
    async close() {
      await batcher.idle();
      await db.destroy();
    },
  };
}

/** Drops a schema made for a test run. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
