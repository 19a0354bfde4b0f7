import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PeykClient } from '@peyk/client';
import { randomId } from '@peyk/client';
import { type Media, MediaKind, type Message, type Update } from '@peyk/protocol';
import { Bot as GrammyBot, InputFile as GrammyInputFile, InputMediaBuilder } from 'grammy';
import { InputFile as NtbaInputFile, Bot as NtbaBot } from 'node-telegram-bot-api';
import sharp from 'sharp';
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot, type TelegramJson } from './helpers/bots.js';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';
import { TusTestClient } from './helpers/tus.js';

const kinds = await storeKinds();

async function jpeg(width: number, height: number, red: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: red, g: 80, b: 160 } } })
    .jpeg()
    .toBuffer();
}

const REPORT = Buffer.from('Quarterly report\nrevenue: 42\n', 'utf8');

/** The messages with media a user received from `senderId`, in order. */
function mediaFrom(updates: Update[], senderId: string): Message[] {
  return updates.flatMap((u) =>
    u.kind.case === 'newMessage' && u.kind.value.senderId === senderId && u.kind.value.media
      ? [u.kind.value]
      : [],
  );
}

/** What each framework's bot does on /files: a captioned photo, then a document. */
async function expectPhotoAndDocument(user: PeykClient, botId: string) {
  const chat = await user.request('openPrivateChat', { userId: botId });
  const seen = recordUpdates(user);
  await user.sendMessage(chat.id, '/files');
  await eventually(() => mediaFrom(seen, botId).length === 2, 'the photo and the document', 20_000);
  const [photo, document] = mediaFrom(seen, botId) as [Message, Message];
  expect(photo.media?.kind).toBe(MediaKind.PHOTO);
  expect([photo.media?.width, photo.media?.height]).toEqual([640, 480]);
  expect(photo.text).toBe('A photo');
  expect(photo.entities.length).toBe(1);
  expect(document.media?.kind).toBe(MediaKind.DOCUMENT);
  expect(document.media?.fileName).toBe('report.txt');
  expect(Number(document.media?.size)).toBe(REPORT.length);
  return { photo, document };
}

describe.each(kinds)('bot files through the frameworks, against Peyk on $name', (kind) => {
  let server: TestServer;
  let n = 0;
  const name = (base: string) => `${base}${kind.name}${++n}`;
  let photoBytes: Buffer;
  beforeAll(async () => {
    server = await startTestServer(kind);
    photoBytes = await jpeg(640, 480, 200);
  });
  afterAll(() => server.stop());

  /** A photo the user uploads and sends to the chat. */
  async function userSendsPhoto(user: PeykClient, chatId: string, bytes: Buffer): Promise<Media> {
    const finished = await new TusTestClient(server.app.httpUrl, user.token as string).upload(
      bytes,
      'me.jpg',
    );
    expect(finished.status, finished.body).toBe(200);
    const { fileId } = JSON.parse(finished.body) as { fileId: string };
    const message = await user.request('sendMessage', {
      chatId,
      randomId: randomId(),
      text: 'look',
      media: { fileId, kind: MediaKind.PHOTO },
    });
    return message.media as Media;
  }

  it('grammY: sends a photo (multipart, attach://) and a document; the user receives both', async () => {
    const user = await server.user(name('grammy_files_user'));
    const token = await createBot(server, user, `${name('grammyfiles')}_bot`);
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    bot.command('files', async (ctx) => {
      await ctx.replyWithChatAction('upload_photo');
      const sent = await ctx.replyWithPhoto(new GrammyInputFile(photoBytes, 'cat.jpg'), {
        caption: '<b>A</b> photo',
        parse_mode: 'HTML',
      });
      // The reply carries Telegram's PhotoSize array, smallest first.
      expect(sent.photo.map((p) => p.width)).toEqual([90, 320, 640]);
      expect(sent.caption).toBe('A photo');
      expect(sent.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 1 }]);
      const doc = await ctx.replyWithDocument(new GrammyInputFile(REPORT, 'report.txt'));
      expect(doc.document).toMatchObject({ file_name: 'report.txt', file_size: REPORT.length });
    });
    await bot.init();
    const running = bot.start({ drop_pending_updates: true });
    try {
      await expectPhotoAndDocument(user, String(bot.botInfo.id));
    } finally {
      await bot.stop();
      await running;
    }
  });

  it('grammY: sends an album with replyWithMediaGroup (files hoisted to attach:// parts)', async () => {
    const user = await server.user(name('grammy_album_user'));
    const token = await createBot(server, user, `${name('grammyalbum')}_bot`);
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    bot.command('album', async (ctx) => {
      await ctx.replyWithMediaGroup([
        InputMediaBuilder.photo(new GrammyInputFile(await jpeg(300, 300, 20), 'a.jpg'), {
          caption: 'two views',
        }),
        InputMediaBuilder.photo(new GrammyInputFile(await jpeg(300, 300, 220), 'b.jpg')),
      ]);
    });
    await bot.init();
    const running = bot.start({ drop_pending_updates: true });
    try {
      const botId = String(bot.botInfo.id);
      const chat = await user.request('openPrivateChat', { userId: botId });
      const seen = recordUpdates(user);
      await user.sendMessage(chat.id, '/album');
      await eventually(() => mediaFrom(seen, botId).length === 2, 'the album', 20_000);
      const [first, second] = mediaFrom(seen, botId) as [Message, Message];
      expect(first.albumId).not.toBe('0');
      expect(second.albumId).toBe(first.albumId);
      expect(first.text).toBe('two views');
      expect(first.media?.fileId).not.toBe(second.media?.fileId);
    } finally {
      await bot.stop();
      await running;
    }
  });

  it('Telegraf: sends a photo and a document from buffers; the user receives both', async () => {
    const user = await server.user(name('telegraf_files_user'));
    const token = await createBot(server, user, `${name('telegraffiles')}_bot`);
    const bot = new Telegraf(token, { telegram: { apiRoot: server.app.httpUrl } });
    bot.command('files', async (ctx) => {
      await ctx.replyWithPhoto(
        { source: photoBytes },
        { caption: 'A photo', caption_entities: [{ type: 'italic', offset: 0, length: 1 }] },
      );
      await ctx.replyWithDocument({ source: REPORT, filename: 'report.txt' });
    });
    const launched = bot.launch({ dropPendingUpdates: true });
    try {
      const me = await bot.telegram.getMe();
      await expectPhotoAndDocument(user, String(me.id));
    } finally {
      bot.stop('test over');
      await launched.catch(() => {});
    }
  });

  it('node-telegram-bot-api: sends a photo and a document; the user receives both', async () => {
    const user = await server.user(name('ntba_files_user'));
    const token = await createBot(server, user, `${name('ntbafiles')}_bot`);
    const bot = new NtbaBot(token, { apiRoot: server.app.httpUrl });
    bot.command('files', async (ctx) => {
      const chat_id = ctx.chat?.id as number;
      await bot.api.sendPhoto({
        chat_id,
        photo: new NtbaInputFile(photoBytes, { filename: 'cat.jpg', contentType: 'image/jpeg' }),
        caption: '*A* photo',
        parse_mode: 'MarkdownV2',
      });
      await bot.api.sendDocument({
        chat_id,
        document: new NtbaInputFile(REPORT, { filename: 'report.txt', contentType: 'text/plain' }),
      });
    });
    const polling = bot.startPolling();
    try {
      const me = await bot.api.getMe();
      await expectPhotoAndDocument(user, String(me.id));
    } finally {
      bot.stop();
      await polling;
    }
  });

  it("grammY: downloads a user's photo with getFile and sends it back by file_id", async () => {
    const user = await server.user(name('grammy_getfile_user'));
    const token = await createBot(server, user, `${name('grammygetfile')}_bot`);
    const bot = new GrammyBot(token, { client: { apiRoot: server.app.httpUrl } });
    const downloads: { sha256: string; uniqueId: string; path: string }[] = [];
    bot.on('message:photo', async (ctx) => {
      const largest = ctx.message.photo.at(-1) as TelegramJson;
      const file = await ctx.api.getFile(largest.file_id);
      const response = await fetch(`${server.app.httpUrl}/file/bot${token}/${file.file_path}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(file.file_size);
      downloads.push({
        sha256: createHash('sha256').update(bytes).digest('hex'),
        uniqueId: file.file_unique_id,
        path: file.file_path as string,
      });
      await ctx.replyWithPhoto(largest.file_id, { caption: 'yours again' });
    });
    await bot.init();
    const running = bot.start({ drop_pending_updates: true });
    try {
      const botId = String(bot.botInfo.id);
      const chat = await user.request('openPrivateChat', { userId: botId });
      const seen = recordUpdates(user);
      const sent = await userSendsPhoto(user, chat.id, await jpeg(1000, 700, 30));
      await eventually(() => mediaFrom(seen, botId).length === 1, 'the photo sent back', 20_000);
      const largest = sent.variants.at(-1);
      // The bytes downloaded are the largest size the user's message offers (content-addressed).
      expect(downloads).toHaveLength(1);
      expect(downloads[0]?.sha256).toBe(largest?.key);
      expect(downloads[0]?.path).toMatch(/^photos\/[A-Za-z0-9_-]+\.webp$/);
      // Sent again by file_id: the same stored file, not a copy.
      const [echoed] = mediaFrom(seen, botId);
      expect(echoed?.media?.fileId).toBe(sent.fileId);
      expect(echoed?.text).toBe('yours again');
    } finally {
      await bot.stop();
      await running;
    }
  });

  it("Telegraf: copies a user's photo back with copyMessage (media and caption kept)", async () => {
    const user = await server.user(name('telegraf_copy_user'));
    const token = await createBot(server, user, `${name('telegrafcopy')}_bot`);
    const bot = new Telegraf(token, { telegram: { apiRoot: server.app.httpUrl } });
    bot.on('photo', (ctx) => ctx.copyMessage(ctx.chat.id));
    const launched = bot.launch({ dropPendingUpdates: true });
    try {
      const botId = String((await bot.telegram.getMe()).id);
      const chat = await user.request('openPrivateChat', { userId: botId });
      const seen = recordUpdates(user);
      const sent = await userSendsPhoto(user, chat.id, await jpeg(500, 300, 77));
      await eventually(() => mediaFrom(seen, botId).length === 1, 'the copy', 20_000);
      const [copy] = mediaFrom(seen, botId);
      expect(copy?.media?.fileId).toBe(sent.fileId);
      expect(copy?.media?.kind).toBe(MediaKind.PHOTO);
      expect(copy?.text).toBe('look');
      expect(copy?.forward).toBeUndefined();
    } finally {
      bot.stop('test over');
      await launched.catch(() => {});
    }
  });

  it('file_id is stable for a bot and file_unique_id the same for every bot; a file_id works only for its bot', async () => {
    const user = await server.user(name('fileid_user'));
    const tokenA = await createBot(server, user, `${name('fileida')}_bot`);
    const tokenB = await createBot(server, user, `${name('fileidb')}_bot`);
    const botA = Number(tokenA.split(':')[0]);
    const botB = Number(tokenB.split(':')[0]);
    const chatA = await user.request('openPrivateChat', { userId: String(botA) });
    const chatB = await user.request('openPrivateChat', { userId: String(botB) });
    const bytes = await jpeg(300, 200, 90);
    await userSendsPhoto(user, chatA.id, bytes);
    await userSendsPhoto(user, chatA.id, bytes);
    await userSendsPhoto(user, chatB.id, bytes);
    const photosOf = async (token: string) => {
      const { body } = await callBotApi(server, token, 'getUpdates', { timeout: 0 });
      return body.result.map((u: TelegramJson) => u.message.photo);
    };
    const [first, second] = await photosOf(tokenA);
    const [other] = await photosOf(tokenB);
    expect(first).toEqual(second);
    expect(first.map((p: TelegramJson) => p.file_unique_id)).toEqual(
      other.map((p: TelegramJson) => p.file_unique_id),
    );
    expect(first[0].file_id).not.toBe(other[0].file_id);
    // Bot B cannot use bot A's file_id: as if it did not exist.
    const foreign = await callBotApi(server, tokenB, 'getFile', { file_id: first[0].file_id });
    expect(foreign).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
    });
    const resend = await callBotApi(server, tokenB, 'sendPhoto', {
      chat_id: user.user?.id,
      photo: first[0].file_id,
    });
    expect(resend.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: wrong file identifier/HTTP URL specified',
    });
    // A photo's sizes may not be sent as a document: the original (with its metadata) was never shown.
    const asDocument = await callBotApi(server, tokenA, 'sendDocument', {
      chat_id: user.user?.id,
      document: first[0].file_id,
    });
    expect(asDocument.body.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    const file = await callBotApi(server, tokenA, 'getFile', { file_id: first[0].file_id });
    const path = file.body.result.file_path;
    expect((await fetch(`${server.app.httpUrl}/file/bot${tokenB}/${path}`)).status).toBe(404);
    expect((await fetch(`${server.app.httpUrl}/file/bot${tokenA}/${path}`)).status).toBe(200);
    expect((await fetch(`${server.app.httpUrl}/file/bot${tokenA}/photos/nothing.webp`)).status).toBe(404);
  });

  it('sendMediaGroup: an album of two uploaded photos through attach://', async () => {
    const user = await server.user(name('album_user'));
    const token = await createBot(server, user, `${name('album')}_bot`);
    const botId = token.split(':')[0] as string;
    await user.request('openPrivateChat', { userId: botId });
    const form = new FormData();
    form.set('chat_id', String(user.user?.id));
    form.set(
      'media',
      JSON.stringify([
        { type: 'photo', media: 'attach://one', caption: '*first*', parse_mode: 'MarkdownV2' },
        { type: 'photo', media: 'attach://two' },
      ]),
    );
    form.set('one', new Blob([new Uint8Array(await jpeg(200, 200, 10))]), 'one.jpg');
    form.set('two', new Blob([new Uint8Array(await jpeg(200, 200, 250))]), 'two.jpg');
    const response = await fetch(`${server.app.httpUrl}/bot${token}/sendMediaGroup`, {
      method: 'POST',
      body: form,
    });
    const body = (await response.json()) as TelegramJson;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.result).toHaveLength(2);
    expect(body.result[0].media_group_id).toBeTruthy();
    expect(body.result[0].media_group_id).toBe(body.result[1].media_group_id);
    expect(body.result[0].caption).toBe('first');
    expect(body.result[0].caption_entities).toEqual([{ type: 'bold', offset: 0, length: 5 }]);
  });

  it('editMessageCaption changes the caption and keeps the photo', async () => {
    const user = await server.user(name('caption_user'));
    const token = await createBot(server, user, `${name('caption')}_bot`);
    await user.request('openPrivateChat', { userId: token.split(':')[0] });
    const form = new FormData();
    form.set('chat_id', String(user.user?.id));
    form.set('caption', 'before');
    form.set('photo', new Blob([new Uint8Array(await jpeg(120, 80, 60))]), 'p.jpg');
    const sent = (await (
      await fetch(`${server.app.httpUrl}/bot${token}/sendPhoto`, { method: 'POST', body: form })
    ).json()) as TelegramJson;
    expect(sent.result.caption).toBe('before');
    const edited = await callBotApi(server, token, 'editMessageCaption', {
      chat_id: user.user?.id,
      message_id: sent.result.message_id,
      caption: '<i>after</i>',
      parse_mode: 'HTML',
    });
    expect(edited.body.result).toMatchObject({
      caption: 'after',
      caption_entities: [{ type: 'italic', offset: 0, length: 5 }],
      photo: sent.result.photo,
    });
    expect(edited.body.result.edit_date).toBeGreaterThan(0);
  });

  it('sends a file by URL, following a redirect; private targets are refused unless the operator allows them', async () => {
    const bytes = await jpeg(160, 120, 140);
    const origin = createServer((request, response) => {
      if (request.url === '/go') response.writeHead(302, { location: '/cat.jpg' }).end();
      else if (request.url === '/cat.jpg')
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    const guarded = await startTestServer(kind, { env: { PEYK_BOT_WEBHOOK_ALLOW_PRIVATE: '0' } });
    try {
      const user = await server.user(name('url_user'));
      const token = await createBot(server, user, `${name('url')}_bot`);
      await user.request('openPrivateChat', { userId: token.split(':')[0] });
      const sent = await callBotApi(server, token, 'sendPhoto', {
        chat_id: user.user?.id,
        photo: `${base}/go`,
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body.result.photo.at(-1)).toMatchObject({ width: 160, height: 120 });
      const missing = await callBotApi(server, token, 'sendDocument', {
        chat_id: user.user?.id,
        document: `${base}/nothing`,
      });
      expect(missing.body.description).toBe('Bad Request: failed to get HTTP URL content');

      // The operator did not allow private targets: loopback is refused before any request.
      const guardedUser = await guarded.user(name('url_guarded'));
      const guardedToken = await createBot(guarded, guardedUser, `${name('urlguard')}_bot`);
      await guardedUser.request('openPrivateChat', { userId: guardedToken.split(':')[0] });
      let requests = 0;
      origin.on('request', () => requests++);
      const refused = await callBotApi(guarded, guardedToken, 'sendPhoto', {
        chat_id: guardedUser.user?.id,
        photo: `${base}/cat.jpg`,
      });
      expect(refused.body).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: failed to get HTTP URL content',
      });
      expect(requests).toBe(0);
    } finally {
      await guarded.stop();
      origin.close();
    }
  });

  it("bad file input gets Telegram's errors", async () => {
    const user = await server.user(name('badfile_user'));
    const token = await createBot(server, user, `${name('badfile')}_bot`);
    await user.request('openPrivateChat', { userId: token.split(':')[0] });
    const chat_id = user.user?.id;
    expect((await callBotApi(server, token, 'sendPhoto', { chat_id })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: there is no photo in the request',
    });
    expect((await callBotApi(server, token, 'getFile', { file_id: 'garbage' })).body.description).toBe(
      'Bad Request: invalid file_id',
    );
    expect(
      (await callBotApi(server, token, 'sendDocument', { chat_id, document: 'attach://missing' })).body
        .description,
    ).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    expect(
      (await callBotApi(server, token, 'sendMediaGroup', { chat_id, media: [{ type: 'photo', media: 'x' }] }))
        .body.description,
    ).toBe('Bad Request: wrong number of messages specified: must be between 2 and 10');
    // Bytes that are not an image cannot be a photo.
    const notPhoto = new FormData();
    notPhoto.set('chat_id', String(chat_id));
    notPhoto.set('photo', new Blob([REPORT]), 'fake.jpg');
    const refused = await fetch(`${server.app.httpUrl}/bot${token}/sendPhoto`, {
      method: 'POST',
      body: notPhoto,
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as TelegramJson).ok).toBe(false);
    // Above Telegram's 50 MB upload limit: 413, as Telegram answers.
    const big = new FormData();
    big.set('chat_id', String(chat_id));
    big.set('document', new Blob([new Uint8Array(50 * 1024 * 1024 + 1)]), 'big.bin');
    const tooBig = await fetch(`${server.app.httpUrl}/bot${token}/sendDocument`, {
      method: 'POST',
      body: big,
    });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({
      ok: false,
      error_code: 413,
      description: 'Request Entity Too Large',
    });
  });
});
