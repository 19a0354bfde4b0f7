/** Ids travel as decimal strings (protobuf int64) and live as numbers (all below 2^53). */
export function wireId(id: number): string {
  return id === 0 ? '0' : String(id);
}

/** A wire id as a number; anything that is not a positive safe integer becomes 0, which names nothing. */
export function parseId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) return 0;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : 0;
}
