import { ErrorCode, type Message } from '@peyk/protocol';
import { ClientErrorCode, PeykError } from './peyk-error.js';
import { randomId } from './random-id.js';
import type { RequestInput } from './request-registry.js';

type SendMessageInput = RequestInput<'sendMessage'>;
type EntityInput = NonNullable<SendMessageInput['entities']>[number];

/** Options of `PeykClient.sendMessage`. */
export interface SendMessageOptions {
  /** Formatting and mentions; offsets and lengths in UTF-16 code units. */
  entities?: EntityInput[];
  /** The id of the message this one answers, in the same chat. */
  replyToId?: number;
  /** Channels and supergroups: deliver without a notification. */
  silent?: boolean;
}

/** Where a queued send is: behind an earlier send to its chat, on the wire, or waiting to retry. */
export type PendingSendStatus = 'queued' | 'sending' | 'retrying';

/** A message not yet acknowledged by the server. */
export interface PendingSend {
  /** Sent with every attempt: the server stores the message once, whatever the retries. */
  readonly randomId: string;
  readonly chatId: string;
  readonly text: string;
  readonly entities: readonly EntityInput[];
  readonly replyToId: number;
  readonly status: PendingSendStatus;
  /** Attempts started so far. */
  readonly attempts: number;
  /** Why the last attempt failed, when it did. */
  readonly lastError: PeykError | undefined;
}

/** What the queue needs from the client. */
export interface SendQueueHooks {
  /** One attempt: `request('sendMessage', input)`. */
  send(input: SendMessageInput): Promise<Message>;
  /** The delay before retry number `attempt` (0 first) after a transient failure. */
  retryDelayMs(attempt: number): number;
}

interface Item {
  randomId: string;
  chatId: string;
  text: string;
  entities: EntityInput[];
  replyToId: number;
  silent: boolean;
  status: PendingSendStatus;
  attempts: number;
  lastError: PeykError | undefined;
  resolve: (message: Message) => void;
  reject: (error: PeykError) => void;
  /** Ends the current retry wait early. */
  wake: (() => void) | undefined;
  cancelled: PeykError | undefined;
}

/**
 * Codes after which the same send is tried again: the server did not store the message, or
 * we cannot know whether it did; either way the same random_id makes the retry safe.
 */
const RETRYABLE: ReadonlySet<string> = new Set([
  ClientErrorCode.TIMEOUT,
  ClientErrorCode.DISCONNECTED,
  ErrorCode.INTERNAL,
  ErrorCode.FLOOD_WAIT,
]);

/**
 * The outgoing message queue. Each send keeps one random_id for its whole life and is retried
 * (after timeouts, disconnects, INTERNAL, and FLOOD_WAIT once `retry_after` has passed) until
 * the server acknowledges it or refuses it for good. Sends to one chat go out one at a time, in
 * the order they were queued, so the server assigns their ids in that order; chats do not wait
 * for each other.
 */
export class SendQueue {
  readonly #hooks: SendQueueHooks;
  readonly #lanes = new Map<string, Item[]>();

  constructor(hooks: SendQueueHooks) {
    this.#hooks = hooks;
  }

  /** Queues a message; resolves with the stored message, rejects with a non-retryable error. */
  enqueue(chatId: string, text: string, options: SendMessageOptions = {}): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      const item: Item = {
        randomId: randomId(),
        chatId,
        text,
        entities: options.entities ?? [],
        replyToId: options.replyToId ?? 0,
        silent: options.silent ?? false,
        status: 'queued',
        attempts: 0,
        lastError: undefined,
        resolve,
        reject,
        wake: undefined,
        cancelled: undefined,
      };
      const lane = this.#lanes.get(chatId);
      if (lane) {
        lane.push(item);
        return;
      }
      this.#lanes.set(chatId, [item]);
      void this.#runLane(chatId);
    });
  }

  /** The sends not yet acknowledged, per chat in queue order. */
  get pending(): PendingSend[] {
    const result: PendingSend[] = [];
    for (const lane of this.#lanes.values()) {
      for (const { randomId, chatId, text, entities, replyToId, status, attempts, lastError } of lane) {
        result.push({ randomId, chatId, text, entities, replyToId, status, attempts, lastError });
      }
    }
    return result;
  }

  /**
   * Retries at once the sends that wait after a timeout or disconnect (the connection is back);
   * sends waiting out a FLOOD_WAIT keep waiting.
   */
  retryNow(): void {
    for (const lane of this.#lanes.values()) {
      const head = lane[0];
      if (head?.status === 'retrying' && head.lastError?.code !== ErrorCode.FLOOD_WAIT) head.wake?.();
    }
  }

  /** Rejects every queued send with `error` (the client was closed or its session revoked). */
  failAll(error: PeykError): void {
    for (const lane of this.#lanes.values()) {
      for (const item of lane.splice(0)) {
        item.cancelled = error;
        item.wake?.();
        item.reject(error);
      }
    }
    this.#lanes.clear();
  }

  async #runLane(chatId: string): Promise<void> {
    const lane = this.#lanes.get(chatId) as Item[];
    for (let item = lane[0]; item; item = lane[0]) {
      try {
        item.resolve(await this.#deliver(item));
      } catch (error) {
        item.reject(error instanceof PeykError ? error : new PeykError(ErrorCode.INTERNAL, String(error)));
      }
      if (lane[0] === item) lane.shift();
    }
    if (this.#lanes.get(chatId) === lane) this.#lanes.delete(chatId);
  }

  async #deliver(item: Item): Promise<Message> {
    for (;;) {
      if (item.cancelled) throw item.cancelled;
      item.status = 'sending';
      item.attempts++;
      try {
        return await this.#hooks.send({
          chatId: item.chatId,
          randomId: item.randomId,
          text: item.text,
          entities: item.entities,
          replyToId: item.replyToId,
          silent: item.silent,
        });
      } catch (error) {
        if (item.cancelled) throw item.cancelled;
        if (!(error instanceof PeykError) || !RETRYABLE.has(error.code)) throw error;
        item.status = 'retrying';
        item.lastError = error;
        const delay =
          error.code === ErrorCode.FLOOD_WAIT
            ? error.retryAfter * 1000
            : this.#hooks.retryDelayMs(item.attempts - 1);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          item.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        item.wake = undefined;
      }
    }
  }
}
