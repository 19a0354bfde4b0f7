import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStorage } from '../src/domain/media/blob-storage.js';
import { LocalBlobStorage } from '../src/storage/local-blob-storage.js';
import { S3BlobStorage } from '../src/storage/s3-blob-storage.js';
import { startTestS3, type TestS3 } from './helpers/s3-server.js';

const scratch = mkdtempSync(join(tmpdir(), 'peyk-blobs-'));
let s3: TestS3;

beforeAll(async () => {
  s3 = await startTestS3();
  console.log(`S3 driver suite runs against ${s3.description}`);
});
afterAll(async () => {
  await s3.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function blobFile(bytes: Buffer): { key: string; path: string } {
  const key = createHash('sha256').update(bytes).digest('hex');
  const path = join(scratch, key);
  writeFileSync(path, bytes);
  return { key, path };
}

const drivers: { name: string; open(): BlobStorage }[] = [
  { name: 'local directory', open: () => new LocalBlobStorage(mkdtempSync(join(scratch, 'local-'))) },
  { name: 'S3-compatible', open: () => new S3BlobStorage(s3.options) },
];

describe.each(drivers)('BlobStorage: $name', (driver) => {
  it('stores a blob and serves it whole and byte-exact in ranges', async () => {
    const storage = driver.open();
    const bytes = randomBytes(300_000);
    const { key, path } = blobFile(bytes);
    expect(await storage.size(key)).toBeUndefined();
    await storage.put(key, path);
    expect(await storage.size(key)).toBe(bytes.length);
    expect((await bytesOf(await storage.read(key))).equals(bytes)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [1, 99],
      [123_456, 234_567],
      [bytes.length - 1, bytes.length - 1],
    ] as const) {
      const part = await bytesOf(await storage.read(key, { start, end }));
      expect(part.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('puts the same key twice without error and keeps one blob', async () => {
    const storage = driver.open();
    const { key, path } = blobFile(randomBytes(1000));
    await storage.put(key, path);
    await storage.put(key, path);
    expect(await storage.size(key)).toBe(1000);
  });

  it('deletes, and deleting a missing blob is not an error', async () => {
    const storage = driver.open();
    const { key, path } = blobFile(randomBytes(10));
    await storage.put(key, path);
    await storage.delete(key);
    expect(await storage.size(key)).toBeUndefined();
    await storage.delete(key);
    await expect(storage.read(key)).rejects.toThrow();
  });

  it('stores an empty blob', async () => {
    const storage = driver.open();
    const { key, path } = blobFile(Buffer.alloc(0));
    await storage.put(key, path);
    expect(await storage.size(key)).toBe(0);
    expect((await bytesOf(await storage.read(key))).length).toBe(0);
  });
});
