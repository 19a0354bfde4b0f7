import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../src/domain/caller.js';
import type { Domain } from '../src/domain/index.js';
import { MessageFilter } from '@peyk/protocol';
import { testDomain } from './helpers/domain.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

/**
 * Regression test for one query per hit: a page of search results must cost the same number of
 * statements however many hits it holds (on PostgreSQL each statement is a round trip).
 */
describe.each(kinds)('a page of message search on $name', (kind) => {
  let handle: TestStore;
  let domain: Domain;
  let reader: Caller;
  let chatIds: number[];
  beforeEach(async () => {
    handle = await kind.open();
    domain = testDomain(handle.store);
    const [writer, readerRow] = await handle.store.write(async (tx) => [
      await tx.accounts.createUser({
        username: 'writer',
        phone: null,
        displayName: 'W',
        passwordHash: null,
        now: 1,
      }),
      await tx.accounts.createUser({
        username: 'reader',
        phone: null,
        displayName: 'R',
        passwordHash: null,
        now: 1,
      }),
    ]);
    reader = { userId: readerRow.id, sessionId: 0 };
    const caller = { userId: writer.id, sessionId: 0 };
    chatIds = [];
    for (const title of ['one', 'two']) {
      const chat = await domain.chats.createGroup(caller, title, [readerRow.id]);
      chatIds.push(Number(chat.id));
      for (let i = 0; i < 20; i++) {
        await domain.messages.send(caller, {
          chatId: Number(chat.id),
          randomId: String(chatIds.length * 100 + i + 1),
          text: `pomegranate ${i}`,
          entities: [],
          replyToId: 0,
        });
      }
    }
  });
  afterEach(async () => {
    await handle.destroy();
  });

  const statementsOnce = async (limit: number, chatId: number) => {
    const before = handle.store.statementsRun();
    const page = await domain.search.searchMessages(reader, {
      query: 'pomegranate',
      chatId,
      senderId: 0,
      minDate: 0,
      maxDate: 0,
      filter: MessageFilter.UNSPECIFIED,
      cursor: '',
      limit,
    });
    return { statements: handle.store.statementsRun() - before, hits: page.messages.length };
  };
  // The counter is the store's: work the sends left running (their notifications) can add to one
  // reading but never take away, so the fewest of three readings is the page's own cost.
  const statementsFor = async (limit: number, chatId = 0) => {
    const readings = [];
    for (let i = 0; i < 3; i++) readings.push(await statementsOnce(limit, chatId));
    return readings.reduce((fewest, reading) => (reading.statements < fewest.statements ? reading : fewest));
  };

  it('costs the same for 2 hits as for 20 in one chat, and one more per chat', async () => {
    const [one] = chatIds as [number];
    const few = await statementsFor(2, one);
    const many = await statementsFor(20, one);
    expect([few.hits, many.hits]).toEqual([2, 20]);
    expect(many.statements).toBe(few.statements);
    // Across all chats (no membership check for one chat): a page of the newest chat's hits
    // costs the same for 2 hits as for 20...
    const fewEverywhere = await statementsFor(2);
    expect((await statementsFor(20)).statements).toBe(fewEverywhere.statements);
    // ... and one statement more when it is long enough to reach the other chat.
    const both = await statementsFor(40);
    expect(both.hits).toBe(40);
    expect(both.statements).toBe(fewEverywhere.statements + 1);
  });
});
