import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/store.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('store on $name', (kind) => {
  let handle: TestStore;
  let store: Store;
  beforeEach(async () => {
    handle = await kind.open();
    store = handle.store;
  });
  afterEach(async () => {
    await handle.destroy();
  });

  const newUser = (username: string) =>
    store.write((tx) =>
      tx.accounts.createUser({ username, phone: null, displayName: username, passwordHash: null, now: 1 }),
    );

  it('commits concurrent writes in one batch and rolls back only the work that failed', async () => {
    const results = await Promise.allSettled([
      newUser('alice'),
      store.write(async (tx) => {
        await tx.accounts.createUser({
          username: 'ghost',
          phone: null,
          displayName: 'g',
          passwordHash: null,
          now: 1,
        });
        throw new Error('refused');
      }),
      newUser('bobby'),
      newUser('alice'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await store.read.accounts.userByUsername('alice')).toBeDefined();
    expect(await store.read.accounts.userByUsername('bobby')).toBeDefined();
    expect(await store.read.accounts.userByUsername('ghost')).toBeUndefined();
  });

  it('counts hits per key in fixed windows, atomically under concurrency, and forgets on reset', async () => {
    const { counters } = store;
    const minute = 60_000;
    const start = 1_700_000_000_000;
    expect(await counters.peek('k', minute, start)).toEqual({ hits: 0, start });
    const hits = await Promise.all(Array.from({ length: 40 }, () => counters.hit('k', minute, start)));
    expect(hits.map((w) => w.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(await counters.peek('k', minute, start + 59_000)).toEqual({ hits: 40, start });
    expect(await counters.peek('other', minute, start)).toMatchObject({ hits: 0 });
    // A passed window starts again from one.
    expect(await counters.peek('k', minute, start + minute)).toMatchObject({ hits: 0 });
    expect(await counters.hit('k', minute, start + minute)).toEqual({ hits: 1, start: start + minute });
    await counters.reset('k');
    expect(await counters.peek('k', minute, start + minute)).toMatchObject({ hits: 0 });
  });

  it('takes gapless per-chat message ids and user pts under many concurrent writers', async () => {
    const user = await newUser('writer');
    const chat = await store.write((tx) => tx.chats.createChat(2, 'g', 1));
    const ids = await Promise.all(
      Array.from({ length: 200 }, () =>
        store.write(async (tx) => {
          const id = await tx.chats.takeMessageId(chat.id, 1);
          const pts = await tx.updates.appendUserUpdate(user.id, 1, { payload: new Uint8Array([id % 256]) });
          return { id, pts };
        }),
      ),
    );
    expect(ids.map((x) => x.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(ids.map((x) => x.pts).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const updates = await store.read.updates.userUpdatesAfter(user.id, 150, 1000);
    expect(updates.map((u) => u.pts)).toEqual(Array.from({ length: 50 }, (_, i) => i + 151));
  });

  it('resolves user updates that point at chat events', async () => {
    const user = await newUser('reader');
    const chat = await store.write((tx) => tx.chats.createChat(2, 'g', 1));
    await store.write(async (tx) => {
      const chatPts = await tx.updates.appendChatEvent(chat.id, 5, new Uint8Array([1, 2, 3]));
      await tx.updates.appendUserUpdate(user.id, 5, { chatId: chat.id, chatPts });
      await tx.updates.appendUserUpdate(user.id, 6, { payload: new Uint8Array([9]) });
    });
    const updates = await store.read.updates.userUpdatesAfter(user.id, 0, 10);
    expect(updates).toEqual([
      { pts: 1, date: 5, payload: new Uint8Array([1, 2, 3]) },
      { pts: 2, date: 6, payload: new Uint8Array([9]) },
    ]);
  });

  it('keeps acknowledged writes across a reopen', async () => {
    await newUser('durable');
    await store.close();
    store = await handle.reopen();
    expect((await store.read.accounts.userByUsername('durable'))?.display_name).toBe('durable');
  });

  it('refuses a second message for the same sender and random_id', async () => {
    await store.write((tx) => tx.messages.recordSent(7, 42, { chatId: 1, messageId: 1 }));
    await expect(
      store.write((tx) => tx.messages.recordSent(7, 42, { chatId: 1, messageId: 2 })),
    ).rejects.toThrow();
    expect(await store.read.messages.sentMessage(7, 42)).toEqual({ chatId: 1, messageId: 1 });
  });

  it('pages dialogs pinned first, then by activity', async () => {
    await store.write(async (tx) => {
      for (let n = 1; n <= 5; n++) {
        const chatId = (await tx.chats.createChat(2, `g${n}`, 1)).id;
        await tx.chats.createDialog({
          user_id: 1,
          chat_id: chatId,
          read_inbox_max_id: 0,
          pinned: chatId === 2 ? 1 : 0,
          muted: 0,
          last_activity: chatId === 4 ? 100 : chatId,
        });
      }
    });
    const first = await store.read.chats.dialogsPage(1, undefined, 3);
    expect(first.map((d) => d.chat_id)).toEqual([2, 4, 5]);
    const last = first.at(-1);
    const second = await store.read.chats.dialogsPage(
      1,
      { pinned: last?.pinned ?? 0, lastActivity: last?.last_activity ?? 0, chatId: last?.chat_id ?? 0 },
      3,
    );
    expect(second.map((d) => d.chat_id)).toEqual([3, 1]);
  });

  it('hides deleted and hidden messages from history', async () => {
    await store.write(async (tx) => {
      for (let id = 1; id <= 5; id++) {
        await tx.messages.insertMessage({
          chat_id: 9,
          id,
          sender_id: 1,
          random_id: id,
          date: id,
          text: `m${id}`,
          entities: '[]',
          service: null,
          deleted: id === 2 ? 1 : 0,
        });
      }
      await tx.messages.hide(3, 9, [4]);
    });
    const forViewer = await store.read.messages.visibleBefore(9, 3, 100, 10);
    expect(forViewer.map((m) => m.id)).toEqual([5, 3, 1]);
    const forOther = await store.read.messages.visibleAfter(9, 1, 0, 10);
    expect(forOther.map((m) => m.id)).toEqual([1, 3, 4, 5]);
    expect(await store.read.messages.countUnread(9, 3, 1)).toBe(2);
  });
});
