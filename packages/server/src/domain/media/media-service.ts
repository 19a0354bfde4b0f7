import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { create } from '@bufbuild/protobuf';
import {
  ErrorCode,
  type FileLinks,
  FileLinksSchema,
  type InputMedia,
  Limits,
  type Media,
  MediaKind,
} from '@peyk/protocol';
import type { FileRow, FileVariantRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput } from '../errors.js';
import { parseId } from '../ids.js';
import { loudness, posterFrame, probe } from './av.js';
import { type BlobStorage, type ByteRange, isBlobKey } from './blob-storage.js';
import { safeFileName } from './file-name.js';
import { type EncodedImage, processPhoto, processPoster } from './photo.js';
import { sniff } from './sniff.js';
import { mediaFromJson, type StoredMedia, storedMedia } from './stored-media.js';

export interface MediaLimits {
  /** Largest upload in bytes. */
  uploadMaxBytes: number;
  /** Largest image in decoded pixels (width x height). */
  maxPixels: number;
  /** Seconds an uploaded file no message carries is kept before it is collected. */
  orphanGraceSeconds: number;
}

export const defaultMediaLimits: MediaLimits = {
  uploadMaxBytes: 2 * 1024 ** 3,
  maxPixels: 100_000_000,
  orphanGraceSeconds: 24 * 60 * 60,
};

/** Recordings longer than this get no waveform: decoding hours of audio is not worth a few bars. */
const WAVEFORM_MAX_MS = 30 * 60 * 1000;
/** Download links are signed for windows of this many seconds and live one to two windows. */
const LINK_WINDOW_SECONDS = 6 * 60 * 60;
const LINK_SECRET_SETTING = 'media_link_secret';

export interface MediaDeps {
  store: Store;
  clock: Clock;
  storage: BlobStorage;
  /** Where uploads are processed; emptied after each. */
  scratchDir: string;
  limits: MediaLimits;
  /** Whether ffmpeg and ffprobe are installed: without them videos and audio are not analysed. */
  ffmpeg: boolean;
}

/** A blob to serve: its size and type, and how to read it. */
export interface Download {
  key: string;
  mime: string;
  size: number;
  read(range?: ByteRange): Promise<Readable>;
}

/** Stores uploaded files once per content, makes their variants, and guards their download. */
export class MediaService {
  private linkSecret?: Promise<Buffer>;

  constructor(private readonly deps: MediaDeps) {}

  get limits(): MediaLimits {
    return this.deps.limits;
  }

  /**
   * Takes an uploaded file (at `sourcePath`, which the caller removes afterwards): identifies it
   * by its bytes, and stores it with its variants unless the same bytes are stored already.
   * Resolves with the file as a message would show it when sent as what it is.
   */
  async ingest(caller: Caller, sourcePath: string, declaredName: string): Promise<Media> {
    const { size } = await stat(sourcePath);
    if (size > this.deps.limits.uploadMaxBytes) {
      throw new DomainError(
        ErrorCode.FILE_TOO_LARGE,
        `A file has at most ${this.deps.limits.uploadMaxBytes} bytes`,
      );
    }
    const sha256 = await hashFile(sourcePath);
    const file =
      (await this.deps.store.read.files.fileBySha256(sha256)) ??
      (await this.process(sourcePath, sha256, size));
    const now = this.deps.clock.now();
    await this.deps.store.write((tx) => tx.files.recordUpload(caller.userId, file.id, now));
    const variants = await this.deps.store.read.files.variants([file.id]);
    const name = safeFileName(declaredName);
    return mediaFromJson(JSON.stringify(storedMedia(file, variants, file.kind, name)));
  }

  /**
   * The media a new message attaches: a file the sender uploaded, shown as `input.kind`. A file
   * shows as a photo, video or audio only when its bytes are one; anything is a document.
   */
  async attach(tx: Repositories, caller: Caller, input: InputMedia): Promise<StoredMedia> {
    const fileId = parseId(input.fileId);
    const [file] =
      fileId && (await tx.files.uploadedBy(caller.userId, fileId)) ? await tx.files.filesByIds([fileId]) : [];
    if (!file) throw fileNotFound();
    const kind = input.kind === MediaKind.UNSPECIFIED ? file.kind : input.kind;
    const fits =
      kind === MediaKind.DOCUMENT ||
      kind === file.kind ||
      (kind === MediaKind.VOICE && file.kind === MediaKind.AUDIO);
    if (!fits || !(kind in MediaKind)) {
      throw new DomainError(
        ErrorCode.MEDIA_INVALID,
        `This file cannot be sent as ${MediaKind[kind] ?? kind}`,
      );
    }
    return storedMedia(file, await tx.files.variants([file.id]), kind, safeFileName(input.fileName));
  }

  /** Signed download links for the media of messages the caller can see in the chat. */
  async links(caller: Caller, chatId: number, messageIds: readonly number[]): Promise<FileLinks> {
    if (messageIds.length > Limits.fileLinksBatch)
      throw invalidInput(`at most ${Limits.fileLinksBatch} message ids`);
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    const rows = await repos.messages.visibleByIds(chatId, caller.userId, messageIds);
    const expiresAt = (Math.floor(this.deps.clock.now() / LINK_WINDOW_SECONDS) + 2) * LINK_WINDOW_SECONDS;
    const secret = await this.secret();
    const urls: Record<string, string> = {};
    for (const row of rows) {
      if (!row.media) continue;
      for (const variant of (JSON.parse(row.media) as StoredMedia).variants) {
        urls[variant.key] = `/media/${variant.key}?e=${expiresAt}&s=${sign(secret, variant.key, expiresAt)}`;
      }
    }
    return create(FileLinksSchema, { urls, expiresAt });
  }

  /**
   * The blob a download link names, when its signature holds and has not expired. Anything else
   * is FILE_NOT_FOUND, as for a blob that does not exist.
   */
  async download(key: string, expiresAt: number, signature: string): Promise<Download> {
    if (!isBlobKey(key) || !Number.isInteger(expiresAt) || expiresAt <= this.deps.clock.now())
      throw fileNotFound();
    const expected = Buffer.from(sign(await this.secret(), key, expiresAt));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fileNotFound();
    const variant = await this.deps.store.read.files.variantByKey(key);
    if (!variant) throw fileNotFound();
    const { storage } = this.deps;
    return { key, mime: variant.mime, size: variant.size, read: (range) => storage.read(key, range) };
  }

  /**
   * One variant of a stored file, for a caller whose access the caller of this method has
   * checked (a bot's signed file_id); FILE_NOT_FOUND when the file or variant is gone.
   */
  async variant(fileId: number, name: string): Promise<Download & { kind: MediaKind }> {
    const [file] = await this.deps.store.read.files.filesByIds([fileId]);
    const variant =
      file && (await this.deps.store.read.files.variants([fileId])).find((v) => v.name === name);
    if (!file || !variant) throw fileNotFound();
    const { storage } = this.deps;
    const key = variant.blob_key;
    return {
      key,
      kind: file.kind,
      mime: variant.mime,
      size: variant.size,
      read: (range) => storage.read(key, range),
    };
  }

  /** The size of a stored blob, or undefined: for operators' checks and tests. */
  storageSize(key: string): Promise<number | undefined> {
    return this.deps.storage.size(key);
  }

  /**
   * Removes files no message carries whose grace period has passed: their rows, then the blobs
   * no other file uses. Returns how many files went.
   */
  async collectGarbage(): Promise<number> {
    const cutoff = this.deps.clock.now() - this.deps.limits.orphanGraceSeconds;
    let removed = 0;
    for (;;) {
      const orphans = await this.deps.store.read.files.orphans(cutoff, 100);
      if (orphans.length === 0) return removed;
      for (const orphan of orphans) {
        const keys = await this.deps.store.write(async (tx) => {
          // Attached or uploaded again since the scan: kept.
          return (await tx.files.isOrphan(orphan.id, cutoff)) ? tx.files.deleteFile(orphan.id) : [];
        });
        for (const key of keys) await this.deps.storage.delete(key);
        removed++;
      }
    }
  }

  private async process(sourcePath: string, sha256: string, size: number): Promise<FileRow> {
    const sniffed = sniff(await readHead(sourcePath));
    await mkdir(this.deps.scratchDir, { recursive: true });
    const work = await mkdtemp(join(this.deps.scratchDir, 'ingest-'));
    try {
      let kind = sniffed.kind;
      let width = 0;
      let height = 0;
      let durationMs = 0;
      let placeholder: Uint8Array | null = null;
      let levels: Uint8Array | null = null;
      const images: EncodedImage[] = [];
      if (kind === MediaKind.PHOTO) {
        const photo = await processPhoto(sourcePath, work, this.deps.limits.maxPixels);
        ({ width, height, placeholder } = photo);
        images.push(...photo.sizes);
      } else if ((kind === MediaKind.VIDEO || kind === MediaKind.AUDIO) && this.deps.ffmpeg) {
        const probed = await probe(sourcePath);
        if (!probed) throw new DomainError(ErrorCode.MEDIA_INVALID, 'The recording cannot be decoded');
        durationMs = probed.durationMs;
        if (probed.width > 0) {
          if (probed.width * probed.height > this.deps.limits.maxPixels) {
            throw new DomainError(ErrorCode.MEDIA_TOO_MANY_PIXELS, 'The video frame has too many pixels');
          }
          kind = MediaKind.VIDEO;
          ({ width, height } = probed);
          const frame = join(work, 'frame.png');
          await posterFrame(sourcePath, durationMs, frame);
          const poster = await processPoster(frame, join(work, 'poster.webp'));
          images.push(poster.image);
          placeholder = poster.placeholder;
        } else {
          kind = MediaKind.AUDIO;
          if (durationMs <= WAVEFORM_MAX_MS) {
            const measured = await loudness(sourcePath, WAVEFORM_MAX_MS);
            levels = measured.levels;
            durationMs ||= measured.durationMs;
          }
        }
      }
      const variants: Omit<FileVariantRow, 'file_id'>[] = [
        { name: 'original', blob_key: sha256, mime: sniffed.mime, size, width, height },
      ];
      await this.deps.storage.put(sha256, sourcePath);
      for (const image of images) {
        const key = await hashFile(image.path);
        await this.deps.storage.put(key, image.path);
        const { size: bytes } = await stat(image.path);
        variants.push({
          name: image.name,
          blob_key: key,
          mime: 'image/webp',
          size: bytes,
          width: image.width,
          height: image.height,
        });
      }
      const now = this.deps.clock.now();
      return await this.deps.store.write((tx) =>
        tx.files.insertFile(
          {
            sha256,
            kind,
            mime: sniffed.mime,
            size,
            width,
            height,
            duration_ms: durationMs,
            placeholder,
            waveform: levels,
            created_at: now,
          },
          variants,
        ),
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** The HMAC key for download links: made once and kept in the store, shared by all nodes. */
  private secret(): Promise<Buffer> {
    this.linkSecret ??= this.deps.store
      .write((tx) => tx.push.settingOnce(LINK_SECRET_SETTING, randomBytes(32).toString('base64')))
      .then((value) => Buffer.from(value, 'base64'));
    return this.linkSecret;
  }
}

function sign(secret: Buffer, key: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${key}.${expiresAt}`).digest('base64url');
}

function fileNotFound(): DomainError {
  return new DomainError(ErrorCode.FILE_NOT_FOUND, 'No such file');
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    return head.subarray(0, Math.max(bytesRead, 4));
  } finally {
    await handle.close();
  }
}
