import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { BlobStorage, ByteRange } from '../domain/media/blob-storage.js';

export interface S3Options {
  /** http(s)://host:port of the S3-compatible service (MinIO, Ceph, SeaweedFS, AWS). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Prepended to every key, so several deployments can share a bucket. */
  prefix: string;
}

/** Blobs as objects in an S3-compatible bucket, addressed path-style. */
export class S3BlobStorage implements BlobStorage {
  private readonly client: S3Client;

  constructor(private readonly options: S3Options) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: true,
      // Checksum trailers (the SDK's default since 2025) are unknown to many S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    });
  }

  async put(key: string, sourcePath: string): Promise<void> {
    if ((await this.size(key)) !== undefined) return;
    const { size } = await stat(sourcePath);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(key),
        Body: createReadStream(sourcePath),
        ContentLength: size,
      }),
    );
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }),
      );
      return head.ContentLength;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const object = await this.client.send(
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(key),
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }),
    );
    const body = object.Body as Readable;
    if (!range) return body;
    // A server may ignore a Range or widen it (s3rver reads "0-0" as "0-"): cut what was asked.
    const served = /^bytes (\d+)-(\d+)\//.exec(object.ContentRange ?? '');
    const [from, to] = served ? [Number(served[1]), Number(served[2])] : [0, Number.POSITIVE_INFINITY];
    return from === range.start && to === range.end ? body : slice(body, from, range);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
  }

  close(): void {
    this.client.destroy();
  }

  private key(key: string): string {
    return `${this.options.prefix}${key}`;
  }
}

function slice(served: Readable, servedFrom: number, range: ByteRange): Readable {
  let offset = servedFrom;
  const part = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const from = Math.max(range.start - offset, 0);
      const to = Math.min(range.end + 1 - offset, chunk.length);
      offset += chunk.length;
      done(null, from < to ? chunk.subarray(from, to) : undefined);
    },
  });
  return served.pipe(part);
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
