import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { guardedLookup, literalHostAllowed } from './guarded-lookup.js';

/** Telegram's limit for a file a bot sends by URL (other than a photo). */
export const MAX_URL_FILE_BYTES = 20 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 30_000;

/** A file fetched for a bot; `dispose` removes it once it has been ingested. */
export interface DownloadedFile {
  path: string;
  fileName: string;
  dispose(): Promise<void>;
}

/**
 * Fetches `url` (http or https, following up to three redirects) into a fresh directory under
 * `scratchDir`, refusing private targets unless allowed (see guardedLookup) and bodies above
 * the limit. Rejects on any failure; the caller answers Telegram's "failed to get HTTP URL content".
 */
export async function downloadUrl(
  url: string,
  scratchDir: string,
  allowPrivate: boolean,
): Promise<DownloadedFile> {
  await mkdir(scratchDir, { recursive: true });
  const directory = await mkdtemp(join(scratchDir, 'bot-url-'));
  const dispose = () => rm(directory, { recursive: true, force: true });
  try {
    let target = new URL(url);
    for (let redirects = 0; ; redirects++) {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http');
      if (!literalHostAllowed(target, allowPrivate)) throw new Error('IP address is not allowed');
      const response = await get(target, allowPrivate);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && redirects < MAX_REDIRECTS) {
        response.resume();
        target = new URL(location, target);
        continue;
      }
      if (status !== 200) {
        response.resume();
        throw new Error(`status ${status}`);
      }
      if (Number(response.headers['content-length'] ?? 0) > MAX_URL_FILE_BYTES) {
        response.destroy();
        throw new Error('too large');
      }
      const path = join(directory, 'file');
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_URL_FILE_BYTES) response.destroy(new Error('too large'));
      });
      await pipeline(response, createWriteStream(path));
      return { path, fileName: basename(target.pathname) || 'file', dispose };
    }
  } catch (error) {
    await dispose();
    throw error;
  }
}

function get(target: URL, allowPrivate: boolean): Promise<IncomingMessage> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      { method: 'GET', timeout: TIMEOUT_MS, lookup: guardedLookup(allowPrivate) },
      resolve,
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end();
  });
}
