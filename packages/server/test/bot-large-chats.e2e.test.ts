import type { PeykClient } from '@peyk/client';
import { EntityType } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot, type TelegramJson } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

/** The updates a bot has pending, confirmed as read (the next call starts after them). */
async function drain(server: TestServer, token: string): Promise<TelegramJson[]> {
  const { body } = await callBotApi(server, token, 'getUpdates', { timeout: 0 });
  const updates = body.result as TelegramJson[];
  const last = updates.at(-1);
  if (last) await callBotApi(server, token, 'getUpdates', { offset: last.update_id + 1, timeout: 0 });
  return updates;
}

describe.each(kinds)('bots in channels and supergroups on $name', (kind) => {
  let server: TestServer;
  let owner: PeykClient;
  let reader: PeykClient;
  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await server.user(`lc_owner_${kind.name}`);
    reader = await server.user(`lc_reader_${kind.name}`);
  });
  afterAll(() => server.stop());

  it('a channel admin bot gets channel_post and edited_channel_post, and posts by @username to subscribers', async () => {
    const token = await createBot(server, owner, `lc_channel_${kind.name}_bot`);
    const botId = token.split(':')[0] as string;
    const username = `bot_news_${kind.name}`;
    const channel = await owner.request('createChannel', { title: 'Bot news', username, broadcast: true });
    await reader.request('joinChat', { chatId: channel.id });
    await owner.request('addMembers', { chatId: channel.id, userIds: [botId] });
    // A bot that is only a member of a channel sees none of its posts (as Telegram's).
    await owner.sendMessage(channel.id, 'before the bot was an admin');
    expect((await drain(server, token)).filter((u) => u.channel_post)).toEqual([]);

    await owner.request('setAdminRights', {
      chatId: channel.id,
      userId: botId,
      rights: { postMessages: true, editMessages: true },
    });
    const post = await owner.sendMessage(channel.id, 'hello subscribers');
    await owner.request('editMessage', {
      chatId: channel.id,
      messageId: post.id,
      text: 'hello, subscribers',
    });
    const updates = await drain(server, token);
    const posts = updates.filter((u) => u.channel_post || u.edited_channel_post);
    expect(posts).toHaveLength(2);
    expect(posts[0].channel_post).toMatchObject({
      message_id: post.id,
      text: 'hello subscribers',
      chat: { id: -Number(channel.id), type: 'channel', title: 'Bot news', username },
      sender_chat: { id: -Number(channel.id), type: 'channel' },
    });
    expect(posts[0].channel_post.from).toBeUndefined();
    expect(posts[1].edited_channel_post).toMatchObject({ message_id: post.id, text: 'hello, subscribers' });
    expect(posts[1].update_id).toBe(posts[0].update_id + 1);

    expect(
      (await callBotApi(server, token, 'getChat', { chat_id: `@${username}` })).body.result,
    ).toMatchObject({
      id: -Number(channel.id),
      type: 'channel',
      username,
    });
    // The bot posts by the channel's @username; the online subscriber receives it on the chat's subject.
    const seen = recordUpdates(reader);
    const sent = await callBotApi(server, token, 'sendMessage', {
      chat_id: `@${username}`,
      text: 'from the bot',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.result).toMatchObject({ chat: { type: 'channel' }, text: 'from the bot' });
    await eventually(
      () => seen.some((u) => u.kind.case === 'newMessage' && u.kind.value.text === 'from the bot'),
      'the post at the subscriber',
      15_000,
    );
    // Its own post is not an update for it.
    expect((await drain(server, token)).filter((u) => u.channel_post)).toEqual([]);
    // A chat the bot is not in, by @username: as if it did not exist.
    await owner.request('createChannel', {
      title: 'Elsewhere',
      username: `elsewhere_${kind.name}`,
      broadcast: true,
    });
    const elsewhere = await callBotApi(server, token, 'sendMessage', {
      chat_id: `@elsewhere_${kind.name}`,
      text: 'x',
    });
    expect(elsewhere.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
  });

  it('a supergroup bot with privacy mode gets commands, mentions and replies to it, not other chatter', async () => {
    const botName = `lc_group_${kind.name}_bot`;
    const token = await createBot(server, owner, botName);
    const botId = token.split(':')[0] as string;
    const group = await owner.request('createChannel', { title: 'Big talk', username: '', broadcast: false });
    await owner.request('addMembers', { chatId: group.id, userIds: [reader.user?.id as string, botId] });
    await drain(server, token);
    await reader.sendMessage(group.id, 'just chatting');
    await reader.sendMessage(group.id, '/help');
    await reader.sendMessage(group.id, `/help@someone_else_bot`);
    await reader.sendMessage(group.id, `hey @${botName}`, {
      entities: [{ type: EntityType.MENTION, offset: 4, length: botName.length + 1 }],
    });
    const fromBot = await callBotApi(server, token, 'sendMessage', {
      chat_id: -Number(group.id),
      text: 'I am here',
    });
    expect(fromBot.body.result.chat).toMatchObject({ type: 'supergroup', title: 'Big talk' });
    await reader.request('sendMessage', {
      chatId: group.id,
      randomId: '4242',
      text: 'answering the bot',
      replyToId: fromBot.body.result.message_id,
    });
    const texts = (await drain(server, token)).filter((u) => u.message).map((u) => u.message.text);
    expect(texts).toEqual(['/help', `hey @${botName}`, 'answering the bot']);
  });
});
