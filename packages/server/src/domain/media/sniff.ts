import { MediaKind } from '@peyk/protocol';

export interface Sniffed {
  mime: string;
  /** What the bytes can be shown as; a container with audio only is decided by probing. */
  kind: MediaKind;
}

const DOCUMENT: Sniffed = { mime: 'application/octet-stream', kind: MediaKind.DOCUMENT };

/**
 * The type of a file from its first bytes (at least 64), never from its name or a header the
 * uploader sent. Unknown content is a document, served as application/octet-stream.
 */
export function sniff(head: Buffer): Sniffed {
  const ascii = (from: number, to: number) => head.subarray(from, to).toString('latin1');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return photo('image/jpeg');
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return photo('image/png');
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return photo('image/gif');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return photo('image/webp');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return { mime: 'audio/wav', kind: MediaKind.AUDIO };
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return photo('image/avif');
    // sharp's libvips decodes AVIF but not HEVC: a HEIC photo is kept as a file, not refused.
    if (['heic', 'heix', 'mif1', 'msf1'].includes(brand))
      return { mime: 'image/heic', kind: MediaKind.DOCUMENT };
    if (brand === 'M4A ') return { mime: 'audio/mp4', kind: MediaKind.AUDIO };
    if (brand === 'qt  ') return { mime: 'video/quicktime', kind: MediaKind.VIDEO };
    return { mime: 'video/mp4', kind: MediaKind.VIDEO };
  }
  if (head.readUInt32BE(0) === 0x1a45dfa3) return { mime: 'video/webm', kind: MediaKind.VIDEO };
  if (ascii(0, 4) === 'OggS') return { mime: 'audio/ogg', kind: MediaKind.AUDIO };
  if (ascii(0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0))
    return { mime: 'audio/mpeg', kind: MediaKind.AUDIO };
  if (ascii(0, 4) === 'fLaC') return { mime: 'audio/flac', kind: MediaKind.AUDIO };
  if (ascii(0, 5) === '%PDF-') return { mime: 'application/pdf', kind: MediaKind.DOCUMENT };
  if (ascii(0, 4) === 'PK\x03\x04') return { mime: 'application/zip', kind: MediaKind.DOCUMENT };
  return DOCUMENT;
}

function photo(mime: string): Sniffed {
  return { mime, kind: MediaKind.PHOTO };
}
