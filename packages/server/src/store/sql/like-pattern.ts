/** `part` with LIKE's wildcards escaped by `\` (say `escape '\'`: SQLite has no default escape). */
export function escapeLike(part: string): string {
  return part.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for text containing `part`. */
export function containing(part: string): string {
  return `%${escapeLike(part)}%`;
}
