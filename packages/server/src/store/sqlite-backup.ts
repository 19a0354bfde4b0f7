import { existsSync, renameSync, rmSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

/** Copies the whole database in one step: a snapshot of one moment, even while Peyk writes. */
const ALL_PAGES = () => 0x7fffffff;

/**
 * An online backup of the embedded store through SQLite's backup API, from a connection of its
 * own: it may run while the server keeps writing (WAL lets it read a consistent snapshot) and
 * writes to a temporary file first, so `destination` is either the whole backup or untouched.
 */
export async function backupSqlite(source: string, destination: string): Promise<{ pages: number }> {
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(partial, { progress: ALL_PAGES });
    checkIntegrity(partial);
    renameSync(partial, destination);
    return { pages: totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Puts a backup in place of the embedded store. The server must be stopped: switching the file
 * out of WAL mode needs it to be the only connection, so a running server makes this fail
 * with "database is locked" before anything is changed.
 */
export async function restoreSqlite(backup: string, target: string): Promise<{ pages: number }> {
  checkIntegrity(backup);
  if (existsSync(target)) {
    const current = new SqliteDatabase(target, { fileMustExist: true });
    try {
      current.pragma('busy_timeout = 0');
      current.pragma('journal_mode = DELETE');
    } finally {
      current.close();
    }
  }
  const db = new SqliteDatabase(backup, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(target, { progress: ALL_PAGES });
    return { pages: totalPages };
  } finally {
    db.close();
  }
}

/** A backup that is not a sound Peyk database is refused rather than restored. */
function checkIntegrity(path: string): void {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${path} is damaged: ${String(result)}`);
    const migrations = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
      .get() as { n: number };
    if (migrations.n !== 1) throw new Error(`${path} is not a Peyk database`);
  } finally {
    db.close();
  }
}
