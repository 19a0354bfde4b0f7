import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexTokens, queryTerms } from '../src/domain/search/search-tokens.js';
import type { Store } from '../src/store/store.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('search index on $name', (kind) => {
  let handle: TestStore;
  let store: Store;
  const VIEWER = 1;
  const OUTSIDER = 2;

  beforeEach(async () => {
    handle = await kind.open();
    store = handle.store;
    await store.write(async (tx) => {
      for (const chatId of [10, 20]) {
        await tx.chats.addMember({
          chat_id: chatId,
          user_id: VIEWER,
          role: 1,
          joined_at: 0,
          inviter_id: 0,
          read_inbox_max_id: 0,
        });
      }
      await tx.chats.addMember({
        chat_id: 30,
        user_id: OUTSIDER,
        role: 1,
        joined_at: 0,
        inviter_id: 0,
        read_inbox_max_id: 0,
      });
    });
  });
  afterEach(async () => {
    await handle.destroy();
  });

  const texts: [number, number, number, string][] = [
    [10, 1, 7, 'كتاب خوبی بود'],
    [10, 2, 8, 'به کتابخانه رفتم'],
    [20, 1, 7, 'علي آمد، سال ۱۴۰۵'],
    [20, 2, 8, '我们用中文搜索引擎 #News'],
    [20, 3, 7, 'see https://peyk.example for the news'],
    [30, 1, 9, 'کتاب secret in a chat the viewer is not in'],
  ];

  async function indexAll() {
    await store.write(async (tx) => {
      for (const [chatId, messageId, senderId, text] of texts) {
        await tx.search.put({
          chatId,
          messageId,
          senderId,
          date: 1000 + chatId + messageId,
          hasLink: text.includes('https://'),
          tokens: indexTokens(text),
        });
      }
    });
  }

  const find = async (
    query: string,
    options: Partial<Parameters<Store['read']['search']['search']>[0]> = {},
  ) =>
    (
      await store.read.search.search({
        viewerId: VIEWER,
        terms: queryTerms(query),
        linksOnly: false,
        limit: 20,
        ...options,
      })
    ).map((hit) => `${hit.chatId}/${hit.messageId}`);

  it('finds words however Persian and Arabic letters and digits were typed, newest first', async () => {
    await indexAll();
    expect(await find('کتاب')).toEqual(['10/2', '10/1']);
    expect(await find('كتاب')).toEqual(['10/2', '10/1']);
    expect(await find('علی')).toEqual(['20/1']);
    expect(await find('1405')).toEqual(['20/1']);
    expect(await find('آمد 1405')).toEqual(['20/1']);
    expect(await find('کتا')).toEqual(['10/2', '10/1']);
  });

  it('finds part of a Persian compound word, and Chinese by substring', async () => {
    await indexAll();
    expect(await find('خانه')).toEqual(['10/2']);
    expect(await find('搜索')).toEqual(['20/2']);
    expect(await find('中文搜索')).toEqual(['20/2']);
    expect(await find('文中')).toEqual([]);
  });

  it('finds hashtags, and their word', async () => {
    await indexAll();
    expect(await find('#news')).toEqual(['20/2']);
    expect(await find('news')).toEqual(['20/3', '20/2']);
  });

  it('filters by chat, sender, date, links, and pages with a cursor', async () => {
    await indexAll();
    expect(await find('news', { linksOnly: true })).toEqual(['20/3']);
    expect(await find('کتاب', { chatId: 10, senderId: 7 })).toEqual(['10/1']);
    expect(await find('news', { maxDate: 1022 })).toEqual(['20/2']);
    const [first] = await store.read.search.search({
      viewerId: VIEWER,
      terms: queryTerms('کتاب'),
      linksOnly: false,
      limit: 1,
    });
    expect(await find('کتاب', { beforeId: first?.id })).toEqual(['10/1']);
  });

  it('never finds messages of chats the viewer is not in, or that they deleted for themself', async () => {
    await indexAll();
    expect(await find('secret')).toEqual([]);
    await store.write((tx) => tx.messages.hide(VIEWER, 10, [1]));
    expect(await find('کتاب')).toEqual(['10/2']);
  });

  it('follows edits and deletions', async () => {
    await indexAll();
    const id = (
      await store.read.search.search({
        viewerId: VIEWER,
        terms: queryTerms('کتابخانه'),
        linksOnly: false,
        limit: 1,
      })
    )[0]?.id;
    await store.write((tx) =>
      tx.search.put({
        chatId: 10,
        messageId: 2,
        senderId: 8,
        date: 1012,
        hasLink: false,
        tokens: indexTokens('به مدرسه رفتم'),
      }),
    );
    expect(await find('خانه')).toEqual([]);
    const edited = await store.read.search.search({
      viewerId: VIEWER,
      terms: queryTerms('مدرسه'),
      linksOnly: false,
      limit: 1,
    });
    expect(edited[0]?.id).toBe(id);
    await store.write((tx) => tx.search.remove(10, 1));
    expect(await find('کتاب')).toEqual([]);
  });
});
