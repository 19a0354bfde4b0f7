/**
 * Whether a write failed on a unique key: another node inserted the same row first. (SQLite has
 * one writer, so there it means a second insert in the same process.)
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
