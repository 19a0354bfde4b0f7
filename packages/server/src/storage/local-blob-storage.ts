import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStorage, ByteRange } from '../domain/media/blob-storage.js';

/** Blobs as files in a directory, fanned out by the key's first bytes (ab/cd/abcd...). */
export class LocalBlobStorage implements BlobStorage {
  constructor(private readonly directory: string) {}

  async put(key: string, sourcePath: string): Promise<void> {
    const target = this.path(key);
    if ((await this.size(key)) !== undefined) return;
    await mkdir(join(target, '..'), { recursive: true });
    // Copied under a temporary name, flushed, then renamed: a crash never leaves a partial blob.
    const partial = `${target}.${process.pid}.${Date.now()}.partial`;
    try {
      await copyFile(sourcePath, partial);
      const handle = await open(partial, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {});
    // Opening errors (a missing blob) reject here instead of surfacing mid-response.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    return join(this.directory, key.slice(0, 2), key.slice(2, 4), key);
  }
}
