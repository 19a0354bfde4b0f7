import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

const run = promisify(execFile);

/** A latitude/longitude that must never reach a receiver. */
export const SECRET_PLACE = { latitude: '35/1 41/1 2199/100', longitudeRef: 'E' };

/** A camera-like JPEG with EXIF that includes a GPS position and a camera model. */
export async function jpegWithGps(width = 1600, height = 1200): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } },
  })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="orange"/></svg>`,
        ),
      },
    ])
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'PeykCam', Model: 'SecretModel 9' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: SECRET_PLACE.latitude,
        GPSLongitudeRef: SECRET_PLACE.longitudeRef,
        GPSLongitude: '51/1 23/1 2399/100',
      },
    })
    .toBuffer();
}

/**
 * A PNG whose header claims `side` x `side` pixels but holds a few bytes of data: decoding it
 * would allocate gigabytes (a pixel bomb).
 */
export function pngBomb(side = 60_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A voice note as browsers record it: Opus in OGG, `seconds` long, with a loud middle. */
export async function opusVoice(dir: string, seconds = 2): Promise<Buffer> {
  const path = join(dir, 'voice.ogg');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    '-af',
    `volume='if(between(t,${seconds / 3},${(2 * seconds) / 3}),1,0.1)':eval=frame`,
    '-c:a',
    'libopus',
    '-b:a',
    '24k',
    path,
  ]);
  return readFile(path);
}

/** A short H.264 video in MP4, 320x240. */
export async function mp4Video(dir: string): Promise<Buffer> {
  const path = join(dir, 'video.mp4');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240:rate=10:duration=2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    path,
  ]);
  return readFile(path);
}

/**
 * Opus in WebM written to a pipe, as Chromium's MediaRecorder writes it: the container states
 * no duration, so only decoding tells it.
 */
export async function streamedWebmVoice(seconds = 2): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=300:duration=${seconds}`,
      '-c:a',
      'libopus',
      '-f',
      'webm',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 10 * 1024 * 1024 },
  );
  return stdout;
}
