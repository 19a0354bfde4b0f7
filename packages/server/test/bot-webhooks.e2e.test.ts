import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PeykClient } from '@peyk/client';
import { Bot as GrammyBot, webhookCallback } from 'grammy';
import { Bot as NtbaBot } from 'node-telegram-bot-api';
import { createWebhookServer } from 'node-telegram-bot-api/node';
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot, type TelegramJson } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function body(request: IncomingMessage): Promise<TelegramJson> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

describe.each(kinds)('bot webhooks on $name', (kind) => {
  let server: TestServer;
  let n = 0;
  const name = (base: string) => `${base}${kind.name}${++n}`;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function botChat(prefix: string) {
    const user = await server.user(name(`${prefix}_user`));
    const token = await createBot(server, user, `${name(prefix)}_bot`);
    const botId = token.split(':')[0] as string;
    const chat = await user.request('openPrivateChat', { userId: botId });
    return { user, token, botId, chatId: chat.id };
  }

  function botTexts(user: PeykClient, botId: string) {
    const seen = recordUpdates(user);
    return () =>
      seen.flatMap((u) =>
        u.kind.case === 'newMessage' && u.kind.value.senderId === botId ? [u.kind.value.text] : [],
      );
  }

  it('posts each update with the secret token, retries the same update_id in order, and runs a reply {method}', async () => {
    const { user, token, botId, chatId } = await botChat('hook');
    const received: { secret: string | undefined; update: TelegramJson }[] = [];
    let failuresLeft = 1;
    const hook = createServer(async (request, response) => {
      const update = await body(request);
      received.push({ secret: request.headers['x-telegram-bot-api-secret-token'] as string, update });
      if (failuresLeft-- > 0) {
        response.writeHead(500).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          method: 'sendMessage',
          chat_id: update.message.chat.id,
          text: `got ${update.message.text}`,
        }),
      );
    });
    const url = await listen(hook);
    try {
      expect(
        (await callBotApi(server, token, 'setWebhook', { url: `${url}/hook`, secret_token: 'S3cret_token' }))
          .body,
      ).toEqual({
        ok: true,
        result: true,
      });
      expect(await callBotApi(server, token, 'getUpdates')).toEqual({
        status: 409,
        body: {
          ok: false,
          error_code: 409,
          description:
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        },
      });
      const replies = botTexts(user, botId);
      await user.sendMessage(chatId, 'first');
      await user.sendMessage(chatId, 'second');
      await eventually(() => replies().length === 2, 'both replies', 15_000);
      expect(replies()).toEqual(['got first', 'got second']);
      expect(received.map((r) => r.update.message.text)).toEqual(['first', 'first', 'second']);
      expect(received[1]?.update.update_id).toBe(received[0]?.update.update_id);
      expect(received[2]?.update.update_id).toBe((received[0]?.update.update_id as number) + 1);
      expect(new Set(received.map((r) => r.secret))).toEqual(new Set(['S3cret_token']));
      const info = (await callBotApi(server, token, 'getWebhookInfo')).body.result;
      expect(info).toMatchObject({
        url: `${url}/hook`,
        pending_update_count: 0,
        last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
      });
      expect(await callBotApi(server, token, 'deleteWebhook')).toMatchObject({
        body: { ok: true, result: true },
      });
      await user.sendMessage(chatId, 'third');
      const polled = (await callBotApi(server, token, 'getUpdates')).body.result;
      expect(polled.map((u: TelegramJson) => u.message.text)).toEqual(['third']);
    } finally {
      await close(hook);
    }
  });

  it('refuses a webhook URL that is not one', async () => {
    const { token } = await botChat('badhook');
    const refused = await callBotApi(server, token, 'setWebhook', { url: 'ftp://example.com/' });
    expect(refused.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    });
  });

  async function echoThroughWebhook(
    handler: RequestListener,
    setUp: (url: string) => Promise<unknown>,
    prefix: string,
    botId: string,
    user: PeykClient,
    chatId: string,
  ) {
    const hook = createServer(handler);
    const url = await listen(hook);
    try {
      await setUp(`${url}/hook`);
      const replies = botTexts(user, botId);
      await user.sendMessage(chatId, `${prefix}: درود`);
      await eventually(() => replies().length === 1, `the ${prefix} echo`, 15_000);
      expect(replies()).toEqual([`${prefix}: درود`]);
    } finally {
      await close(hook);
    }
  }

  it('grammY in webhook mode', async () => {
    const { user, token, botId, chatId } = await botChat('grammyhook');
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
    await bot.init();
    await echoThroughWebhook(
      webhookCallback(bot, 'http', { secretToken: 'grammy_secret' }),
      (url) => bot.api.setWebhook(url, { secret_token: 'grammy_secret' }),
      'grammY',
      botId,
      user,
      chatId,
    );
  });

  it('Telegraf in webhook mode', async () => {
    const { user, token, botId, chatId } = await botChat('telegrafhook');
    const bot = new Telegraf(token, { telegram: { apiRoot: server.app.httpUrl } });
    bot.on('text', (ctx) => ctx.reply(ctx.message.text));
    bot.botInfo = await bot.telegram.getMe();
    await echoThroughWebhook(
      bot.webhookCallback('/hook', { secretToken: 'telegraf_secret' }) as RequestListener,
      (url) => bot.telegram.setWebhook(url, { secret_token: 'telegraf_secret' }),
      'Telegraf',
      botId,
      user,
      chatId,
    );
  });

  it('node-telegram-bot-api in webhook mode', async () => {
    const { user, token, botId, chatId } = await botChat('ntbahook');
    const bot = new NtbaBot(token, { apiRoot: server.app.httpUrl });
    bot.on('message', (ctx) => ctx.reply(ctx.message?.text ?? ''));
    const webhook = createWebhookServer(bot, { path: '/hook', secretToken: 'ntba_secret' });
    await echoThroughWebhook(
      (request, response) => webhook.emit('request', request, response),
      (url) => bot.api.setWebhook({ url, secret_token: 'ntba_secret' }),
      'ntba',
      botId,
      user,
      chatId,
    );
  });
});
