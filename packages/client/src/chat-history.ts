import type { Message } from '@peyk/protocol';

/** Unread counts over a range of messages. */
export interface UnreadCounts {
  unread: number;
  mentions: number;
}

/**
 * The loaded messages of one chat, with what the client knows about their completeness.
 *
 * `coveredFrom` is the lowest id from which every visible message is loaded (a history page
 * that reached the newest message, then every `new_message` since). Counts computed above it
 * are exact; below it they are only as good as what happens to be loaded.
 */
export class ChatHistory {
  readonly #byId = new Map<number, Message>();
  /** Ids of loaded messages that mention me, decided when each arrived or was last edited. */
  readonly #mentions = new Set<number>();
  /** The highest message id seen in this chat, deleted ones included. */
  topId = 0;
  /** Every visible message with an id at or above this is loaded; Infinity when unknown. */
  coveredFrom = Number.POSITIVE_INFINITY;

  /** A loaded message. */
  get(id: number): Message | undefined {
    return this.#byId.get(id);
  }

  /** Whether the message was counted as mentioning me. */
  mentions(id: number): boolean {
    return this.#mentions.has(id);
  }

  /** Adds or replaces a message. */
  put(message: Message, mentionsMe: boolean): void {
    this.#byId.set(message.id, message);
    if (mentionsMe) this.#mentions.add(message.id);
    else this.#mentions.delete(message.id);
    if (message.id > this.topId) this.topId = message.id;
  }

  /** Removes a message; returns it when it was loaded. */
  remove(id: number): Message | undefined {
    const message = this.#byId.get(id);
    this.#byId.delete(id);
    this.#mentions.delete(id);
    return message;
  }

  /** The newest loaded message. */
  latest(): Message | undefined {
    let latest: Message | undefined;
    for (const message of this.#byId.values()) if (!latest || message.id > latest.id) latest = message;
    return latest;
  }

  /** The loaded messages, ascending by id. */
  list(): Message[] {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Marks every visible message from `id` up as loaded. */
  cover(id: number): void {
    if (id < this.coveredFrom) this.coveredFrom = Math.max(1, id);
  }

  /** True when every visible message with an id above `id` is loaded. */
  isCompleteAbove(id: number): boolean {
    return id + 1 >= this.coveredFrom;
  }

  /** Counts the loaded messages from others with `after < id <= upTo`. */
  countIncoming(selfId: string, after: number, upTo = Number.POSITIVE_INFINITY): UnreadCounts {
    let unread = 0;
    let mentions = 0;
    for (const message of this.#byId.values()) {
      if (message.id <= after || message.id > upTo || message.senderId === selfId) continue;
      unread++;
      if (this.#mentions.has(message.id)) mentions++;
    }
    return { unread, mentions };
  }
}
