import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * Hands Kysely a prepared statement per distinct SQL text instead of preparing it on every
 * execution (about a quarter of SQLite's time otherwise). Bounded: SQL with IN lists of many
 * lengths must not grow it forever.
 */
export function withStatementCache(db: SqliteDatabase, size = 1000): KyselySqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        // Move to the back: the map's order is least recently used first.
        cache.delete(sql);
      } else {
        statement = db.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement as never;
    },
  };
}
