/**
 * Prints the media figures: what a receiver downloads to see a 12-megapixel photo message
 * compared with the photo's file, and upload throughput over loopback for a 1 GB file.
 *
 *   npx tsx packages/server/scripts/media-figures.ts [--gigabytes 1] [--photo a-real-photo.jpg]
 *
 * Starts `peyk start` in its own process (SQLite, local files, a temporary data directory that
 * is removed afterwards), so the server and this client do not share one event loop.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toBinary } from '@bufbuild/protobuf';
import { PeykClient, randomId, uploadFile } from '@peyk/client';
import { MediaKind, MessageSchema } from '@peyk/protocol';
import sharp from 'sharp';
import { WebSocket } from 'ws';

const gigabyteFlag = process.argv.indexOf('--gigabytes');
const gigabytes = gigabyteFlag > 0 ? Number(process.argv[gigabyteFlag + 1]) : 1;
const dir = await mkdtemp(join(tmpdir(), 'peyk-media-figures-'));
const port = 20_000 + Math.floor(Math.random() * 20_000);
const server = spawn(
  process.execPath,
  [fileURLToPath(new URL('../bin/peyk.mjs', import.meta.url)), 'start'],
  {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PEYK_DATA_DIR: dir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const app = { httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws` };
for (let tries = 0; ; tries++) {
  const healthy = await fetch(`${app.httpUrl}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (healthy) break;
  if (tries > 300 || server.exitCode !== null) throw new Error('the server did not start');
  await new Promise((resolve) => setTimeout(resolve, 100));
}

async function signedIn(name: string): Promise<PeykClient> {
  const client = new PeykClient({ url: app.wsUrl, WebSocket: WebSocket as never });
  await client.connect();
  await client.signUp({ username: name, password: 'figures password', displayName: name });
  return client;
}

/**
 * A 4000x3000 JPEG (quality 92) with detail at every scale, as photos have: random noise at
 * 1/64, 1/16, 1/4 and full resolution (the finer two in brightness only), each enlarged
 * smoothly and mixed with weights that fall with the scale (a 1/f spectrum, like natural images). `--photo <file>` uses a real photo instead.
 */
async function twelveMegapixelPhoto(): Promise<Buffer> {
  const given = process.argv.indexOf('--photo');
  if (given > 0) return readFile(process.argv[given + 1] as string);
  const [width, height] = [4000, 3000];
  const mixed = new Float32Array(width * height * 3);
  const layers = [
    { divisor: 64, weight: 0.45 },
    { divisor: 16, weight: 0.3 },
    { divisor: 4, weight: 0.17 },
    { divisor: 1, weight: 0.08 },
  ];
  for (const { divisor, weight } of layers) {
    const [w, h] = [Math.ceil(width / divisor), Math.ceil(height / divisor)];
    // Fine detail is mostly brightness; colour changes slowly (as the eye and JPEG expect).
    const channels = divisor >= 16 ? 3 : 1;
    const layer = await sharp(randomBytes(w * h * channels), { raw: { width: w, height: h, channels } })
      .resize(width, height, { kernel: 'cubic' })
      .raw()
      .toBuffer();
    for (let i = 0; i < mixed.length; i++) {
      mixed[i] = (mixed[i] ?? 0) + (layer[channels === 3 ? i : Math.floor(i / 3)] ?? 0) * weight;
    }
  }
  const pixels = Buffer.from(
    Uint8Array.from(mixed, (v) => Math.max(0, Math.min(255, (v - 128) * 1.5 + 128))),
  );
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
    `12-megapixel photo: original JPEG ${photo.length} bytes (upload + processing ${processingMs.toFixed(0)} ms)`,
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
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await rm(dir, { recursive: true, force: true });
}
