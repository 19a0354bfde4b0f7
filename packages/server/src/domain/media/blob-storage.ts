import type { Readable } from 'node:stream';

/** Bytes `start` to `end`, both included (as in an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where file bytes live, by key: the SHA-256 of the bytes (hex). Implementations: a local
 * directory (embedded default) and an S3-compatible bucket. Because a key names its content, a
 * put of a key that exists changes nothing, and a blob is never rewritten.
 */
export interface BlobStorage {
  /** Stores the file at `sourcePath` under `key`; resolves once it is durable. */
  put(key: string, sourcePath: string): Promise<void>;
  /** The blob's size in bytes, or undefined when there is none. */
  size(key: string): Promise<number | undefined>;
  /** Streams the blob, or the range of it. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the blob; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are lower-case hex SHA-256: nothing else reaches a driver (no path tricks). */
export function isBlobKey(key: string): boolean {
  return /^[0-9a-f]{64}$/.test(key);
}
