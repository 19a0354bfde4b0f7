import type { IncomingMessage } from 'node:http';

/**
 * Browsers send the page's Origin with a WebSocket upgrade, and a page on any site may open
 * one: without this check a hostile page could use a visitor's network position. Clients that
 * are not browsers send no Origin and are let through (they carry their own token anyway).
 * Allowed: the server's own origin (the Host the request came to), and the operator's list.
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes('*') || allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
