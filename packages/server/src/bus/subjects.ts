/**
 * Every bus subject Peyk uses, in one place. A cluster bus may prepend a deployment prefix
 * (`PEYK_BUS_PREFIX`); the names here are the same on every node.
 */
export const subjects = {
  /** Updates for one user (all of their sessions), encoded Update. */
  user: (userId: number) => `peyk.user.${userId}`,
  /** Control messages for one session: its revocation. */
  session: (sessionId: number) => `peyk.session.${sessionId}`,
  /**
   * Presence between nodes: which users each node holds connections for (changes, heartbeats
   * with the full set, and goodbyes); every node of a cluster subscribes. See ClusterPresence.
   */
  presence: () => 'peyk.presence',
  /**
   * Channels and supergroups: a large chat's history updates (stamped with the chat's pts), once
   * for all members; each node subscribes once for all its connections that watch the chat.
   */
  chat: (chatId: number) => `peyk.chat.${chatId}`,
  /** Which large chats one user's connections watch: joins and departures (see Fanout.publishWatch). */
  watch: (userId: number) => `peyk.watch.${userId}`,
  /** A bot's queue has new updates (empty payload): wakes its long polls and webhook sender. */
  bot: (botId: number) => `peyk.bot.${botId}`,
  /** A bot with a webhook has new updates (payload: its id); every node's webhook sender listens. */
  botWebhooks: () => 'peyk.bot-webhooks',
  /** A bot's answer to one pressed button (JSON), for the node where the presser waits. */
  callbackAnswer: (queryId: string) => `peyk.callback.${queryId}`,
  /** A bot answered this inline query (answerInlineQuery, on any node). */
  inlineAnswer: (queryId: string) => `peyk.inline.${queryId}`,
};

/** A deployment's subject prefix: dot-separated letters, digits, `_` and `-` (no wildcards), or "". */
export function checkSubjectPrefix(prefix: string): string {
  if (prefix !== '' && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)) {
    throw new Error(`a bus subject prefix is dot-separated letters, digits, _ and -, not "${prefix}"`);
  }
  return prefix;
}
