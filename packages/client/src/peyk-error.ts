import type { ErrorCode } from '@peyk/protocol';

/**
 * Codes the client itself produces, beside the server's `ErrorCode`s. Like those, they are
 * stable: apps may branch on them.
 */
export const ClientErrorCode = {
  /** No response within `requestTimeoutMs` (the request may or may not have been processed). */
  TIMEOUT: 'TIMEOUT',
  /** The connection closed after the request was sent and before its response arrived. */
  DISCONNECTED: 'DISCONNECTED',
  /** `close()` was called, or the client was never connected and cannot be. */
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  /** The session was revoked (or its token is no longer valid): the client stopped. */
  SESSION_REVOKED: 'SESSION_REVOKED',
  /** The server answered with a result of another kind than the request's. */
  UNEXPECTED_RESULT: 'UNEXPECTED_RESULT',
} as const;

export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** A server code, a client code, or a server code newer than this SDK. */
export type PeykErrorCode = ErrorCode | ClientErrorCode | (string & {});

/**
 * The error every `PeykClient` promise rejects with.
 *
 * @example
 * ```ts
 * try {
 *   await client.signIn({ username: 'alice', password: 'wrong password' });
 * } catch (error) {
 *   if (error instanceof PeykError && error.code === ErrorCode.FLOOD_WAIT) wait(error.retryAfter);
 * }
 * ```
 */
export class PeykError extends Error {
  override readonly name = 'PeykError';

  constructor(
    /** A stable code: one of `ErrorCode` (from the server) or `ClientErrorCode`. */
    readonly code: PeykErrorCode,
    message: string,
    /** Seconds to wait before trying again (FLOOD_WAIT and lockouts); 0 otherwise. */
    readonly retryAfter = 0,
  ) {
    super(message || code);
  }
}
