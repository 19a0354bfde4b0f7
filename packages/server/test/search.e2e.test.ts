import { ErrorCode, MessageFilter } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('message search over the protocol on $name', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('finds what the caller can see, by normalized words, newest first, across chats and within one', async () => {
    const sara = await server.user(`search_sara_${kind.name}`);
    const omid = await server.user(`search_omid_${kind.name}`);
    const lili = await server.user(`search_lili_${kind.name}`);
    const pair = (await sara.request('openPrivateChat', { userId: omid.user?.id })).id;
    const group = (
      await omid.request('createGroup', { title: 'کتاب‌خوان‌ها', memberIds: [sara.user?.id ?? ''] })
    ).id;
    const elsewhere = (await omid.request('openPrivateChat', { userId: lili.user?.id })).id;

    await omid.sendMessage(pair, 'كتاب را خواندی؟');
    await sara.sendMessage(group, 'این کتابخانه عالی است https://peyk.example');
    await omid.sendMessage(elsewhere, 'کتاب مخفی');
    const deleted = await omid.sendMessage(group, 'کتاب حذف‌شده');
    await omid.request('deleteMessages', { chatId: group, messageIds: [deleted.id], forEveryone: true });
    const edited = await sara.sendMessage(pair, 'نامه');
    await sara.request('editMessage', { chatId: pair, messageId: edited.id, text: 'نامه و کتاب' });

    const all = await sara.request('searchMessages', { query: 'کتاب' });
    expect(all.messages.map((m) => m.text)).toEqual([
      'نامه و کتاب',
      'این کتابخانه عالی است https://peyk.example',
      'كتاب را خواندی؟',
    ]);
    expect(all.chats.map((c) => c.id).sort()).toEqual([pair, group].sort());
    expect(all.users.map((u) => u.id)).toContain(omid.user?.id);

    const inGroup = await sara.request('searchMessages', { query: 'خانه', chatId: group });
    expect(inGroup.messages.map((m) => m.chatId)).toEqual([group]);
    const links = await sara.request('searchMessages', { query: 'کتاب', filter: MessageFilter.LINK });
    expect(links.messages).toHaveLength(1);
    const fromOmid = await sara.request('searchMessages', { query: 'كتاب', senderId: omid.user?.id });
    expect(fromOmid.messages.map((m) => m.text)).toEqual(['كتاب را خواندی؟']);

    const firstPage = await sara.request('searchMessages', { query: 'کتاب', limit: 2 });
    expect(firstPage.messages).toHaveLength(2);
    const secondPage = await sara.request('searchMessages', {
      query: 'کتاب',
      limit: 2,
      cursor: firstPage.nextCursor,
    });
    expect(secondPage.messages.map((m) => m.text)).toEqual(['كتاب را خواندی؟']);
    expect(secondPage.nextCursor).toBe('');

    await sara.request('leaveChat', { chatId: group });
    const afterLeaving = await sara.request('searchMessages', { query: 'خانه' });
    expect(afterLeaving.messages).toEqual([]);
  });

  it('refuses an empty or too long query', async () => {
    const user = await server.user(`search_bad_${kind.name}`);
    for (const query of ['', '  !!  ', 'x'.repeat(300)]) {
      await expect(user.request('searchMessages', { query })).rejects.toMatchObject({
        code: ErrorCode.SEARCH_QUERY_INVALID,
      });
    }
  });
});
