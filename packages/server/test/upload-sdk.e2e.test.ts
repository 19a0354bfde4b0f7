import { createHash, randomBytes } from 'node:crypto';
import { MediaKind } from '@peyk/protocol';
import { type PeykClient, PeykError, uploadFile } from '@peyk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const [sqlite] = await storeKinds();

describe('the SDK uploads with progress, cancel and resume', () => {
  let server: TestServer;
  let alice: PeykClient;

  beforeAll(async () => {
    server = await startTestServer(sqlite as NonNullable<typeof sqlite>);
    alice = await server.user('alice_sdk');
  });
  afterAll(() => server.stop());

  it('reports progress, cancels, and resumes from what the server holds', async () => {
    const bytes = randomBytes(5 * 1024 * 1024 + 123);
    const file = new Blob([bytes]);
    const chunkBytes = 1024 * 1024;
    const cancel = new AbortController();
    let uploadUrl = '';
    const firstProgress: number[] = [];
    const cancelled = uploadFile({
      baseUrl: server.app.httpUrl,
      token: alice.token as string,
      file,
      fileName: 'big.bin',
      chunkBytes,
      signal: cancel.signal,
      onCreated: (url) => {
        uploadUrl = url;
      },
      onProgress: (uploaded) => {
        firstProgress.push(uploaded);
        if (uploaded >= 2 * chunkBytes) cancel.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'UPLOAD_CANCELLED' });
    expect(firstProgress).toEqual([chunkBytes, 2 * chunkBytes]);

    const resumedProgress: number[] = [];
    const media = await uploadFile({
      baseUrl: server.app.httpUrl,
      token: alice.token as string,
      file,
      fileName: 'big.bin',
      chunkBytes,
      resumeUrl: uploadUrl,
      onProgress: (uploaded) => resumedProgress.push(uploaded),
    });
    expect(resumedProgress[0]).toBe(3 * chunkBytes);
    expect(resumedProgress.at(-1)).toBe(bytes.length);
    expect(media.kind).toBe(MediaKind.DOCUMENT);
    expect(media.variants[0]?.key).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('rejects with the server code when the bytes are refused', async () => {
    const error = await uploadFile({
      baseUrl: server.app.httpUrl,
      token: alice.token as string,
      file: new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8])]),
      fileName: 'broken.jpg',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PeykError);
    expect((error as PeykError).code).toBe('MEDIA_INVALID');
  });
});
