import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Params } from './params.js';

/** A file part of a multipart call, saved to disk until the call is answered. */
export class UploadedPart {
  constructor(
    readonly path: string,
    readonly fileName: string,
  ) {}
}

/** A multipart body read: its fields and files as parameters, and the directory to remove after. */
export class MultipartBody {
  constructor(
    readonly params: Params,
    private readonly directory: string,
  ) {}

  /** Removes the saved files (whatever the call did with them: ingested files were copied). */
  dispose(): Promise<void> {
    return rm(this.directory, { recursive: true, force: true });
  }
}

/** Thrown for a file part above the limit; the HTTP layer answers 413 as Telegram does. */
class PartTooLarge extends Error {
  readonly statusCode = 413;
}

const MAX_FIELDS = 100;
const MAX_FILES = 10;

/**
 * Reads a multipart body with busboy, which accepts the header forms the frameworks send
 * (grammY: lower-case headers with no space after the colon and an unquoted filename; Telegraf:
 * parts with no content type). Files go to a fresh directory under `scratchDir`; Telegraf's extra
 * `method` field is dropped.
 */
export async function readMultipart(
  headers: IncomingHttpHeaders,
  body: Readable,
  scratchDir: string,
  maxFileBytes: number,
): Promise<MultipartBody> {
  await mkdir(scratchDir, { recursive: true });
  const directory = await mkdtemp(join(scratchDir, 'bot-call-'));
  const form = new MultipartBody({}, directory);
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({
        headers,
        limits: { fileSize: maxFileBytes, files: MAX_FILES, fields: MAX_FIELDS, fieldSize: 1024 * 1024 },
      });
      const writes: Promise<void>[] = [];
      let count = 0;
      parser.on('field', (name, value) => {
        if (name !== 'method') form.params[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        const path = join(directory, String(++count));
        stream.once('limit', () => reject(new PartTooLarge('file is too big')));
        const write = pipeline(stream, createWriteStream(path));
        // Awaited at the end; a failure after the call was already refused must not go unhandled.
        write.catch(() => {});
        writes.push(write);
        form.params[name] = new UploadedPart(path, info.filename ?? name);
      });
      parser.once('error', reject);
      parser.once('close', () => Promise.all(writes).then(() => resolve(), reject));
      body.once('error', reject);
      body.pipe(parser);
    });
    return form;
  } catch (error) {
    await form.dispose();
    throw error;
  }
}
