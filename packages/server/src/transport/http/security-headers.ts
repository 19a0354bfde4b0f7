import type { FastifyInstance } from 'fastify';

/**
 * The web app loads only its own code and talks only to its own server: a message text that
 * slipped past rendering could not run script, and a link carrying `?server=wss://elsewhere`
 * could not send someone's password to another host. Styles too come only from the app's own
 * files (Preact sets element styles through the DOM, which the policy does not restrict).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  // Bots' mini apps are pages on the bots' own HTTPS servers.
  'frame-src https:',
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // Links open other sites without telling them which chat they were in.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()',
};

/** Every HTTP answer carries the headers; a route may set its own stricter ones first. */
export function registerSecurityHeaders(http: FastifyInstance): void {
  http.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
}
