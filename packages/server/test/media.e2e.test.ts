import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromJson } from '@bufbuild/protobuf';
import type { PeykClient } from '@peyk/client';
import { randomId } from '@peyk/client';
import { type Media, MediaKind, MediaSchema } from '@peyk/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../src/domain/index.js';
import { S3BlobStorage } from '../src/storage/s3-blob-storage.js';
import { jpegWithGps, mp4Video, opusVoice, pngBomb, streamedWebmVoice } from './helpers/media-fixtures.js';
import { startTestS3, type TestS3 } from './helpers/s3-server.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { type StoreKind, storeKinds } from './helpers/stores.js';
import { TusTestClient } from './helpers/tus.js';

const kinds = await storeKinds();
// Video and voice need Debian's ffmpeg: those tests run only where it is installed, and under
// CI=true a missing ffmpeg fails the file instead of skipping them.
const hasFfmpeg = await ffmpegAvailable();
if (!hasFfmpeg && process.env.CI === 'true') throw new Error('ffmpeg is required under CI');

const scratch = mkdtempSync(join(tmpdir(), 'peyk-media-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tusOf(server: TestServer, user: PeykClient): TusTestClient {
  return new TusTestClient(server.app.httpUrl, user.token as string);
}

async function uploaded(
  server: TestServer,
  user: PeykClient,
  bytes: Uint8Array,
  name: string,
): Promise<Media> {
  const finished = await tusOf(server, user).upload(bytes, name);
  expect(finished.status, finished.body).toBe(200);
  return mediaOf(finished.body);
}

function mediaOf(body: string): Media {
  return fromJson(MediaSchema, JSON.parse(body));
}

async function linksFor(server: TestServer, user: PeykClient, chatId: string, messageId: number) {
  const links = await user.request('getFileLinks', { chatId, messageIds: [messageId] });
  return Object.fromEntries(
    Object.entries(links.urls).map(([key, path]) => [key, `${server.app.httpUrl}${path}`]),
  );
}

describe.each(kinds)('media over HTTP and the protocol on $name', (kind) => {
  let server: TestServer;
  let alice: PeykClient;
  let bob: PeykClient;
  let eve: PeykClient;
  let chatId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    alice = await server.user('alice_media');
    bob = await server.user('bob_media');
    eve = await server.user('eve_media');
    chatId = (await alice.request('openPrivateChat', { userId: bob.user?.id })).id;
  });
  afterAll(() => server.stop());

  it('re-encodes a photo to WebP sizes with a placeholder, and no served variant keeps its GPS', async () => {
    const jpeg = await jpegWithGps();
    expect((await sharp(jpeg).metadata()).exif?.includes(Buffer.from('PeykCam'))).toBe(true);
    const file = await uploaded(server, alice, jpeg, 'IMG_0001.jpg');
    expect(file.kind).toBe(MediaKind.PHOTO);
    expect([file.width, file.height]).toEqual([1600, 1200]);
    const placeholder = file.placeholder;
    expect(placeholder.length).toBeGreaterThan(10);
    expect(placeholder.length).toBeLessThan(40);

    const message = await alice.request('sendMessage', {
      chatId,
      randomId: randomId(),
      text: 'from the trip',
      media: { fileId: file.fileId, kind: MediaKind.PHOTO },
    });
    const variants = message.media?.variants ?? [];
    expect(variants.map((v) => v.name)).toEqual(['w90', 'w320', 'w800', 'w1280', 'w1600']);
    const links = await linksFor(server, bob, chatId, message.id);
    expect(Object.keys(links).sort()).toEqual(variants.map((v) => v.key).sort());
    for (const variant of variants) {
      const response = await fetch(links[variant.key] as string);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/webp');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(variant.key);
      const metadata = await sharp(bytes).metadata();
      expect(metadata.format).toBe('webp');
      expect(metadata.exif).toBeUndefined();
      expect(bytes.includes(Buffer.from('PeykCam'))).toBe(false);
      expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
      expect(Math.max(metadata.width ?? 0, metadata.height ?? 0)).toBe(Number(variant.name.slice(1)));
    }
    // The uploaded original (with its EXIF) has no link at all.
    expect(Object.keys(links)).not.toContain(createHash('sha256').update(jpeg).digest('hex'));
  });

  it('resumes an upload after the connection drops mid-way', async () => {
    const bytes = randomBytes(3 * 1024 * 1024);
    const tus = tusOf(server, alice);
    const url = await tus.create(bytes.length, 'backup.bin');
    await tus.patchAndDrop(url, 0, bytes, 1024 * 1024);
    const confirmed = await tus.offset(url);
    expect(confirmed).toBeGreaterThan(0);
    expect(confirmed).toBeLessThanOrEqual(1024 * 1024);
    const finished = await tus.patch(url, confirmed, bytes.subarray(confirmed));
    expect(finished.status, finished.body).toBe(200);
    const file = mediaOf(finished.body);
    expect(file.kind).toBe(MediaKind.DOCUMENT);
    const message = await alice.request('sendMessage', {
      chatId,
      randomId: randomId(),
      text: '',
      media: { fileId: file.fileId, kind: MediaKind.DOCUMENT, fileName: '../../etc/backup.bin' },
    });
    expect(message.media?.fileName).toBe('backup.bin');
    const [original] = message.media?.variants ?? [];
    expect(original?.key).toBe(createHash('sha256').update(bytes).digest('hex'));
    const links = await linksFor(server, bob, chatId, message.id);
    const download = Buffer.from(await (await fetch(links[original?.key as string] as string)).arrayBuffer());
    expect(download.equals(bytes)).toBe(true);
    // The finished upload is gone from the upload area.
    await expect(tus.offset(url)).rejects.toThrow(/404/);
  });

  it('stores the same bytes once, whoever uploads them', async () => {
    const bytes = randomBytes(50_000);
    const first = await uploaded(server, alice, bytes, 'a.bin');
    const second = await uploaded(server, bob, bytes, 'b.bin');
    expect(second.fileId).toBe(first.fileId);
    const rows = await server.storeHandle.store.read.files.variants([Number(first.fileId)]);
    expect(rows.map((r) => r.name)).toEqual(['original']);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(await server.app.domain.media.storageSize(sha)).toBe(50_000);
  });

  it('answers Range requests byte-exact, with ETag and immutable caching', async () => {
    const bytes = randomBytes(10_000);
    const file = await uploaded(server, alice, bytes, 'range.bin');
    const message = await alice.request('sendMessage', {
      chatId,
      randomId: randomId(),
      text: 'doc',
      media: { fileId: file.fileId, kind: MediaKind.DOCUMENT },
    });
    const key = message.media?.variants[0]?.key as string;
    const url = (await linksFor(server, bob, chatId, message.id))[key] as string;
    const whole = await fetch(url);
    expect(whole.headers.get('etag')).toBe(`"${key}"`);
    expect(whole.headers.get('cache-control')).toContain('immutable');
    expect(whole.headers.get('content-disposition')).toBe('attachment');
    await whole.arrayBuffer();
    for (const [header, start, end] of [
      ['bytes=0-0', 0, 0],
      ['bytes=100-1099', 100, 1099],
      ['bytes=9990-', 9990, 9999],
      ['bytes=-7', 9993, 9999],
      ['bytes=9000-20000', 9000, 9999],
    ] as const) {
      const part = await fetch(url, { headers: { Range: header } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes ${start}-${end}/10000`);
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
    const beyond = await fetch(url, { headers: { Range: 'bytes=10000-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */10000');
    expect((await fetch(url, { headers: { 'If-None-Match': `"${key}"` } })).status).toBe(304);
  });

  it('gives a stranger nothing: no links, and forged or expired links are 404 like a missing file', async () => {
    const file = await uploaded(server, alice, randomBytes(1000), 'secret.bin');
    const message = await alice.request('sendMessage', {
      chatId,
      randomId: randomId(),
      text: 'private',
      media: { fileId: file.fileId, kind: MediaKind.DOCUMENT },
    });
    await expect(eve.request('getFileLinks', { chatId, messageIds: [message.id] })).rejects.toMatchObject({
      code: 'CHAT_NOT_FOUND',
    });
    const key = message.media?.variants[0]?.key as string;
    const good = new URL((await linksFor(server, bob, chatId, message.id))[key] as string);
    const missing = await fetch(
      `${server.app.httpUrl}/media/${'0'.repeat(64)}?e=${good.searchParams.get('e')}&s=x`,
    );
    expect(missing.status).toBe(404);
    const bare = await fetch(`${server.app.httpUrl}/media/${key}`);
    expect(bare.status).toBe(404);
    expect(await bare.text()).toBe(await missing.text());
    const forged = new URL(good);
    forged.searchParams.set('e', String(Number(good.searchParams.get('e')) + 86_400));
    expect((await fetch(forged)).status).toBe(404);
    const otherKey = new URL(good);
    otherKey.pathname = `/media/${createHash('sha256').update('other').digest('hex')}`;
    expect((await fetch(otherKey)).status).toBe(404);
    // Eve cannot attach a file she never uploaded, even knowing its id.
    await expect(
      eve.request('sendMessage', {
        chatId: (await eve.request('openPrivateChat', { userId: eve.user?.id })).id,
        randomId: randomId(),
        text: '',
        media: { fileId: file.fileId, kind: MediaKind.DOCUMENT },
      }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('refuses pixel bombs, corrupt images and lying types, and keeps nothing of them', async () => {
    const bomb = await tusOf(server, alice).upload(pngBomb(), 'cute.png');
    expect(bomb.status).toBe(422);
    expect(JSON.parse(bomb.body).code).toBe('MEDIA_TOO_MANY_PIXELS');
    const corrupt = Buffer.concat([(await jpegWithGps(64, 64)).subarray(0, 300), randomBytes(2000)]);
    const broken = await tusOf(server, alice).upload(corrupt, 'broken.jpg');
    expect(broken.status).toBe(422);
    expect(JSON.parse(broken.body).code).toBe('MEDIA_INVALID');
    const bombSha = createHash('sha256').update(pngBomb()).digest('hex');
    expect(await server.storeHandle.store.read.files.fileBySha256(bombSha)).toBeUndefined();
    expect(await server.app.domain.media.storageSize(bombSha)).toBeUndefined();

    // A text file named like a photo is a document, and cannot be sent as a photo.
    const liar = await uploaded(
      server,
      alice,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'photo.jpg',
    );
    expect(liar.kind).toBe(MediaKind.DOCUMENT);
    expect(liar.mimeType).toBe('application/octet-stream');
    await expect(
      alice.request('sendMessage', {
        chatId,
        randomId: randomId(),
        text: '',
        media: { fileId: liar.fileId, kind: MediaKind.PHOTO },
      }),
    ).rejects.toMatchObject({ code: 'MEDIA_INVALID' });
    // Server still healthy.
    expect((await fetch(`${server.app.httpUrl}/healthz`)).status).toBe(200);
  });

  it('refuses uploads without a session, and another user cannot touch an upload', async () => {
    const anonymous = new TusTestClient(server.app.httpUrl, 'not-a-token');
    await expect(anonymous.create(10, 'x')).rejects.toThrow(/401/);
    const url = await tusOf(server, alice).create(10, 'x');
    await expect(tusOf(server, eve).offset(url)).rejects.toThrow(/404/);
    expect((await tusOf(server, eve).patch(url, 0, Buffer.alloc(10))).status).toBe(404);
  });

  it('forwards media without a new upload, and albums hold up to 10 photos and videos', async () => {
    const file = await uploaded(server, alice, await jpegWithGps(400, 300), 'p.jpg');
    const albumId = randomId();
    const album = [];
    for (let i = 0; i < 10; i++) {
      album.push(
        await alice.request('sendMessage', {
          chatId,
          randomId: randomId(),
          text: i === 0 ? 'album' : '',
          media: { fileId: file.fileId, kind: MediaKind.PHOTO },
          albumId,
        }),
      );
    }
    expect(new Set(album.map((m) => m.albumId))).toEqual(new Set([albumId]));
    await expect(
      alice.request('sendMessage', {
        chatId,
        randomId: randomId(),
        text: '',
        media: { fileId: file.fileId, kind: MediaKind.PHOTO },
        albumId,
      }),
    ).rejects.toMatchObject({ code: 'ALBUM_INVALID' });
    await expect(
      alice.request('sendMessage', { chatId, randomId: randomId(), text: 'text only', albumId: randomId() }),
    ).rejects.toMatchObject({ code: 'ALBUM_INVALID' });

    const saved = (await bob.request('openPrivateChat', { userId: bob.user?.id })).id;
    const source = album[0];
    const forwarded = await bob.request('forwardMessages', {
      fromChatId: chatId,
      messageIds: [source?.id ?? 0],
      toChatId: saved,
      randomIds: [randomId()],
    });
    const copy = forwarded.messages[0];
    expect(copy?.media?.fileId).toBe(file.fileId);
    expect(copy?.media?.variants.map((v) => v.key)).toEqual(source?.media?.variants.map((v) => v.key));
    const links = await linksFor(server, bob, saved, copy?.id ?? 0);
    expect(Object.keys(links).length).toBe(copy?.media?.variants.length);
  });

  it('keeps captions to 1,024 characters', async () => {
    const file = await uploaded(server, alice, randomBytes(100), 'c.bin');
    await expect(
      alice.request('sendMessage', {
        chatId,
        randomId: randomId(),
        text: 'x'.repeat(1025),
        media: { fileId: file.fileId, kind: MediaKind.DOCUMENT },
      }),
    ).rejects.toMatchObject({ code: 'MESSAGE_TOO_LONG' });
  });

  it.runIf(hasFfmpeg)('gives a voice note its duration and waveform', async () => {
    const voice = await opusVoice(scratch, 3);
    const file = await uploaded(server, alice, voice, 'voice.ogg');
    expect(file.kind).toBe(MediaKind.AUDIO);
    const message = await alice.request('sendMessage', {
      chatId,
      randomId: randomId(),
      text: '',
      media: { fileId: file.fileId, kind: MediaKind.VOICE },
    });
    const media = message.media as Media;
    expect(media.kind).toBe(MediaKind.VOICE);
    expect(media.durationMs).toBeGreaterThan(2900);
    expect(media.durationMs).toBeLessThan(3200);
    const levels = [...media.waveform];
    expect(levels.length).toBe(100);
    expect(Math.max(...levels)).toBe(31);
    expect(levels.every((level) => level >= 0 && level <= 31)).toBe(true);
    // Loud in the middle third, quiet around it.
    expect(levels[50]).toBeGreaterThan((levels[10] ?? 0) * 3);
    expect(media.variants.map((v) => v.mimeType)).toEqual(['audio/ogg']);
  });

  it.runIf(hasFfmpeg)('measures a recorded WebM whose container states no duration', async () => {
    const file = await uploaded(server, alice, await streamedWebmVoice(2), 'voice.webm');
    expect(file.kind).toBe(MediaKind.AUDIO);
    expect(file.mimeType).toBe('video/webm');
    expect(file.durationMs).toBeGreaterThan(1900);
    expect(file.durationMs).toBeLessThan(2200);
  });

  it.runIf(hasFfmpeg)('gives a video a poster, duration and size, and streams it by range', async () => {
    const video = await mp4Video(scratch);
    const file = await uploaded(server, alice, video, 'clip.mp4');
    expect(file.kind).toBe(MediaKind.VIDEO);
    const message = await alice.request('sendMessage', {
      chatId,
      randomId: randomId(),
      text: '',
      media: { fileId: file.fileId, kind: MediaKind.VIDEO },
    });
    const media = message.media as Media;
    expect([media.width, media.height]).toEqual([320, 240]);
    expect(media.durationMs).toBeGreaterThan(1900);
    expect(media.placeholder.length).toBeGreaterThan(10);
    const poster = media.variants.find((v) => v.name === 'poster');
    const original = media.variants.find((v) => v.name === 'original');
    expect(poster?.mimeType).toBe('image/webp');
    expect(original?.mimeType).toBe('video/mp4');
    const links = await linksFor(server, bob, chatId, message.id);
    const posterBytes = Buffer.from(
      await (await fetch(links[poster?.key as string] as string)).arrayBuffer(),
    );
    expect((await sharp(posterBytes).metadata()).width).toBe(320);
    const head = await fetch(links[original?.key as string] as string, {
      headers: { Range: 'bytes=0-1023' },
    });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await head.arrayBuffer()).equals(video.subarray(0, 1024))).toBe(true);
  });

  it.runIf(hasFfmpeg)('refuses a corrupt video cleanly', async () => {
    const video = await mp4Video(scratch);
    const corrupt = Buffer.concat([video.subarray(0, 64), randomBytes(5000)]);
    const finished = await tusOf(server, alice).upload(corrupt, 'broken.mp4');
    expect(finished.status).toBe(422);
    expect(JSON.parse(finished.body).code).toBe('MEDIA_INVALID');
  });
});

describe('media kept in an S3-compatible bucket', () => {
  let s3: TestS3;
  let server: TestServer;
  let alice: PeykClient;
  let bob: PeykClient;
  let chatId: string;

  beforeAll(async () => {
    s3 = await startTestS3();
    server = await startTestServer(kinds[0] as StoreKind, { blobStorage: new S3BlobStorage(s3.options) });
    alice = await server.user('alice_s3');
    bob = await server.user('bob_s3');
    chatId = (await alice.request('openPrivateChat', { userId: bob.user?.id })).id;
  });
  afterAll(async () => {
    await server.stop();
    await s3.stop();
  });

  it('stores the photo sizes and the original there, and serves them whole and by range', async () => {
    const photo = await uploaded(server, alice, await jpegWithGps(1000, 800), 'p.jpg');
    const document = await uploaded(server, alice, randomBytes(70_000), 'd.bin');
    const sent = [];
    for (const [file, kind] of [
      [photo, MediaKind.PHOTO],
      [document, MediaKind.DOCUMENT],
    ] as const) {
      sent.push(
        await alice.request('sendMessage', {
          chatId,
          randomId: randomId(),
          text: '',
          media: { fileId: file.fileId, kind },
        }),
      );
    }
    for (const message of sent) {
      const links = await linksFor(server, bob, chatId, message.id);
      for (const variant of message.media?.variants ?? []) {
        const bytes = Buffer.from(await (await fetch(links[variant.key] as string)).arrayBuffer());
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(variant.key);
        const part = await fetch(links[variant.key] as string, { headers: { Range: 'bytes=0-0' } });
        expect(part.status).toBe(206);
        expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(0, 1))).toBe(true);
      }
    }
  });
});
