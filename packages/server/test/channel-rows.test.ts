import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Domain } from '../src/domain/index.js';
import { testDomain } from './helpers/domain.js';
import { addMembersDirectly } from './helpers/large-chats.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

/**
 * The promise of large chats: a post writes O(1) rows, whatever the number of subscribers. The
 * store counts every row its writes insert, update or delete.
 */
describe.each(kinds)('rows written per post on $name', (kind) => {
  let handle: TestStore;
  let domain: Domain;
  let owner: Caller;
  beforeAll(async () => {
    handle = await kind.open();
    domain = testDomain(handle.store, { largeChatThreshold: 999 });
    const auth = await domain.accounts.signUp(
      { username: 'rows_owner', password: 'rows password', displayName: 'Owner', deviceName: 'x' },
      'x',
    );
    owner = { userId: Number(auth.user?.id), sessionId: Number(auth.sessionId) };
  });
  afterAll(async () => {
    await handle.destroy();
  });

  /**
   * Rows written by one post after the first (the first may create what later posts reuse). Work
   * an earlier write left running (its notifications) can add rows during a reading but never take
   * any away, so the fewest of three readings is the post's own count.
   */
  async function rowsPerPost(chatId: number): Promise<number> {
    const post = (n: number) =>
      domain.messages.send(owner, {
        chatId,
        randomId: String(Date.now() * 10 + n),
        text: `post ${n}`,
        entities: [],
        replyToId: 0,
      });
    await post(1);
    let fewest = Number.POSITIVE_INFINITY;
    for (const n of [2, 3, 4]) {
      const before = handle.store.rowsWritten();
      await post(n);
      fewest = Math.min(fewest, handle.store.rowsWritten() - before);
    }
    return fewest;
  }

  async function chatWith(members: number, broadcast: boolean | 'small'): Promise<number> {
    const chat =
      broadcast === 'small'
        ? await domain.chats.createGroup(owner, `group of ${members}`, [])
        : await domain.channels.create(owner, {
            title: `${members}`,
            username: '',
            broadcast,
            signatures: false,
          });
    await addMembersDirectly(handle.store, Number(chat.id), members, `m${members}_${String(broadcast)}`);
    return Number(chat.id);
  }

  it('does not depend on the subscriber count in a channel or a supergroup', async () => {
    for (const broadcast of [true, false]) {
      const few = await rowsPerPost(await chatWith(10, broadcast));
      const many = await rowsPerPost(await chatWith(1000, broadcast));
      expect(many).toBe(few);
      expect(few).toBeLessThan(10);
    }
  });

  it('grows with the members in a small group (so the count above can tell)', async () => {
    const few = await rowsPerPost(await chatWith(5, 'small'));
    const more = await rowsPerPost(await chatWith(50, 'small'));
    expect(more - few).toBeGreaterThanOrEqual(45 * 2);
  });
});
