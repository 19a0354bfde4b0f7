import type { PeykClient } from '@peyk/client';
import type { Update } from '@peyk/protocol';
import { Bot as GrammyBot } from 'grammy';
import { Bot as NtbaBot } from 'node-telegram-bot-api';
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

/** What a user received from the bot, in order. */
function textsFrom(updates: Update[], botId: string): string[] {
  return updates.flatMap((u) =>
    u.kind.case === 'newMessage' && u.kind.value.senderId === botId ? [u.kind.value.text] : [],
  );
}

/**
 * The same conversation with every framework: a command answered, an echo, and the commands the
 * bot set read back. Each framework runs unchanged, pointed at Peyk by its API root only.
 */
describe.each(kinds)('bot frameworks, unchanged, against Peyk on $name', (kind) => {
  let server: TestServer;
  let n = 0;
  const name = (base: string) => `${base}${kind.name}${++n}`;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function converse(user: PeykClient, botId: string) {
    const chat = await user.request('openPrivateChat', { userId: botId });
    const seen = recordUpdates(user);
    await user.sendMessage(chat.id, '/start');
    await eventually(() => textsFrom(seen, botId).length === 1, 'the answer to /start', 15_000);
    await user.sendMessage(chat.id, 'سلام, echo me');
    await eventually(() => textsFrom(seen, botId).length === 2, 'the echo', 15_000);
    return textsFrom(seen, botId);
  }

  it('grammY: a command bot and an echo bot on long polling', async () => {
    const user = await server.user(name('grammy_user'));
    const token = await createBot(server, user, `${name('grammy')}_bot`);
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    await bot.api.setMyCommands([{ command: 'start', description: 'Say hello' }]);
    bot.command('start', (ctx) =>
      ctx.reply(`Hello, <b>${ctx.from?.first_name}</b>!`, { parse_mode: 'HTML' }),
    );
    bot.on('message:text', (ctx) =>
      ctx.reply(ctx.message.text, { reply_parameters: { message_id: ctx.message.message_id } }),
    );
    await bot.init();
    const running = bot.start({ drop_pending_updates: true });
    try {
      const botId = String(bot.botInfo.id);
      expect(await converse(user, botId)).toEqual([`Hello, ${user.user?.displayName}!`, 'سلام, echo me']);
      expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Say hello' }]);
    } finally {
      await bot.stop();
      await running;
    }
  });

  it('Telegraf: a command bot and an echo bot on long polling', async () => {
    const user = await server.user(name('telegraf_user'));
    const token = await createBot(server, user, `${name('telegraf')}_bot`);
    const bot = new Telegraf(token, { telegram: { apiRoot: server.app.httpUrl } });
    await bot.telegram.setMyCommands([{ command: 'start', description: 'Begin' }]);
    bot.start((ctx) => ctx.reply('Welcome'));
    bot.on('text', (ctx) => ctx.reply(ctx.message.text));
    const launched = bot.launch({ dropPendingUpdates: true });
    try {
      const me = await bot.telegram.getMe();
      expect(await converse(user, String(me.id))).toEqual(['Welcome', 'سلام, echo me']);
      expect(await bot.telegram.getMyCommands()).toEqual([{ command: 'start', description: 'Begin' }]);
    } finally {
      bot.stop('test over');
      await launched.catch(() => {});
    }
  });

  it('node-telegram-bot-api: a command bot and an echo bot on long polling', async () => {
    const user = await server.user(name('ntba_user'));
    const token = await createBot(server, user, `${name('ntba')}_bot`);
    const bot = new NtbaBot(token, { apiRoot: server.app.httpUrl });
    await bot.api.setMyCommands({ commands: [{ command: 'start', description: 'Go' }] });
    bot.command('start', (ctx) => ctx.reply('Started'));
    bot.on('message', (ctx) => ctx.reply(ctx.message?.text ?? ''));
    const polling = bot.startPolling();
    try {
      const me = await bot.api.getMe();
      expect(await converse(user, String(me.id))).toEqual(['Started', 'سلام, echo me']);
      expect(await bot.api.getMyCommands({})).toEqual([{ command: 'start', description: 'Go' }]);
    } finally {
      bot.stop();
      await polling;
    }
  });
});
