import type { AuthResult, Goodbye, State, Update } from '@peyk/protocol';

/** Why a connection ended. */
export interface DisconnectInfo {
  /** The WebSocket close code (1006 when the connection dropped without one). */
  code: number;
  reason: string;
  /** False after `close()`, a revoked session, or when reconnecting is off. */
  willReconnect: boolean;
}

/** Why the client stopped for good: a `goodbye` SESSION_REVOKED, or AUTH_TOKEN_INVALID on resume. */
export interface SessionRevokedInfo {
  code: string;
  message: string;
}

/** The events of `PeykClient`, by name. */
export interface PeykClientEvents {
  /**
   * An update: persistent ones (pts > 0) in pts order, each exactly once, after any gap was
   * filled from the difference; ephemeral ones (typing, presence: pts 0) as they arrive.
   */
  update: Update;
  /**
   * The client was too far behind (`too_long`) and jumped to `state.pts`: drop cached chats
   * and reload the dialog list and history.
   */
  reset: State;
  /**
   * The client was too far behind in a large chat (channel, supergroup) and jumped to
   * `state.pts` in it: reload that chat's history.
   */
  chatReset: { chatId: string; state: State };
  /** A WebSocket connection opened (sign-in or resume follows). */
  connected: undefined;
  /** The WebSocket connection closed. */
  disconnected: DisconnectInfo;
  /** A sign-in, sign-up or resume succeeded on the current connection. */
  authenticated: AuthResult;
  /** The session is gone: the client stopped reconnecting and failed pending work. */
  sessionRevoked: SessionRevokedInfo;
  /** The server said goodbye before closing the connection. */
  goodbye: Goodbye;
}
