import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { expect, it } from 'vitest';
import { RowsWrittenCounter } from './rows-written.js';

interface Tables {
  items: { id: number; owner: number };
}

it('counts a statement with subqueries once, and the rows its writes touch', async () => {
  const counter = new RowsWrittenCounter();
  const db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }),
    plugins: [counter],
  });
  await sql`create table items (id integer primary key, owner integer not null)`.execute(db);
  await db
    .insertInto('items')
    .values([
      { id: 1, owner: 7 },
      { id: 2, owner: 7 },
    ])
    .execute();
  const owned = (owner: number) => db.selectFrom('items').select('id').where('owner', '=', owner);
  const before = counter.statements;
  await db
    .selectFrom('items')
    .select((eb) => [eb.or([eb.exists(owned(7)), eb.exists(owned(8))]).as('any')])
    .execute();
  expect(counter.statements - before).toBe(1);
  expect(counter.total).toBe(2);
  await db.destroy();
});
