/** Limits every implementation enforces; clients may check them before sending. */
export const Limits = {
  /** UTF-16 code units in a message's text. */
  messageLength: 4096,
  entitiesPerMessage: 100,
  /** Bytes of one WebSocket frame the server decodes; larger frames get FRAME_TOO_LARGE. */
  frameBytes: 64 * 1024,
  usernameMin: 5,
  usernameMax: 32,
  passwordMin: 8,
  /** Characters; Argon2 handles any length, this only bounds the work per request. */
  passwordMax: 256,
  displayNameMax: 64,
  bioMax: 140,
  chatTitleMax: 128,
  groupMembers: 1000,
  historyPage: 100,
  dialogsPage: 100,
  differencePage: 1000,
  forwardBatch: 100,
  deleteBatch: 100,
  searchQuery: 256,
  searchPage: 100,
  // Media and files
  /** UTF-16 code units in a media message's caption (as Telegram). */
  captionLength: 1024,
  albumSize: 10,
  /** Message ids per GetFileLinks request. */
  fileLinksBatch: 100,
  /** Members of a supergroup or subscribers of a channel. */
  largeChatMembers: 200_000,
  // Polls (as Telegram's)
  pollQuestion: 300,
  pollOptions: 12,
  pollOption: 100,
  pollExplanation: 200,
  // Inline mode
  /** Characters of an inline query after "@bot ". */
  inlineQuery: 256,
  /** Results in one inline answer. */
  inlineResults: 50,
} as const;
