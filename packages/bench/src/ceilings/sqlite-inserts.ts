import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** What raw batched inserts into SQLite reach: the store's ceiling. */
export interface SqliteCeiling {
  rowsPerTransaction: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  transactionsPerSecond: number;
}

const PAYLOAD = Buffer.alloc(96, 7);

/**
 * Inserts rows of about a message's size into one table of a fresh SQLite file, in transactions
 * of `rowsPerTransaction`, for `seconds`: with the store's own settings (WAL, synchronous FULL,
 * so every commit waits for the disk), and nothing else (no indexes, no Kysely, no domain).
 */
export function measureSqliteInserts(rowsPerTransaction: number, seconds: number): SqliteCeiling {
  const dir = mkdtempSync(join(tmpdir(), 'peyk-bench-ceiling-'));
  const db = new SqliteDatabase(join(dir, 'ceiling.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(
      'CREATE TABLE rows (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, sender_id INTEGER NOT NULL, date INTEGER NOT NULL, payload BLOB NOT NULL)',
    );
    const insert = db.prepare('INSERT INTO rows (chat_id, sender_id, date, payload) VALUES (?, ?, ?, ?)');
    let rows = 0;
    const batch = db.transaction((count: number) => {
      for (let i = 0; i < count; i++, rows++) insert.run(rows % 1000, rows % 64, rows, PAYLOAD);
    });
    const start = performance.now();
    const deadline = start + seconds * 1000;
    let transactions = 0;
    while (performance.now() < deadline) {
      batch(rowsPerTransaction);
      transactions++;
    }
    const elapsed = (performance.now() - start) / 1000;
    return {
      rowsPerTransaction,
      rows,
      seconds: elapsed,
      rowsPerSecond: rows / elapsed,
      transactionsPerSecond: transactions / elapsed,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
