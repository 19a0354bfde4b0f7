import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ByteRange, type Domain, DomainError, type Download } from '../../domain/index.js';

/** Types a browser may render from our origin; anything else is a download. */
const INLINE = /^(image\/(webp|jpeg|png|gif|avif)|video\/(mp4|webm|quicktime)|audio\/[a-z0-9.+-]+)$/;

/**
 * GET /media/<key>?e=<expires>&s=<signature>: a file variant, by the SHA-256 of its bytes, on a
 * link from GetFileLinks. The bytes under a key never change, so the answer is cacheable for a
 * year and its ETag is the key; Range requests are answered byte-exact (one range). A link that
 * is forged, expired or names nothing gets 404.
 */
export function registerMediaFiles(http: FastifyInstance, domain: Domain): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const { key } = request.params as { key: string };
    const query = request.query as { e?: string; s?: string };
    let file: Download;
    try {
      file = await domain.media.download(key, Number(query.e), String(query.s ?? ''));
    } catch (error) {
      if (error instanceof DomainError)
        return reply.code(404).send({ code: error.code, message: error.message });
      throw error;
    }
    const etag = `"${file.key}"`;
    const inline = INLINE.test(file.mime);
    reply
      .header('ETag', etag)
      .header('Cache-Control', 'private, max-age=31536000, immutable')
      .header('Accept-Ranges', 'bytes')
      .header('Content-Type', inline ? file.mime : 'application/octet-stream')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Content-Disposition', inline ? 'inline' : 'attachment');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const ifRange = request.headers['if-range'];
    const range =
      ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, file.size) : undefined;
    if (range === 'unsatisfiable') {
      return reply.code(416).header('Content-Range', `bytes */${file.size}`).send();
    }
    if (range) {
      reply
        .code(206)
        .header('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`)
        .header('Content-Length', range.end - range.start + 1);
    } else {
      reply.header('Content-Length', file.size);
    }
    if (request.method === 'HEAD' || file.size === 0) return reply.send();
    return reply.send(await file.read(range));
  };
  http.get('/media/:key', serve);
}

/**
 * One byte range of a Range header ("bytes=a-b", "bytes=a-", "bytes=-n"); undefined means the
 * whole file (no header, several ranges, or another unit), as RFC 9110 allows.
 */
export function parseRange(
  header: string | string[] | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [first, last] = [match[1] as string, match[2] as string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
