import type { PeykClient } from '@peyk/client';
import type { Update } from '@peyk/protocol';
import { ReplyMarkupKind } from '@peyk/protocol';
import { Bot as GrammyBot, InlineKeyboard } from 'grammy';
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

  /** The user asks for a menu, presses a button, sees the bot's answer and the message edited. */
  async function pressAndSeeEdit(user: PeykClient, botId: string) {
    const chat = await user.request('openPrivateChat', { userId: botId });
    const seen = recordUpdates(user);
    await user.sendMessage(chat.id, '/menu');
    await eventually(() => textsFrom(seen, botId).length === 1, 'the menu', 15_000);
    const menu = seen.find((u) => u.kind.case === 'newMessage' && u.kind.value.senderId === botId);
    const message = menu?.kind.case === 'newMessage' ? menu.kind.value : undefined;
    expect(message?.replyMarkup?.kind).toBe(ReplyMarkupKind.INLINE_KEYBOARD);
    expect(message?.replyMarkup?.rows[0]?.buttons.map((b) => [b.text, b.callbackData, b.url])).toEqual([
      ['Yes', 'vote:yes', ''],
      ['No', 'vote:no', ''],
    ]);
    expect(message?.replyMarkup?.rows[1]?.buttons[0]).toMatchObject({
      text: 'Docs',
      url: 'https://peyk.example/docs',
    });
    const answer = await user.request('pressButton', {
      chatId: chat.id,
      messageId: message?.id,
      data: 'vote:yes',
    });
    expect(answer).toMatchObject({ text: 'Thanks for voting yes', showAlert: true });
    await eventually(
      () => seen.some((u) => u.kind.case === 'messageEdited' && u.kind.value.text === 'You chose yes'),
      'the edited menu',
      15_000,
    );
    const edited = seen.findLast((u) => u.kind.case === 'messageEdited');
    // The edit took the keyboard away (no reply_markup in editMessageText).
    expect(edited?.kind.case === 'messageEdited' && edited.kind.value.replyMarkup).toBeFalsy();
    await expect(
      user.request('pressButton', { chatId: chat.id, messageId: message?.id, data: 'vote:maybe' }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  }

  it('grammY: an inline keyboard bot answers button presses and edits its message', async () => {
    const user = await server.user(name('grammy_kb_user'));
    const token = await createBot(server, user, `${name('grammykb')}_bot`);
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    bot.command('menu', (ctx) =>
      ctx.reply('Do you like Peyk?', {
        reply_markup: new InlineKeyboard()
          .text('Yes', 'vote:yes')
          .text('No', 'vote:no')
          .row()
          .url('Docs', 'https://peyk.example/docs'),
      }),
    );
    bot.callbackQuery(/^vote:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: `Thanks for voting ${ctx.match[1]}`, show_alert: true });
      await ctx.editMessageText(`You chose ${ctx.match[1]}`);
    });
    await bot.init();
    const running = bot.start();
    try {
      await pressAndSeeEdit(user, String(bot.botInfo.id));
    } finally {
      await bot.stop();
      await running;
    }
  });

  it('Telegraf: an inline keyboard bot answers button presses and edits its message', async () => {
    const user = await server.user(name('telegraf_kb_user'));
    const token = await createBot(server, user, `${name('telegrafkb')}_bot`);
    const bot = new Telegraf(token, { telegram: { apiRoot: server.app.httpUrl } });
    bot.command('menu', (ctx) =>
      ctx.reply('Do you like Peyk?', {
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Yes', callback_data: 'vote:yes' },
              { text: 'No', callback_data: 'vote:no' },
            ],
            [{ text: 'Docs', url: 'https://peyk.example/docs' }],
          ],
        },
      }),
    );
    bot.action(/^vote:(.+)$/, async (ctx) => {
      await ctx.answerCbQuery(`Thanks for voting ${ctx.match[1]}`, { show_alert: true });
      await ctx.editMessageText(`You chose ${ctx.match[1]}`);
    });
    const launched = bot.launch();
    try {
      const me = await bot.telegram.getMe();
      await pressAndSeeEdit(user, String(me.id));
    } finally {
      bot.stop('test over');
      await launched.catch(() => {});
    }
  });
});
