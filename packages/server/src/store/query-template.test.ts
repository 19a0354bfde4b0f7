import SqliteDatabase from 'better-sqlite3';
import { Kysely, NoResultError, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryTemplate } from './query-template.js';
import { RowsWrittenCounter } from './rows-written.js';

interface Tables {
  items: { id: number; name: string; score: number | null };
}

describe('queryTemplate', () => {
  let db: Kysely<Tables>;
  let counter: RowsWrittenCounter;
  beforeEach(async () => {
    counter = new RowsWrittenCounter();
    db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }),
      plugins: [counter],
    });
    await sql`create table items (id integer primary key, name text not null, score integer)`.execute(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  /** A template whose build function counts its calls: one call per compiled shape. */
  function counted<A extends object, O>(build: Parameters<typeof queryTemplate<Tables, A, O>>[0]) {
    const calls = { count: 0 };
    const template = queryTemplate((kysely: Kysely<Tables>, args: A) => {
      calls.count++;
      return build(kysely, args);
    });
    return { template, calls };
  }

  it('runs with new values what it compiled once, and the store counts each run', async () => {
    const { template: insert, calls } = counted((kysely, row: Tables['items']) =>
      kysely.insertInto('items').values(row),
    );
    const statements = counter.statements;
    await insert.execute(db, { id: 1, name: 'one', score: 10 });
    await insert.execute(db, { id: 2, name: 'two', score: 20 });
    await insert.execute(db, { id: 3, name: 'three', score: null });
    // A null is part of the shape (Kysely may write it into the SQL): the third row compiled its own.
    expect(calls.count).toBe(2);
    expect(counter.statements - statements).toBe(3);
    expect(counter.total).toBe(3);

    const byScore = queryTemplate((kysely: Kysely<Tables>, a: { min: number }) =>
      kysely.selectFrom('items').select(['id', 'name']).where('score', '>=', a.min).orderBy('id'),
    );
    expect(await byScore.execute(db, { min: 15 })).toEqual([{ id: 2, name: 'two' }]);
    expect(await byScore.execute(db, { min: 0 })).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
  });

  it('compiles an IN list once per length, and keeps the constants the builder put in', async () => {
    await db
      .insertInto('items')
      .values([1, 2, 3, 4].map((id) => ({ id, name: `n${id}`, score: id })))
      .execute();
    const { template: raise, calls } = counted((kysely, a: { ids: readonly number[] }) =>
      kysely
        .updateTable('items')
        .set((eb) => ({ score: eb('score', '+', 100) }))
        .where('id', 'in', a.ids)
        .returning(['id', 'score']),
    );
    const rowsBefore = counter.total;
    expect(await raise.execute(db, { ids: [1, 2] })).toEqual([
      { id: 1, score: 101 },
      { id: 2, score: 102 },
    ]);
    expect(await raise.execute(db, { ids: [3, 4] })).toEqual([
      { id: 3, score: 103 },
      { id: 4, score: 104 },
    ]);
    expect(await raise.execute(db, { ids: [1, 3, 4] })).toHaveLength(3);
    expect(calls.count).toBe(2);
    expect(counter.total - rowsBefore).toBe(7);
  });

  it('builds each call anew past its number of shapes, with the same results', async () => {
    await db
      .insertInto('items')
      .values(Array.from({ length: 40 }, (_, i) => ({ id: i + 1, name: 'x', score: 0 })))
      .execute();
    const { template: names, calls } = counted((kysely, a: { ids: readonly number[] }) =>
      kysely.selectFrom('items').select('id').where('id', 'in', a.ids),
    );
    for (let length = 1; length <= 40; length++) {
      const ids = Array.from({ length }, (_, i) => i + 1);
      expect(await names.execute(db, { ids })).toHaveLength(length);
    }
    expect(calls.count).toBe(40);
    await names.execute(db, { ids: [1, 2, 3] });
    expect(calls.count).toBe(40);
  });

  it('throws when the first row is required and there is none', async () => {
    const byId = queryTemplate((kysely: Kysely<Tables>, a: { id: number }) =>
      kysely.selectFrom('items').selectAll().where('id', '=', a.id),
    );
    expect(await byId.executeTakeFirst(db, { id: 9 })).toBeUndefined();
    await expect(byId.executeTakeFirstOrThrow(db, { id: 9 })).rejects.toBeInstanceOf(NoResultError);
  });

  it('refuses a build function that computes with a value instead of placing it', async () => {
    const wrong = queryTemplate((kysely: Kysely<Tables>, a: { id: number }) =>
      kysely
        .selectFrom('items')
        .selectAll()
        .where('id', '=', a.id * 2),
    );
    await expect(wrong.execute(db, { id: 1 })).rejects.toThrow(/not a parameter/);
  });

  it('compiles a query per boolean, as Kysely writes `is true` into the SQL', async () => {
    await db.insertInto('items').values({ id: 1, name: 'one', score: null }).execute();
    const { template: scored, calls } = counted((kysely, a: { scored: boolean }) =>
      kysely.selectFrom('items').select('id').where(sql<boolean>`score is not null`, 'is', a.scored),
    );
    expect(await scored.execute(db, { scored: true })).toEqual([]);
    expect(await scored.execute(db, { scored: false })).toEqual([{ id: 1 }]);
    expect(calls.count).toBe(2);
  });

  it('runs a sql template as well as a builder', async () => {
    const upsert = queryTemplate(
      (_kysely: Kysely<Tables>, a: { id: number; name: string }) =>
        sql`insert into items (id, name) values (${a.id}, ${a.name}) on conflict (id) do update set name = excluded.name`,
    );
    const statements = counter.statements;
    await upsert.execute(db, { id: 5, name: 'five' });
    await upsert.execute(db, { id: 5, name: 'FIVE' });
    expect(counter.statements - statements).toBe(2);
    expect(await db.selectFrom('items').select('name').where('id', '=', 5).executeTakeFirst()).toEqual({
      name: 'FIVE',
    });
  });
});
