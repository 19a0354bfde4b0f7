/**
 * Compares two ids numerically. Ids are int64 on the wire and decimal strings in JavaScript,
 * so `'9' > '10'` as strings: compare them as integers instead.
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}
