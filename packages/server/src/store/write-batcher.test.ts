import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './schema.js';
import { WriteBatcher } from './write-batcher.js';
import { writeFirst } from './write-priority.js';

/** A batcher on an in-memory SQLite table `log`; records which batch each work ran in and when batches committed. */
function harness(options: { maxBatch: number; alongsideFirst: number }) {
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }),
  });
  let batches = 0;
  let committed = 0;
  const ranIn = new Map<string, number>();
  let hold: Promise<void> = Promise.resolve();
  let beforeBatch: (batch: number) => void = () => {};
  const batcher = new WriteBatcher({
    ...options,
    transaction: async (body) => {
      const batch = ++batches;
      beforeBatch(batch);
      await hold;
      const value = await db.transaction().execute((trx) => body(trx as never));
      committed = batch;
      return value;
    },
  });
  const write = (name: string, fail = false) =>
    batcher.run(async (trx) => {
      ranIn.set(name, batches);
      await sql`insert into log (name) values (${name})`.execute(trx);
      if (fail) throw new Error(`${name} fails`);
      // Resolved only once its batch committed: the acknowledgement waits for durability.
      return () => committed >= (ranIn.get(name) ?? Number.POSITIVE_INFINITY);
    });
  return {
    db,
    batcher,
    write,
    first: (name: string) => writeFirst(() => write(name)),
    ranIn,
    hold(gate: Promise<void>) {
      hold = gate;
    },
    onBatch(listener: (batch: number) => void) {
      beforeBatch = listener;
    },
    async stored(): Promise<string[]> {
      const rows = await sql<{ name: string }>`select name from log order by seq`.execute(db);
      return rows.rows.map((row) => row.name);
    },
  };
}

let opened: Kysely<Database> | undefined;
afterEach(async () => {
  await opened?.destroy();
  opened = undefined;
});

async function open(options: { maxBatch: number; alongsideFirst: number }) {
  const h = harness(options);
  opened = h.db;
  await sql`create table log (seq integer primary key autoincrement, name text not null)`.execute(h.db);
  return h;
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('WriteBatcher', () => {
  it('commits works that go first in the next batch, with only a few ordinary ones, each queue in order', async () => {
    const h = await open({ maxBatch: 8, alongsideFirst: 2 });
    let release = () => {};
    h.hold(new Promise<void>((resolve) => (release = resolve)));
    const blocker = h.write('blocker');
    await new Promise((resolve) => setTimeout(resolve, 20)); // the first batch is waiting on the gate
    const ordinary = names('o', 20).map((name) => h.write(name));
    const first = names('f', 5).map((name) => h.first(name));
    release();
    const settled = await Promise.all([blocker, ...ordinary, ...first]);
    expect(settled.every((durable) => durable())).toBe(true);

    expect(h.ranIn.get('blocker')).toBe(1);
    // Batch 2: all five first, then the two oldest ordinary ones; then the rest, eight at a time.
    for (const name of names('f', 5)) expect(h.ranIn.get(name)).toBe(2);
    expect(names('o', 20).map((name) => h.ranIn.get(name))).toEqual([
      2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5,
    ]);
    expect(await h.stored()).toEqual(['blocker', ...names('f', 5), ...names('o', 20)]);
  });

  it('never starves ordinary works while works that go first keep coming', async () => {
    const h = await open({ maxBatch: 8, alongsideFirst: 2 });
    const ordinary = names('o', 12).map((name) => h.write(name));
    // Before every batch, more first works than a batch can hold arrive.
    const first: Promise<() => boolean>[] = [];
    h.onBatch((batch) => {
      if (batch <= 10) for (const name of names(`b${batch}f`, 10)) first.push(h.first(name));
    });
    await Promise.all(ordinary);
    // Two ordinary works rode along in each batch while first works waited.
    const batchesOfOrdinary = names('o', 12).map((name) => h.ranIn.get(name) ?? 0);
    expect(Math.max(...batchesOfOrdinary)).toBeLessThanOrEqual(7);
    await h.batcher.idle();
    await Promise.all(first);
    const stored = await h.stored();
    expect(stored).toHaveLength(12 + 100);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.filter((name) => name.startsWith('o'))).toEqual(names('o', 12));
    const firstStored = stored.filter((name) => name.startsWith('b'));
    expect(firstStored).toEqual(Array.from({ length: 10 }, (_, b) => names(`b${b + 1}f`, 10)).flat());
  });

  it('rolls back a failing work alone, whichever queue it was in', async () => {
    const h = await open({ maxBatch: 8, alongsideFirst: 2 });
    const outcomes = await Promise.allSettled([
      h.write('o0'),
      writeFirst(() => h.write('f0', true)),
      h.first('f1'),
      h.write('o1', true),
      h.write('o2'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    // Within one batch the first works run first.
    expect(await h.stored()).toEqual(['f1', 'o0', 'o2']);
  });
});
