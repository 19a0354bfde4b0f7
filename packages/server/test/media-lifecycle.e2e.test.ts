import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromJson } from '@bufbuild/protobuf';
import { randomId } from '@peyk/client';
import { MediaKind, MediaSchema } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../src/domain/index.js';
import { mp4Video } from './helpers/media-fixtures.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';
import { TusTestClient } from './helpers/tus.js';

const kinds = await storeKinds();
const hasFfmpeg = await ffmpegAvailable();
const scratch = mkdtempSync(join(tmpdir(), 'peyk-lifecycle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const GRACE = 3600;

describe.each(kinds)('file lifecycle on $name', (kind) => {
  let server: TestServer;
  let now = 1_800_000_000;
  let tus: TusTestClient;

  beforeAll(async () => {
    server = await startTestServer(kind, {
      clock: { now: () => now },
      env: {
        PEYK_UPLOAD_MAX_BYTES: '100000',
        PEYK_UPLOAD_EXPIRE_SECONDS: '1',
        PEYK_MEDIA_GRACE_SECONDS: String(GRACE),
        PEYK_MEDIA_MAX_PIXELS: '50000',
      },
    });
  });
  afterAll(() => server.stop());

  it('collects files no message carries once the grace period is over, and keeps the rest', async () => {
    const alice = await server.user('alice_gc');
    tus = new TusTestClient(server.app.httpUrl, alice.token as string);
    const chatId = (await alice.request('openPrivateChat', { userId: alice.user?.id })).id;
    const upload = async (bytes: Buffer) => {
      const finished = await tus.upload(bytes, 'f.bin');
      expect(finished.status, finished.body).toBe(200);
      return fromJson(MediaSchema, JSON.parse(finished.body));
    };
    const send = (fileId: string) =>
      alice.request('sendMessage', {
        chatId,
        randomId: randomId(),
        text: '',
        media: { fileId, kind: MediaKind.DOCUMENT },
      });
    const [orphanBytes, keptBytes, deletedBytes] = [randomBytes(500), randomBytes(600), randomBytes(700)];
    const orphan = await upload(orphanBytes);
    const kept = await upload(keptBytes);
    const deleted = await upload(deletedBytes);
    await send(kept.fileId);
    const gone = await send(deleted.fileId);
    await alice.request('deleteMessages', { chatId, messageIds: [gone.id], forEveryone: true });

    expect((await server.app.cleanUpMedia()).collectedFiles).toBe(0);
    now += GRACE + 1;
    expect((await server.app.cleanUpMedia()).collectedFiles).toBe(2);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const files = server.storeHandle.store.read.files;
    expect(await files.fileBySha256(sha(orphanBytes))).toBeUndefined();
    expect(await files.fileBySha256(sha(deletedBytes))).toBeUndefined();
    expect(await server.app.domain.media.storageSize(sha(orphanBytes))).toBeUndefined();
    expect(await server.app.domain.media.storageSize(sha(deletedBytes))).toBeUndefined();
    expect((await files.fileBySha256(sha(keptBytes)))?.id).toBe(Number(kept.fileId));
    expect(await server.app.domain.media.storageSize(sha(keptBytes))).toBe(600);
    expect(orphan.fileId).not.toBe(kept.fileId);
  });

  it('refuses uploads over the limit before reading them', async () => {
    const response = await fetch(`${server.app.httpUrl}/upload`, {
      method: 'POST',
      headers: {
        'Tus-Resumable': '1.0.0',
        Authorization: `Bearer ${(await server.user('big_uploader')).token}`,
        'Upload-Length': '100001',
      },
    });
    expect(response.status).toBe(413);
  });

  it.runIf(hasFfmpeg)('refuses a video whose frames exceed the pixel cap', async () => {
    const finished = await tus.upload(await mp4Video(scratch), 'big-frames.mp4');
    expect(finished.status).toBe(422);
    expect(JSON.parse(finished.body).code).toBe('MEDIA_TOO_MANY_PIXELS');
  });

  it('expires uploads abandoned halfway', async () => {
    const url = await tus.create(1000, 'half.bin');
    await tus.patch(url, 0, randomBytes(10)).catch(() => undefined);
    expect(await tus.offset(url)).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await server.app.cleanUpMedia()).expiredUploads).toBe(1);
    await expect(tus.offset(url)).rejects.toThrow(/404/);
  });
});
