import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Options } from '../../src/storage/s3-blob-storage.js';

/** An S3-compatible endpoint for tests: PEYK_TEST_S3_URL, or s3rver started in this process. */
export interface TestS3 {
  options: S3Options;
  /** What the tests run against, for the report. */
  description: string;
  stop(): Promise<void>;
}

/**
 * PEYK_TEST_S3_URL=http://KEY:SECRET@host:port/bucket points the tests at a real server (MinIO,
 * Ceph, SeaweedFS, AWS); the bucket must exist. Each run writes under a fresh key prefix.
 */
export async function startTestS3(): Promise<TestS3> {
  const prefix = `peyk-test-${process.pid}-${Date.now()}/`;
  const external = process.env.PEYK_TEST_S3_URL;
  if (external) {
    const url = new URL(external);
    return {
      options: {
        endpoint: `${url.protocol}//${url.host}`,
        bucket: url.pathname.replace(/^\//, ''),
        region: process.env.PEYK_TEST_S3_REGION ?? 'us-east-1',
        accessKeyId: decodeURIComponent(url.username),
        secretAccessKey: decodeURIComponent(url.password),
        prefix,
      },
      description: `${url.host}`,
      stop: async () => {},
    };
  }
  const directory = mkdtempSync(join(tmpdir(), 'peyk-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'peyk', configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    options: {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'peyk',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix,
    },
    description: 's3rver (in process)',
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
