import type { PeykClient } from '@peyk/client';
import { type Message, ReplyMarkupKind } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('BotFather, the built-in bot that makes bots, on $name', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A person in a private chat with @botfather; `say` sends a line and waits for the answer. */
  async function chatWithFather(name: string) {
    const person = await server.user(name);
    const father = await person.request('resolveUsername', { username: 'botfather' });
    const chat = await person.request('openPrivateChat', { userId: father.id });
    const seen = recordUpdates(person);
    const answers = () =>
      seen.flatMap((u) =>
        u.kind.case === 'newMessage' && u.kind.value.senderId === father.id ? [u.kind.value] : [],
      );
    const say = async (text: string): Promise<Message> => {
      const before = answers().length;
      await person.sendMessage(chat.id, text);
      await eventually(() => answers().length > before, `an answer to ${text}`, 10_000);
      return answers()[before] as Message;
    };
    return { person, say };
  }

  const tokenIn = (message: Message) => /\d+:[A-Za-z0-9_-]{43}/.exec(message.text)?.[0] ?? '';

  it('makes a bot in conversation and manages it: commands, privacy, token, deletion', async () => {
    const { person, say } = await chatWithFather(`father_fan_${kind.name}`);
    expect((await say('/help')).text).toContain('/newbot');
    expect((await say('/newbot')).text).toContain('choose a name');
    expect((await say('Weather Bot')).text).toContain('username');
    expect((await say('not_valid')).text).toContain('must end in "bot"');
    const made = await say(`weather_${kind.name}_bot`);
    const token = tokenIn(made);
    const me = await callBotApi(server, token, 'getMe');
    expect(me.body.result).toMatchObject({ first_name: 'Weather Bot', username: `weather_${kind.name}_bot` });
    expect((await say('/mybots')).text).toContain(`@weather_${kind.name}_bot`);

    const choose = await say('/setcommands');
    expect(choose.replyMarkup?.kind).toBe(ReplyMarkupKind.REPLY_KEYBOARD);
    expect(choose.replyMarkup?.rows[0]?.buttons[0]?.text).toBe(`@weather_${kind.name}_bot`);
    await say(`@weather_${kind.name}_bot`);
    expect((await say('today - Weather today\ntomorrow - Weather tomorrow')).text).toContain('Success');
    expect((await callBotApi(server, token, 'getMyCommands')).body.result).toEqual([
      { command: 'today', description: 'Weather today' },
      { command: 'tomorrow', description: 'Weather tomorrow' },
    ]);

    await say(`/setprivacy @weather_${kind.name}_bot`);
    await say('Disable');
    expect((await callBotApi(server, token, 'getMe')).body.result.can_read_all_group_messages).toBe(true);

    const renewed = tokenIn(await say(`/token @weather_${kind.name}_bot`));
    expect((await callBotApi(server, token, 'getMe')).status).toBe(401);
    expect((await callBotApi(server, renewed, 'getMe')).status).toBe(200);

    const stranger = await chatWithFather(`father_stranger_${kind.name}`);
    expect((await stranger.say(`/revoke @weather_${kind.name}_bot`)).text).toContain('You have no such bot');

    await say(`/deletebot @weather_${kind.name}_bot`);
    expect((await say('Yes, I am totally sure.')).text).toContain('is deleted');
    expect((await callBotApi(server, renewed, 'getMe')).status).toBe(401);
    expect((await say('/mybots')).text).toContain('no bots');
    void (person satisfies PeykClient);
  });
  it('switches inline mode on with a placeholder and off with /empty, and inline feedback', async () => {
    const { person, say } = await chatWithFather(`inline_fan_${kind.name}`);
    const token = tokenIn(
      await (async () => {
        await say('/newbot');
        await say('Search Bot');
        return say(`search_${kind.name}_bot`);
      })(),
    );
    const botId = token.split(':')[0] as string;
    const info = () => person.request('getBotInfo', { userId: botId });
    expect((await info()).inlinePlaceholder).toBe('');
    await say('/setinline');
    expect((await say(`@search_${kind.name}_bot`)).text).toContain('/empty');
    expect((await say('Search pictures...')).text).toContain('Success');
    expect((await info()).inlinePlaceholder).toBe('Search pictures...');
    expect((await callBotApi(server, token, 'getMe')).body.result.supports_inline_queries).toBe(true);
    await say('/setinlinefeedback');
    await say(`@search_${kind.name}_bot`);
    expect((await say('Enable')).text).toContain('Success');
    await say('/setinline');
    await say(`@search_${kind.name}_bot`);
    expect((await say('/empty')).text).toContain('Success');
    expect((await info()).inlinePlaceholder).toBe('');

    await person.request('setSettings', { settings: { language: 'ru' } });
    expect((await say(`/setinline @search_${kind.name}_bot`)).text).toContain('/empty, чтобы выключить');
    await say('/cancel');
    const feedback = await say(`/setinlinefeedback @search_${kind.name}_bot`);
    expect(feedback.replyMarkup?.rows.map((row) => row.buttons[0]?.text)).toEqual(['Включить', 'Выключить']);
    expect((await say('Выключить')).text).toBe(`Готово! @search_${kind.name}_bot обновлён. /help`);
  });
  it("answers in the person's language, switched on any device, and takes the choices in it", async () => {
    const { person, say } = await chatWithFather(`father_polyglot_${kind.name}`);
    expect((await say('/mybots')).text).toBe('You have no bots yet. Use /newbot to make one.');
    const other = await server.device(person);
    await other.request('setSettings', { settings: { language: 'fa' } });
    expect((await say('/mybots')).text).toBe('هنوز رباتی ندارید. با /newbot یکی بسازید.');
    expect((await say('/help')).text).toContain('/newbot - ساختن ربات تازه');
    await say('/newbot');
    await say('ربات هوا');
    const made = await say(`hava_${kind.name}_bot`);
    expect(made.text).toMatch(new RegExp(`^انجام شد! ربات تازه‌ی شما @hava_${kind.name}_bot است.`));
    const token = tokenIn(made);

    await person.request('setSettings', { settings: { language: 'ru' } });
    const privacy = await say(`/setprivacy @hava_${kind.name}_bot`);
    expect(privacy.replyMarkup?.rows.map((row) => row.buttons[0]?.text)).toEqual(['Включить', 'Выключить']);
    expect((await say('Выключить')).text).toBe(`Готово! @hava_${kind.name}_bot обновлён. /help`);
    expect((await callBotApi(server, token, 'getMe')).body.result.can_read_all_group_messages).toBe(true);

    await person.request('setSettings', { settings: { language: 'zh' } });
    expect((await say('/cancel')).text).toBe('好的，已取消。发送 /help 查看我能做什么。');
    // A domain refusal keeps its English reason inside the localized sentence.
    await person.request('setSettings', { settings: { language: 'hi' } });
    expect((await say('/revoke @nobody_here_bot')).text).toMatch(/^माफ़ करें: /);
  });
});
