import SqliteDatabase from 'better-sqlite3';

/**
 * The number of rows in each table of a SQLite file, read through a read-only connection (WAL
 * lets it read while the server writes): before and after some traffic, the rows it added.
 * Full-text indexes (virtual tables and their shadow tables) are left out: they are SQLite's
 * own bookkeeping of the rows of a real table, which is counted.
 */
export function countTableRows(path: string): Record<string, number> {
  const db = new SqliteDatabase(path, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string; sql: string }[];
    const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    const real = tables.filter(({ name }) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
    return Object.fromEntries(
      real.map(({ name }) => [
        name,
        (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}

/** The tables whose row count changed from `before` to `after`, with the change. */
export function rowChanges(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const changes: Record<string, number> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const change = (after[table] ?? 0) - (before[table] ?? 0);
    if (change) changes[table] = change;
  }
  return changes;
}
