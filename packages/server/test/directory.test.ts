import { ChatKind, ErrorCode } from '@peyk/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicSearchName } from '../src/domain/channels/joining.js';
import type { Domain } from '../src/domain/index.js';
import type { Store } from '../src/store/store.js';
import { testDomain } from './helpers/domain.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('public directory on $name', (kind) => {
  let handle: TestStore;
  let store: Store;
  let domain: Domain;
  beforeEach(async () => {
    handle = await kind.open();
    store = handle.store;
    domain = testDomain(store);
  });
  afterEach(async () => {
    await handle.destroy();
  });

  const person = (username: string | null, displayName: string, isBot = false) =>
    store.write((tx) =>
      tx.accounts.createUser({ username, phone: null, displayName, passwordHash: null, now: 1, isBot }),
    );
  const publicChat = (kind: ChatKind, title: string, username: string | null, members: number) =>
    store.write(async (tx) => {
      const chat = await tx.chats.createChat(kind, title, 1, {
        username,
        search_name: publicSearchName(title, username),
      });
      return tx.chats.updateChat(chat.id, { member_count: members });
    });
  const search = async (viewerId: number, query: string) => {
    const found = await domain.directory.search({ userId: viewerId, sessionId: 0 }, query, 20);
    const chats = new Map(found.chats.map((c) => [c.id, c]));
    const users = new Map(found.users.map((u) => [u.id, u]));
    return found.hits.map((hit) =>
      hit.chatId !== '0'
        ? `chat:${chats.get(hit.chatId)?.username}`
        : `${hit.bot ? 'bot' : 'user'}:${users.get(hit.userId)?.username}`,
    );
  };

  it('ranks the exact username first, then by members, then names starting with the query', async () => {
    const viewer = await person('viewer', 'Viewer');
    await publicChat(ChatKind.CHANNEL, 'Tehran News', 'tehran_news', 50_000);
    await publicChat(ChatKind.SUPERGROUP, 'News of Tehran', 'tehran_talk', 900);
    await publicChat(ChatKind.CHANNEL, 'Tiny', 'tehran', 3);
    await publicChat(ChatKind.GROUP, 'Tehran private group', null, 10_000);
    await person('tehran_guide_bot', 'Tehran Guide', true);
    await person('sara_intehran', 'Sara');
    await person('tehrani', 'Ali');
    await person(null, 'Tehran without username');

    expect(await search(viewer.id, 'tehran')).toEqual([
      'chat:tehran', // the exact username, with 3 members
      'chat:tehran_news', // 50,000 members
      'chat:tehran_talk', // 900
      'bot:tehran_guide_bot', // people and bots count one member; their name starts with "tehran"
      'user:tehrani', // the username starts with it
      'user:sara_intehran', // only contains it
    ]);
    expect(await search(viewer.id, '@TEHRANI')).toEqual(['user:tehrani']);
    // A person's exact username beats the biggest channel.
    expect((await search(viewer.id, 'tehran_guide_bot'))[0]).toBe('bot:tehran_guide_bot');
  });

  it('matches names however their letters were keyed, every word, and only public ones', async () => {
    const viewer = await person('viewer', 'Viewer');
    await publicChat(ChatKind.CHANNEL, 'کتاب‌خانه ملی', 'ketab_melli', 10);
    await person('ali_reza', 'علی رضایی');
    expect(await search(viewer.id, 'كتاب')).toEqual(['chat:ketab_melli']);
    expect(await search(viewer.id, 'علي رضا')).toEqual(['user:ali_reza']);
    expect(await search(viewer.id, 'علی نیست')).toEqual([]);
  });

  it('leaves out people who blocked the searcher and deleted accounts', async () => {
    const viewer = await person('viewer', 'Viewer');
    const blocker = await person('maryam_blocks', 'Maryam');
    await person('maryam_open', 'Maryam');
    const gone = await person('maryam_gone', 'Maryam');
    await store.write(async (tx) => {
      await tx.people.block(blocker.id, viewer.id, 1);
      await tx.accounts.eraseUser(gone.id, 2);
    });
    expect(await search(viewer.id, 'maryam')).toEqual(['user:maryam_open']);
    // Renaming keeps the directory current.
    await store.write((tx) => tx.accounts.updateUser(viewer.id, { display_name: 'Maryam too' }));
    expect(await search(viewer.id, 'maryam')).toEqual(['user:viewer', 'user:maryam_open']);
  });

  it('refuses a query with nothing to match', async () => {
    const viewer = await person('viewer', 'Viewer');
    await expect(search(viewer.id, ' @ ')).rejects.toMatchObject({ code: ErrorCode.SEARCH_QUERY_INVALID });
  });
});
