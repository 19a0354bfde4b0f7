import { createHmac } from 'node:crypto';
import { EntityType } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot, type TelegramJson } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('the Bot API over HTTP on $name', (kind) => {
  let server: TestServer;
  let n = 0;
  const name = (base: string) => `${base}${kind.name}${++n}`;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function botAndUser() {
    const user = await server.user(name('owner'));
    const username = `${name('echo')}_bot`;
    const token = await createBot(server, user, username);
    const me = await callBotApi(server, token, 'getMe');
    const chat = await user.request('openPrivateChat', { userId: String(me.body.result.id) });
    return { user, token, botId: me.body.result.id as number, username, chatId: chat.id };
  }

  it('answers getMe with the bot as a Telegram User, method names in any case, GET or POST', async () => {
    const { token, botId, username } = await botAndUser();
    expect(botId).toBe(Number(token.split(':')[0]));
    expect(token.split(':')[1]?.length).toBeGreaterThanOrEqual(35);
    const me = await callBotApi(server, token, 'GETME');
    expect(me.body).toEqual({
      ok: true,
      result: expect.objectContaining({
        id: botId,
        is_bot: true,
        first_name: username,
        username,
        can_join_groups: true,
        can_read_all_group_messages: false,
      }),
    });
    const viaGet = await (await fetch(`${server.app.httpUrl}/bot${token}/test/getme`)).json();
    expect(viaGet.result.id).toBe(botId);
  });

  it("answers bad tokens, unknown methods, missing parameters and wrong types in Telegram's shape", async () => {
    const { token } = await botAndUser();
    const forged = `${token.split(':')[0]}:${'A'.repeat(43)}`;
    expect(await callBotApi(server, forged, 'getMe')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect(await callBotApi(server, 'nonsense', 'getMe')).toMatchObject({ status: 401 });
    expect(await callBotApi(server, token, 'sendTelepathy')).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found' },
    });
    expect((await callBotApi(server, token, 'sendMessage', { text: 'hi' })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: chat_id is empty',
    });
    expect(
      (await callBotApi(server, token, 'sendMessage', { chat_id: 'abc', text: 'hi' })).body.description,
    ).toBe('Bad Request: chat not found');
    expect(
      (await callBotApi(server, token, 'sendMessage', { chat_id: 999_999_999, text: 'hi' })).body.description,
    ).toBe('Bad Request: chat not found');
    expect((await callBotApi(server, token, 'getUpdates', { offset: 'x' })).body.description).toBe(
      'Bad Request: invalid offset specified',
    );
    const badJson = await fetch(`${server.app.httpUrl}/bot${token}/getMe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(await badJson.json()).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse JSON object",
    });
  });

  it('lets a bot write to a person only after they wrote to it, and delivers what it writes', async () => {
    const { user, token, chatId } = await botAndUser();
    const other = await server.user(name('stranger'));
    const refused = await callBotApi(server, token, 'sendMessage', {
      chat_id: Number(other.user?.id),
      text: 'hi',
    });
    expect(refused).toEqual({
      status: 403,
      body: {
        ok: false,
        error_code: 403,
        description: "Forbidden: bot can't initiate conversation with a user",
      },
    });
    const seen = recordUpdates(user);
    await user.sendMessage(chatId, '/start');
    const updates = await callBotApi(server, token, 'getUpdates', { timeout: 5 });
    const [first] = updates.body.result;
    expect(first.message).toMatchObject({
      text: '/start',
      chat: { id: Number(user.user?.id), type: 'private' },
      from: { id: Number(user.user?.id), is_bot: false },
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
    const sent = await callBotApi(server, token, 'sendMessage', {
      chat_id: first.message.chat.id,
      text: '<b>Hello</b>, <a href="https://peyk.example/">friend</a> &amp; co',
      parse_mode: 'HTML',
      reply_parameters: { message_id: first.message.message_id },
    });
    expect(sent.body.result).toMatchObject({
      text: 'Hello, friend & co',
      entities: [
        { type: 'bold', offset: 0, length: 5 },
        { type: 'text_link', offset: 7, length: 6, url: 'https://peyk.example/' },
      ],
      reply_to_message: { message_id: first.message.message_id, text: '/start' },
    });
    await eventually(
      () => seen.some((u) => u.kind.case === 'newMessage' && u.kind.value.text === 'Hello, friend & co'),
      "the bot's reply",
    );
    const reply = seen.find((u) => u.kind.case === 'newMessage' && u.kind.value.text.startsWith('Hello'));
    expect(reply?.kind.value).toMatchObject({
      entities: [{ type: EntityType.BOLD }, { type: EntityType.TEXT_LINK }],
    });

    const edited = await callBotApi(server, token, 'editMessageText', {
      chat_id: first.message.chat.id,
      message_id: sent.body.result.message_id,
      text: '*bold* and \\_plain\\_',
      parse_mode: 'MarkdownV2',
    });
    expect(edited.body.result).toMatchObject({
      text: 'bold and _plain_',
      entities: [{ type: 'bold', offset: 0, length: 4 }],
    });
    expect(
      (
        await callBotApi(server, token, 'sendMessage', {
          chat_id: first.message.chat.id,
          text: 'a.b',
          parse_mode: 'MarkdownV2',
        })
      ).body.description,
    ).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    expect(
      await callBotApi(server, token, 'deleteMessage', {
        chat_id: first.message.chat.id,
        message_id: sent.body.result.message_id,
      }),
    ).toEqual({ status: 200, body: { ok: true, result: true } });
    expect(
      (await callBotApi(server, token, 'deleteMessage', { chat_id: first.message.chat.id, message_id: 9999 }))
        .body.description,
    ).toBe('Bad Request: message to delete not found');
  });

  it('confirms updates with offset, wakes a long poll when a message arrives, and keeps update_id growing by one', async () => {
    const { user, token, chatId } = await botAndUser();
    await user.sendMessage(chatId, 'one');
    await user.sendMessage(chatId, 'two');
    const first = (await callBotApi(server, token, 'getUpdates')).body.result;
    expect(first.map((u: TelegramJson) => u.message.text)).toEqual(['one', 'two']);
    expect(first[1].update_id).toBe(first[0].update_id + 1);
    const again = (await callBotApi(server, token, 'getUpdates', { offset: first[0].update_id + 1 })).body
      .result;
    expect(again.map((u: TelegramJson) => u.message.text)).toEqual(['two']);
    const started = Date.now();
    const polling = callBotApi(server, token, 'getUpdates', { offset: first[1].update_id + 1, timeout: 20 });
    await new Promise((r) => setTimeout(r, 200));
    await user.sendMessage(chatId, 'three');
    const woken = (await polling).body.result;
    expect(woken.map((u: TelegramJson) => u.message.text)).toEqual(['three']);
    expect(woken[0].update_id).toBe(first[1].update_id + 1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const empty = await callBotApi(server, token, 'getUpdates', {
      offset: woken[0].update_id + 1,
      timeout: 0,
    });
    expect(empty.body).toEqual({ ok: true, result: [] });
  });

  it('in a group with privacy mode sees commands, mentions and replies only; edits arrive as edited_message', async () => {
    const { user, token, botId, username } = await botAndUser();
    const group = await user.request('createGroup', { title: 'Bot lab', memberIds: [String(botId)] });
    const joined = (await callBotApi(server, token, 'getUpdates')).body.result;
    expect(joined[0].my_chat_member).toMatchObject({
      chat: { id: -Number(group.id), type: 'group', title: 'Bot lab' },
      new_chat_member: { status: 'member', user: { id: botId } },
    });
    let offset = joined[joined.length - 1].update_id + 1;
    await user.sendMessage(group.id, 'chatter the bot must not see');
    await user.sendMessage(group.id, '/help@someone_elses_bot');
    await user.sendMessage(group.id, '/help');
    const mention = `hey @${username}`;
    await user.sendMessage(group.id, mention, {
      entities: [{ type: EntityType.MENTION, offset: 4, length: username.length + 1 }],
    });
    const seen = (await callBotApi(server, token, 'getUpdates', { offset })).body.result;
    expect(seen.map((u: TelegramJson) => u.message.text)).toEqual(['/help', mention]);
    offset = seen[seen.length - 1].update_id + 1;
    const botMessage = await callBotApi(server, token, 'sendMessage', {
      chat_id: -Number(group.id),
      text: 'ask me',
    });
    const reply = await user.sendMessage(group.id, 'a reply to the bot', {
      replyToId: botMessage.body.result.message_id,
    });
    await user.request('editMessage', { chatId: group.id, messageId: reply.id, text: 'an edited reply' });
    const later = (await callBotApi(server, token, 'getUpdates', { offset })).body.result;
    expect(later.map((u: TelegramJson) => Object.keys(u)[1])).toEqual(['message', 'edited_message']);
    expect(later[1].edited_message).toMatchObject({ text: 'an edited reply', edit_date: expect.any(Number) });
    const members = await callBotApi(server, token, 'getChatMemberCount', { chat_id: -Number(group.id) });
    expect(members.body.result).toBe(2);
    const admins = await callBotApi(server, token, 'getChatAdministrators', { chat_id: -Number(group.id) });
    expect(admins.body.result).toEqual([
      expect.objectContaining({
        status: 'creator',
        user: expect.objectContaining({ id: Number(user.user?.id) }),
      }),
    ]);
  });

  it('keeps commands, names and descriptions, and refuses a bot whose owner switched off groups', async () => {
    const { user, token, botId } = await botAndUser();
    const commands = [
      { command: 'start', description: 'Start' },
      { command: 'help', description: 'Help' },
    ];
    expect((await callBotApi(server, token, 'setMyCommands', { commands })).body).toEqual({
      ok: true,
      result: true,
    });
    expect((await callBotApi(server, token, 'getMyCommands')).body.result).toEqual(commands);
    expect(
      (
        await callBotApi(server, token, 'setMyCommands', {
          commands: [{ command: 'Bad Command', description: 'x' }],
        })
      ).status,
    ).toBe(400);
    await callBotApi(server, token, 'setMyDescription', { description: 'I echo' });
    expect((await callBotApi(server, token, 'getMyDescription')).body.result).toEqual({
      description: 'I echo',
    });
    await callBotApi(server, token, 'setMyName', { name: 'Echo Bot' });
    expect((await callBotApi(server, token, 'getMyName')).body.result).toEqual({ name: 'Echo Bot' });
    await server.app.domain.bots.setCanJoinGroups(
      { userId: Number(user.user?.id), sessionId: 0 },
      botId,
      false,
    );
    await expect(
      user.request('createGroup', { title: 'No bots', memberIds: [String(botId)] }),
    ).rejects.toMatchObject({
      code: 'BOT_GROUPS_BLOCKED',
    });
  });

  it('revokes the old token when a new one is made', async () => {
    const { user, token, botId } = await botAndUser();
    const next = await server.app.domain.bots.regenerateToken(
      { userId: Number(user.user?.id), sessionId: 0 },
      botId,
    );
    expect((await callBotApi(server, token, 'getMe')).status).toBe(401);
    expect((await callBotApi(server, next, 'getMe')).body.result.id).toBe(botId);
  });

  it('answers a flood of sends to one chat with 429 and retry_after', async () => {
    const { user, token, chatId } = await botAndUser();
    await user.sendMessage(chatId, '/start');
    const to = Number(user.user?.id);
    const replies = [];
    for (let i = 0; i < 8; i++)
      replies.push(await callBotApi(server, token, 'sendMessage', { chat_id: to, text: `n${i}` }));
    const refused = replies.find((r) => r.status === 429);
    expect(refused?.body).toEqual({
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${refused?.body.parameters?.retry_after}`,
      parameters: { retry_after: expect.any(Number) },
    });
  });

  it('reads parameters from the query string, urlencoded and multipart bodies, with JSON-string fields', async () => {
    const { user, token, chatId } = await botAndUser();
    await user.sendMessage(chatId, '/start');
    const to = Number(user.user?.id);
    const keyboard = JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] });
    const viaForm = await fetch(`${server.app.httpUrl}/bot${token}/sendMessage?chat_id=${to}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: 'from a form', reply_markup: keyboard }).toString(),
    });
    expect((await viaForm.json()).result).toMatchObject({
      text: 'from a form',
      reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
    });
    const form = new FormData();
    form.set('chat_id', String(to));
    form.set('text', 'from multipart');
    form.set('entities', JSON.stringify([{ type: 'italic', offset: 5, length: 9 }]));
    // Telegraf adds the method's name as a field: it is not a parameter.
    form.set('method', 'sendMessage');
    const viaMultipart = await fetch(`${server.app.httpUrl}/bot${token}/sendMessage`, {
      method: 'POST',
      body: form,
    });
    expect((await viaMultipart.json()).result).toMatchObject({
      text: 'from multipart',
      entities: [{ type: 'italic', offset: 5, length: 9 }],
    });
    const badMarkup = await callBotApi(server, token, 'sendMessage', {
      chat_id: to,
      text: 'x',
      reply_markup: { nonsense: 1 },
    });
    expect(badMarkup.body.description).toBe("Bad Request: can't parse reply keyboard markup JSON object");
    const tooLong = await callBotApi(server, token, 'sendMessage', { chat_id: to, text: 'x'.repeat(5000) });
    expect(tooLong.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    const wrongType = await callBotApi(server, token, 'sendMessage', { chat_id: to, text: { not: 'text' } });
    expect(wrongType.body.description).toBe('Bad Request: field "text" must be of type String');
  });

  it("signs a mini app's launch data the way Telegram does, so the bot verifies it with its token", async () => {
    const { user, token, botId } = await botAndUser();
    const { initData } = await user.request('getWebAppData', { botUserId: String(botId) });
    const fields = new URLSearchParams(initData);
    const hash = fields.get('hash');
    fields.delete('hash');
    // Telegram's documented check, written independently of the server's code.
    const secret = createHmac('sha256', 'WebAppData').update(token).digest();
    const check = [...fields.entries()]
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join('\n');
    expect(createHmac('sha256', secret).update(check).digest('hex')).toBe(hash);
    expect(JSON.parse(fields.get('user') ?? '{}')).toMatchObject({
      id: Number(user.user?.id),
      first_name: user.user?.displayName,
    });
    expect(Math.abs(Number(fields.get('auth_date')) - Date.now() / 1000)).toBeLessThan(60);
    // A new token signs with a new key: data signed before no longer verifies.
    const next = await server.app.domain.bots.regenerateToken(
      { userId: Number(user.user?.id), sessionId: 0 },
      botId,
    );
    const again = new URLSearchParams(
      (await user.request('getWebAppData', { botUserId: String(botId) })).initData,
    );
    const nextSecret = createHmac('sha256', 'WebAppData').update(next).digest();
    const againHash = again.get('hash');
    again.delete('hash');
    const againCheck = [...again.entries()]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('\n');
    expect(createHmac('sha256', nextSecret).update(againCheck).digest('hex')).toBe(againHash);
    await expect(user.request('getWebAppData', { botUserId: String(user.user?.id) })).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
  });
});
