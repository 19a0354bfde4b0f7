import { join } from 'node:path';
import { toJson } from '@bufbuild/protobuf';
import { ErrorCode, MediaSchema } from '@peyk/protocol';
import { FileStore } from '@tus/file-store';
import { Server as TusServer, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Caller, type Domain, DomainError } from '../../domain/index.js';

export interface UploadOptions {
  /** Where unfinished uploads are kept (on this node: a resumed upload must come back to it). */
  directory: string;
  maxBytes: number;
  expireSeconds: number;
}

export interface Uploads {
  /** Removes unfinished uploads older than the expiry; returns how many. */
  removeExpired(): Promise<number>;
}

type TusError = { status_code: number; body: string };

/**
 * Resumable uploads over tus 1.0 at /upload (creation, creation-with-upload, expiration,
 * termination). Every request carries `Authorization: Bearer <session token>`; an upload belongs
 * to the user who created it and is invisible to everyone else. The finishing PATCH answers 200
 * with the stored file (a Media message as JSON), or 422 with an error code when the bytes are
 * refused; either way the upload itself is removed.
 */
export function registerUploads(http: FastifyInstance, domain: Domain, options: UploadOptions): Uploads {
  const store = new FileStore({
    directory: options.directory,
    expirationPeriodInMilliseconds: options.expireSeconds * 1000,
  });
  const callers = new WeakMap<Request, Caller>();
  const tus = new TusServer({
    path: '/upload',
    datastore: store,
    maxSize: options.maxBytes,
    relativeLocation: true,
    async onIncomingRequest(req, uploadId) {
      const caller = await authenticate(domain, req);
      callers.set(req, caller);
      if (req.method === 'POST' || req.method === 'OPTIONS') return;
      const upload = await store.getUpload(uploadId).catch(() => undefined);
      if (upload?.metadata?.owner !== String(caller.userId))
        throw tusError(404, ErrorCode.FILE_NOT_FOUND, 'No such upload');
    },
    async onUploadCreate(req, upload) {
      const caller = callers.get(req) as Caller;
      return { metadata: { ...upload.metadata, owner: String(caller.userId) } };
    },
    async onUploadFinish(req, upload) {
      const caller = callers.get(req) as Caller;
      try {
        const media = await domain.media.ingest(caller, join(options.directory, upload.id), fileName(upload));
        return {
          status_code: 200,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(toJson(MediaSchema, media)),
        };
      } catch (error) {
        if (error instanceof DomainError) throw tusError(422, error.code, error.message);
        throw error;
      } finally {
        await store.remove(upload.id).catch(() => {});
      }
    },
  });
  http.register(async (scope) => {
    // tus reads the request body itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handle = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      return tus.handle(request.raw, reply.raw);
    };
    scope.all('/upload', handle);
    scope.all('/upload/*', handle);
  });
  return { removeExpired: () => tus.cleanUpExpiredUploads() };
}

async function authenticate(domain: Domain, req: Request): Promise<Caller> {
  const token = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ?? '';
  try {
    return (await domain.accounts.authenticate(token)).caller;
  } catch (error) {
    if (error instanceof DomainError) throw tusError(401, error.code, error.message);
    throw error;
  }
}

function fileName(upload: Upload): string {
  return upload.metadata?.filename ?? upload.metadata?.name ?? '';
}

function tusError(status: number, code: string, message: string): TusError {
  return { status_code: status, body: JSON.stringify({ code, message }) };
}
