/**
 * Stable error codes, shared by the server and every client. A code is never renamed or reused;
 * the human message beside it may change.
 */
export const ErrorCode = {
  /** The frame could not be decoded as a ClientFrame. */
  BAD_FRAME: 'BAD_FRAME',
  /** The frame is larger than the server accepts. */
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  /** The frame holds no request, or one this server does not know. */
  UNKNOWN_REQUEST: 'UNKNOWN_REQUEST',
  /** A string field holds bytes that are not UTF-8. */
  INVALID_UTF8: 'INVALID_UTF8',
  /** The request needs a signed-in connection. */
  AUTH_REQUIRED: 'AUTH_REQUIRED',
  /** The connection is signed in already. */
  ALREADY_AUTHENTICATED: 'ALREADY_AUTHENTICATED',
  /** The token is unknown, expired or revoked. */
  AUTH_TOKEN_INVALID: 'AUTH_TOKEN_INVALID',
  /** Username or password is wrong (never says which). */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** The account has a second-factor password and the request did not carry it (or it was wrong). */
  SECOND_FACTOR_REQUIRED: 'SECOND_FACTOR_REQUIRED',
  SECOND_FACTOR_INVALID: 'SECOND_FACTOR_INVALID',
  USERNAME_INVALID: 'USERNAME_INVALID',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  PASSWORD_TOO_SHORT: 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG: 'PASSWORD_TOO_LONG',
  DISPLAY_NAME_INVALID: 'DISPLAY_NAME_INVALID',
  BIO_TOO_LONG: 'BIO_TOO_LONG',
  PHONE_INVALID: 'PHONE_INVALID',
  PHONE_CODE_INVALID: 'PHONE_CODE_INVALID',
  PHONE_CODE_EXPIRED: 'PHONE_CODE_EXPIRED',
  /** The phone has no account yet: repeat with a display name to create one. */
  SIGN_UP_REQUIRED: 'SIGN_UP_REQUIRED',
  /**
   * Many sign-ups came from the caller's network: get a challenge (getSignUpChallenge), solve it
   * and repeat the request with it.
   */
  CHALLENGE_REQUIRED: 'CHALLENGE_REQUIRED',
  /** The challenge is unknown, expired, used already, too easy for now, or the proof is wrong. */
  CHALLENGE_INVALID: 'CHALLENGE_INVALID',
  /** Too many requests: wait `retry_after` seconds. */
  FLOOD_WAIT: 'FLOOD_WAIT',
  /** A user id the caller cannot see, or that does not exist. */
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  /** A chat the caller is not in, or that does not exist. */
  CHAT_NOT_FOUND: 'CHAT_NOT_FOUND',
  /** A message the caller cannot see, or that does not exist. */
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  /** The caller is in the chat but may not do this. */
  CHAT_ADMIN_REQUIRED: 'CHAT_ADMIN_REQUIRED',
  /** The peer has blocked the caller, or the caller has blocked the peer. */
  USER_BLOCKED: 'USER_BLOCKED',
  /** Only the author may edit a message. */
  MESSAGE_AUTHOR_REQUIRED: 'MESSAGE_AUTHOR_REQUIRED',
  MESSAGE_EMPTY: 'MESSAGE_EMPTY',
  MESSAGE_TOO_LONG: 'MESSAGE_TOO_LONG',
  ENTITIES_INVALID: 'ENTITIES_INVALID',
  /** random_id must be a non-zero safe integer. */
  RANDOM_ID_INVALID: 'RANDOM_ID_INVALID',
  REACTION_INVALID: 'REACTION_INVALID',
  CHAT_TITLE_INVALID: 'CHAT_TITLE_INVALID',
  /** A request field is out of its allowed range; the message names it. */
  INPUT_INVALID: 'INPUT_INVALID',
  /** This is not allowed on this kind of chat (e.g. adding members to a private chat). */
  CHAT_KIND_INVALID: 'CHAT_KIND_INVALID',
  MEMBERS_TOO_MANY: 'MEMBERS_TOO_MANY',
  /** The search query is empty (nothing searchable in it) or too long. */
  SEARCH_QUERY_INVALID: 'SEARCH_QUERY_INVALID',
  /** A push subscription's endpoint or keys are not usable. */
  PUSH_SUBSCRIPTION_INVALID: 'PUSH_SUBSCRIPTION_INVALID',
  // Media and files
  /** The upload is larger than the server's limit (PEYK_UPLOAD_MAX_BYTES). */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** The bytes are not what the request says (a "photo" that is no image) or cannot be decoded. */
  MEDIA_INVALID: 'MEDIA_INVALID',
  /** An image decodes to more pixels than the server allows (a pixel bomb). */
  MEDIA_TOO_MANY_PIXELS: 'MEDIA_TOO_MANY_PIXELS',
  /** No such file, or one the caller may not use or see. */
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  /** An album holds at most 10 messages, all photos or videos. */
  ALBUM_INVALID: 'ALBUM_INVALID',
  // Bots
  /** The username is not a bot's (a bot's username ends in "bot"), or the caller does not own that bot. */
  BOT_INVALID: 'BOT_INVALID',
  /** A bot may write to a person only after that person wrote to it. */
  BOT_CANNOT_INITIATE: 'BOT_CANNOT_INITIATE',
  /** The bot's owner switched off joining groups. */
  BOT_GROUPS_BLOCKED: 'BOT_GROUPS_BLOCKED',
  /** A webhook URL that cannot be used (not HTTPS, a private address, ...); the message says why. */
  WEBHOOK_INVALID: 'WEBHOOK_INVALID',
  /** The bot has a webhook: its updates are not available through getUpdates. */
  WEBHOOK_ACTIVE: 'WEBHOOK_ACTIVE',
  /** The server failed; nothing was changed. Safe to retry. */
  INTERNAL: 'INTERNAL',

  // Channels and supergroups
  /** The caller may not write here (a channel where they are not an admin). */
  CHAT_WRITE_FORBIDDEN: 'CHAT_WRITE_FORBIDDEN',
  /** The caller is banned from this chat until `retry_after` seconds from now (0: until unbanned). */
  USER_BANNED: 'USER_BANNED',
  /** Slow mode: the caller may send again in `retry_after` seconds. */
  SLOW_MODE_WAIT: 'SLOW_MODE_WAIT',
  /** The invite link does not exist, was revoked, expired or is used up. */
  INVITE_LINK_INVALID: 'INVITE_LINK_INVALID',
  /** The link needs an admin's approval: a join request was filed. */
  JOIN_REQUEST_SENT: 'JOIN_REQUEST_SENT',

  // Polls and inline mode
  /** A poll that breaks the rules (question, options, quiz answer, period); the message says which. */
  POLL_INVALID: 'POLL_INVALID',
  /** The poll is closed: no more votes. */
  POLL_CLOSED: 'POLL_CLOSED',
  /** The chosen options do not fit the poll (unknown index, several in a one-answer poll, a quiz vote taken back). */
  POLL_ANSWER_INVALID: 'POLL_ANSWER_INVALID',
  /** The bot has no inline mode (its owner did not switch it on with /setinline). */
  BOT_INLINE_DISABLED: 'BOT_INLINE_DISABLED',
  /** The inline query or result is unknown, someone else's, or expired: ask the bot again. */
  INLINE_RESULT_INVALID: 'INLINE_RESULT_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes sent in a Goodbye frame before the server closes a connection. */
export const GoodbyeCode = {
  SESSION_REVOKED: 'SESSION_REVOKED',
  SERVER_SHUTDOWN: 'SERVER_SHUTDOWN',
  TOO_MANY_BAD_FRAMES: 'TOO_MANY_BAD_FRAMES',
} as const;

export type GoodbyeCode = (typeof GoodbyeCode)[keyof typeof GoodbyeCode];
