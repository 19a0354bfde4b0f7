import { join } from 'node:path';
import type { MediaConfig } from '../config.js';
import type { BlobStorage } from '../domain/media/blob-storage.js';
import { LocalBlobStorage } from './local-blob-storage.js';
import { S3BlobStorage } from './s3-blob-storage.js';

/** The S3-compatible bucket PEYK_S3_URL names, else the `files` directory in the data directory. */
export function openBlobStorage(config: MediaConfig, dataDir: string): BlobStorage {
  if (!config.s3Url) return new LocalBlobStorage(join(dataDir, 'files'));
  const url = new URL(config.s3Url);
  return new S3BlobStorage({
    endpoint: `${url.protocol}//${url.host}`,
    bucket: url.pathname.replace(/^\/|\/$/g, ''),
    region: config.s3Region,
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
    prefix: '',
  });
}
