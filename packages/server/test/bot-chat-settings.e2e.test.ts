import type { PeykClient } from '@peyk/client';
import { Bot as GrammyBot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot } from './helpers/bots.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('bots changing chat settings on $name', (kind) => {
  let server: TestServer;
  let owner: PeykClient;
  let token: string;
  let botId: string;
  const pinnedIn = async (chatId: string, ids: number[]) =>
    (await owner.request('getMessages', { chatId, messageIds: ids })).messages.map((m) => m.pinned);

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await server.user(`set_owner_${kind.name}`);
    token = await createBot(server, owner, `set_${kind.name}_bot`);
    botId = token.split(':')[0] as string;
  });
  afterAll(() => server.stop());

  it('unpinAllChatMessages, and unpinChatMessage without message_id: refused without the right to pin (nothing changes), then unpin', async () => {
    const group = await owner.request('createChannel', { title: 'Pins', username: '', broadcast: false });
    await owner.request('addMembers', { chatId: group.id, userIds: [botId] });
    const ids: number[] = [];
    for (const text of ['one', 'two', 'three']) ids.push((await owner.sendMessage(group.id, text)).id);
    for (const id of [ids[0], ids[2]]) {
      await owner.request('setMessagePinned', { chatId: group.id, messageId: id, pinned: true });
    }
    const chat_id = -Number(group.id);

    const refused = await callBotApi(server, token, 'unpinAllChatMessages', { chat_id });
    expect(refused.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: not enough rights',
    });
    const elsewhere = await owner.request('createChannel', {
      title: 'Other',
      username: '',
      broadcast: false,
    });
    expect(
      (await callBotApi(server, token, 'unpinAllChatMessages', { chat_id: -Number(elsewhere.id) })).body
        .description,
    ).toBe('Bad Request: chat not found');
    expect((await callBotApi(server, token, 'unpinAllChatMessages', {})).body.description).toBe(
      'Bad Request: chat_id is empty',
    );
    expect((await callBotApi(server, token, 'unpinChatMessage', { chat_id })).body.description).toBe(
      'Bad Request: not enough rights',
    );
    expect(await pinnedIn(group.id, ids)).toEqual([true, false, true]);

    await owner.request('setAdminRights', { chatId: group.id, userId: botId, rights: { pinMessages: true } });
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    // unpinChatMessage without message_id unpins the newest pinned message only.
    expect(await bot.api.unpinChatMessage(chat_id)).toBe(true);
    expect(await pinnedIn(group.id, ids)).toEqual([true, false, false]);
    await owner.request('setMessagePinned', { chatId: group.id, messageId: ids[1], pinned: true });
    expect(await bot.api.unpinAllChatMessages(chat_id)).toBe(true);
    expect(await pinnedIn(group.id, ids)).toEqual([false, false, false]);
    // Nothing pinned: still true, as Telegram's.
    expect(await bot.api.unpinAllChatMessages(chat_id)).toBe(true);
  });

  it('unpinAllChatMessages in a private chat needs no right', async () => {
    const chat = await owner.request('openPrivateChat', { userId: botId });
    const message = await owner.sendMessage(chat.id, 'pin me');
    await owner.request('setMessagePinned', { chatId: chat.id, messageId: message.id, pinned: true });
    const answer = await callBotApi(server, token, 'unpinAllChatMessages', { chat_id: owner.user?.id });
    expect(answer.body).toEqual({ ok: true, result: true });
    expect(await pinnedIn(chat.id, [message.id])).toEqual([false]);
  });
});
