import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: what the client keeps. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the server keeps: a token is never stored in the clear. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
