import SqliteDatabase from 'better-sqlite3';

/** How the messages the clients saw acknowledged compare with what the store holds. */
export interface AckedCheck {
  acked: number;
  /** Message rows carrying a random id (every message a client sent). */
  stored: number;
  /** Acknowledged, but not in the store: lost. */
  lost: number;
  /** Random ids held by more than one message row. */
  duplicates: number;
  /** In the store without an acknowledgement (every request on an open connection is answered, so none). */
  unacknowledged: number;
}

/** Compares the acknowledged random ids with the message rows of the SQLite file at `path`. */
export function checkAcked(path: string, ackedRandomIds: Iterable<string>): AckedCheck {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('select random_id as id from messages where random_id != 0')
      .safeIntegers(true)
      .all() as { id: bigint }[];
    return compareAcked(
      ackedRandomIds,
      rows.map((row) => String(row.id)),
    );
  } finally {
    db.close();
  }
}

export function compareAcked(
  ackedRandomIds: Iterable<string>,
  storedRandomIds: readonly string[],
): AckedCheck {
  const counts = new Map<string, number>();
  for (const id of storedRandomIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const acked = new Set(ackedRandomIds);
  let lost = 0;
  for (const id of acked) if (!counts.has(id)) lost++;
  let duplicates = 0;
  let unacknowledged = 0;
  for (const [id, count] of counts) {
    if (count > 1) duplicates++;
    if (!acked.has(id)) unacknowledged++;
  }
  return { acked: acked.size, stored: storedRandomIds.length, lost, duplicates, unacknowledged };
}
