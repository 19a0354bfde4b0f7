import { create } from '@bufbuild/protobuf';
import { type Media, MediaKind, MediaSchema } from '@peyk/protocol';
import type { FileRow, FileVariantRow } from '../../store/schema.js';
import { wireId } from '../ids.js';

export interface StoredVariant {
  name: string;
  key: string;
  mime: string;
  size: number;
  width: number;
  height: number;
}

/**
 * A message's media as stored with the message (JSON): files never change, so the message keeps
 * a copy of what it shows and renders without another read.
 */
export interface StoredMedia {
  fileId: number;
  kind: MediaKind;
  mime: string;
  size: number;
  fileName: string;
  width: number;
  height: number;
  durationMs: number;
  /** base64 */
  placeholder?: string;
  /** base64 */
  waveform?: string;
  variants: StoredVariant[];
}

/**
 * The media a message of `kind` shows. A photo never offers its original (the uploaded bytes may
 * carry EXIF with a GPS position): only the re-encoded sizes. Everything else offers the
 * original as uploaded, and a video its poster too.
 */
export function storedMedia(
  file: FileRow,
  variants: readonly FileVariantRow[],
  kind: MediaKind,
  fileName: string,
): StoredMedia {
  const shown = variants.filter((v) =>
    kind === MediaKind.PHOTO ? v.name.startsWith('w') : v.name === 'original' || v.name === 'poster',
  );
  return {
    fileId: file.id,
    kind,
    mime: file.mime,
    size: file.size,
    fileName,
    width: file.width,
    height: file.height,
    durationMs: file.duration_ms,
    ...(file.placeholder ? { placeholder: Buffer.from(file.placeholder).toString('base64') } : {}),
    ...(file.waveform && kind === MediaKind.VOICE
      ? { waveform: Buffer.from(file.waveform).toString('base64') }
      : {}),
    variants: shown.map((v) => ({
      name: v.name,
      key: v.blob_key,
      mime: v.mime,
      size: v.size,
      width: v.width,
      height: v.height,
    })),
  };
}

export function mediaFromJson(json: string): Media {
  const stored = JSON.parse(json) as StoredMedia;
  return create(MediaSchema, {
    fileId: wireId(stored.fileId),
    kind: stored.kind,
    mimeType: stored.mime,
    size: String(stored.size),
    fileName: stored.fileName,
    width: stored.width,
    height: stored.height,
    durationMs: stored.durationMs,
    placeholder: stored.placeholder ? Buffer.from(stored.placeholder, 'base64') : new Uint8Array(),
    waveform: stored.waveform ? Buffer.from(stored.waveform, 'base64') : new Uint8Array(),
    variants: stored.variants.map((v) => ({ ...v, mimeType: v.mime, size: String(v.size) })),
  });
}
