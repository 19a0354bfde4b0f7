import { fromJson } from '@bufbuild/protobuf';
import { type Media, MediaSchema } from '@peyk/protocol';
import { PeykError } from './peyk-error.js';

/** Codes of an upload that did not finish, beside the server's (MEDIA_INVALID, FILE_TOO_LARGE...). */
export const UploadErrorCode = {
  /** `signal` was aborted; the server expires the partial upload. */
  UPLOAD_CANCELLED: 'UPLOAD_CANCELLED',
  /** The server answered with a status the upload cannot go on from. */
  UPLOAD_FAILED: 'UPLOAD_FAILED',
} as const;

export interface UploadOptions {
  /** The server's HTTP origin, e.g. `https://peyk.example` (the browser's own origin: ''). */
  baseUrl: string;
  /** The session token (`client.token`). */
  token: string;
  file: Blob;
  fileName: string;
  /** Bytes per PATCH: progress is reported and a dropped connection resumes at chunk bounds. */
  chunkBytes?: number;
  /** Called after each confirmed chunk with the bytes the server holds. */
  onProgress?: (uploaded: number, total: number) => void;
  /** Aborting it cancels the upload (the promise rejects with UPLOAD_CANCELLED). */
  signal?: AbortSignal;
  /** Waits before each retry after a network failure; the upload fails when they run out. */
  retryDelaysMs?: readonly number[];
  /** An upload URL from an earlier attempt (see `onCreated`), to resume instead of starting over. */
  resumeUrl?: string;
  /** Told the upload's URL once it exists, so it can be kept (e.g. in IndexedDB) for resuming. */
  onCreated?: (url: string) => void;
}

const TUS = { 'Tus-Resumable': '1.0.0' };

/**
 * Uploads a file over tus 1.0 with resume: after a network failure it asks the server how much
 * arrived (HEAD) and goes on from there. Resolves with the stored file, ready to attach with
 * `send_message.media`. Works wherever `fetch` and `Blob` do (browsers, Node 20+).
 *
 * @example
 * ```ts
 * const media = await uploadFile({ baseUrl: '', token: client.token, file, fileName: file.name,
 *   onProgress: (done, total) => bar.value = done / total });
 * await client.request('sendMessage', { chatId, randomId: randomId(), text: '',
 *   media: { fileId: media.fileId, kind: media.kind } });
 * ```
 */
export async function uploadFile(options: UploadOptions): Promise<Media> {
  const { file, signal } = options;
  const chunk = options.chunkBytes ?? 4 * 1024 * 1024;
  const retries = options.retryDelaysMs ?? [500, 1000, 3000, 5000, 10000];
  const auth = { ...TUS, Authorization: `Bearer ${options.token}` };
  const call = async (url: string, init: RequestInit) => {
    try {
      return await fetch(url, { ...init, signal });
    } catch (error) {
      if (signal?.aborted) throw new PeykError(UploadErrorCode.UPLOAD_CANCELLED, 'The upload was cancelled');
      throw error;
    }
  };

  let url = options.resumeUrl;
  if (!url) {
    const created = await call(`${options.baseUrl}/upload`, {
      method: 'POST',
      headers: {
        ...auth,
        'Upload-Length': String(file.size),
        'Upload-Metadata': `filename ${base64(options.fileName)}`,
      },
    });
    if (created.status !== 201) throw await failure(created);
    url = new URL(created.headers.get('location') ?? '', absolute(options.baseUrl)).toString();
    options.onCreated?.(url);
  }

  let offset = options.resumeUrl ? await confirmedOffset(call, url, auth) : 0;
  let failures = 0;
  for (;;) {
    const end = Math.min(offset + chunk, file.size);
    let response: Response;
    try {
      response = await call(url, {
        method: 'PATCH',
        headers: {
          ...auth,
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
        },
        body: file.slice(offset, end),
      });
    } catch (error) {
      if (error instanceof PeykError || failures >= retries.length) throw error;
      await pause(retries[failures++] ?? 0, signal);
      offset = await confirmedOffset(call, url, auth);
      continue;
    }
    if (response.status === 200) {
      options.onProgress?.(file.size, file.size);
      return fromJson(MediaSchema, await response.json(), { ignoreUnknownFields: true });
    }
    if (response.status !== 204) throw await failure(response);
    offset = Number(response.headers.get('upload-offset'));
    failures = 0;
    options.onProgress?.(offset, file.size);
  }
}

async function confirmedOffset(
  call: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  headers: Record<string, string>,
): Promise<number> {
  const response = await call(url, { method: 'HEAD', headers });
  if (response.status !== 200) throw await failure(response);
  return Number(response.headers.get('upload-offset'));
}

async function failure(response: Response): Promise<PeykError> {
  const text = await response.text().catch(() => '');
  try {
    const { code, message } = JSON.parse(text) as { code?: string; message?: string };
    if (code) return new PeykError(code, message ?? code);
  } catch {
    // Not one of our JSON errors: tus and proxies answer plain text.
  }
  if (response.status === 413)
    return new PeykError('FILE_TOO_LARGE', 'The file is larger than the server allows');
  return new PeykError(
    UploadErrorCode.UPLOAD_FAILED,
    `The server answered ${response.status}: ${text.slice(0, 200)}`,
  );
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new PeykError(UploadErrorCode.UPLOAD_CANCELLED, 'The upload was cancelled'));
    });
  });
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function absolute(baseUrl: string): string {
  return baseUrl || globalThis.location?.origin || 'http://localhost';
}
