import { MediaKind } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { sniff } from './sniff.js';

function head(...parts: (string | number[])[]): Buffer {
  const bytes = Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );
  return Buffer.concat([bytes, Buffer.alloc(Math.max(0, 64 - bytes.length))]);
}

describe('sniff', () => {
  it.each([
    ['JPEG', head([0xff, 0xd8, 0xff, 0xe1]), 'image/jpeg', MediaKind.PHOTO],
    ['PNG', head('\x89PNG\r\n\x1a\n'), 'image/png', MediaKind.PHOTO],
    ['GIF', head('GIF89a'), 'image/gif', MediaKind.PHOTO],
    ['WebP', head('RIFF', [0, 0, 0, 0], 'WEBP'), 'image/webp', MediaKind.PHOTO],
    ['AVIF', head([0, 0, 0, 0x20], 'ftypavif'), 'image/avif', MediaKind.PHOTO],
    ['HEIC (kept as a file)', head([0, 0, 0, 0x18], 'ftypheic'), 'image/heic', MediaKind.DOCUMENT],
    ['MP4', head([0, 0, 0, 0x20], 'ftypisom'), 'video/mp4', MediaKind.VIDEO],
    ['M4A', head([0, 0, 0, 0x20], 'ftypM4A '), 'audio/mp4', MediaKind.AUDIO],
    ['WebM', head([0x1a, 0x45, 0xdf, 0xa3]), 'video/webm', MediaKind.VIDEO],
    ['OGG', head('OggS'), 'audio/ogg', MediaKind.AUDIO],
    ['MP3', head('ID3'), 'audio/mpeg', MediaKind.AUDIO],
    ['WAV', head('RIFF', [0, 0, 0, 0], 'WAVE'), 'audio/wav', MediaKind.AUDIO],
    ['PDF', head('%PDF-1.7'), 'application/pdf', MediaKind.DOCUMENT],
    [
      'SVG (never rendered from our origin)',
      head('<svg xmlns="http://www.w3.org/2000/svg">'),
      'application/octet-stream',
      MediaKind.DOCUMENT,
    ],
    ['HTML named photo.jpg', head('<html><script>'), 'application/octet-stream', MediaKind.DOCUMENT],
    ['empty', Buffer.alloc(4), 'application/octet-stream', MediaKind.DOCUMENT],
  ])('%s', (_name, bytes, mime, kind) => {
    expect(sniff(bytes)).toEqual({ mime, kind });
  });
});
