/**
 * Prints the media figures: what a receiver downloads to see a 12-megapixel photo message
 * compared with the photo's file, and upload throughput over loopback for a 1 GB file.
 *
 *   npx tsx packages/server/scripts/media-figures.ts [--gigabytes 1]
 *
 * Runs a real server (SQLite, local files) in a temporary directory and removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBinary } from '@bufbuild/protobuf';
import { PeykClient, randomId, uploadFile } from '@peyk/client';
import { MediaKind, MessageSchema } from '@peyk/protocol';
import pino from 'pino';
import sharp from 'sharp';
import { WebSocket } from 'ws';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const gigabytes = Number(process.argv[process.argv.indexOf('--gigabytes') + 1] || 1);
const dir = await mkdtemp(join(tmpdir(), 'peyk-media-figures-'));
const app = await startApp({
  config: loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', PEYK_DATA_DIR: dir }),
  logger: pino({ level: 'silent' }),
});

async function signedIn(name: string): Promise<PeykClient> {
  const client = new PeykClient({ url: app.wsUrl, WebSocket: WebSocket as never });
  await client.connect();
  await client.signUp({ username: name, password: 'figures password', displayName: name });
  return client;
}

/** A 4000x3000 camera-like JPEG: smooth scene plus sensor noise, quality 92. */
async function twelveMegapixelPhoto(): Promise<Buffer> {
  const [width, height] = [4000, 3000];
  const pixels = Buffer.alloc(width * height * 3);
  const noise = randomBytes(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const n = ((noise[y * width + x] as number) % 17) - 8;
      const sky = y < height * 0.55;
      const wave = Math.sin(x / 170 + Math.cos(y / 230) * 3) * 25;
      pixels[i] = Math.max(0, Math.min(255, (sky ? 90 : 70) + wave + n + (x * 40) / width));
      pixels[i + 1] = Math.max(0, Math.min(255, (sky ? 150 : 120) + wave / 2 + n));
      pixels[i + 2] = Math.max(0, Math.min(255, (sky ? 220 : 60) - wave + n + (y * 30) / height));
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

try {
  const alice = await signedIn('alice_figures');
  const bob = await signedIn('bob_figures');
  const chat = await alice.request('openPrivateChat', { userId: bob.user?.id });

  const photo = await twelveMegapixelPhoto();
  const photoPath = join(dir, 'photo.jpg');
  await writeFile(photoPath, photo);
  const started = performance.now();
  const media = await uploadFile({
    baseUrl: app.httpUrl,
    token: alice.token as string,
    file: await openAsBlob(photoPath),
    fileName: 'photo.jpg',
  });
  const processingMs = performance.now() - started;
  const message = await alice.request('sendMessage', {
    chatId: chat.id,
    randomId: randomId(),
    text: '',
    media: { fileId: media.fileId, kind: MediaKind.PHOTO },
  });
  const messageBytes = toBinary(MessageSchema, message).length;
  console.log(
    `12-megapixel photo (synthetic: smooth scene plus noise): original JPEG ${photo.length} bytes (upload + processing ${processingMs.toFixed(0)} ms)`,
  );
  console.log(
    `  message as delivered (protobuf, placeholder inline): ${messageBytes} bytes; ThumbHash ${message.media?.placeholder.length} bytes`,
  );
  for (const variant of message.media?.variants ?? []) {
    const share = ((Number(variant.size) / photo.length) * 100).toFixed(1);
    console.log(
      `  ${variant.name.padEnd(6)} ${variant.width}x${variant.height} WebP: ${variant.size} bytes (${share}% of the original)`,
    );
  }

  const size = Math.round(gigabytes * 1024 ** 3);
  const bigPath = join(dir, 'big.bin');
  const handle = await open(bigPath, 'w');
  const block = randomBytes(16 * 1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    await handle.write(block.subarray(0, Math.min(block.length, size - written)));
  }
  await handle.close();
  const transferStart = performance.now();
  const big = await uploadFile({
    baseUrl: app.httpUrl,
    token: alice.token as string,
    file: await openAsBlob(bigPath),
    fileName: 'big.bin',
    chunkBytes: 64 * 1024 * 1024,
  });
  const totalSeconds = (performance.now() - transferStart) / 1000;
  const { size: onDisk } = await stat(bigPath);
  const mib = onDisk / 1024 ** 2;
  console.log(
    `upload of ${onDisk} bytes over loopback (tus, 64 MiB PATCHes, SDK uploadFile): ${totalSeconds.toFixed(1)} s = ${(mib / totalSeconds).toFixed(0)} MiB/s including SHA-256 and storing`,
  );
  console.log(`  stored as ${big.variants[0]?.key.slice(0, 12)}..., ${big.size} bytes`);
  console.log(
    `  load average during the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  alice.close();
  bob.close();
} finally {
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
