import { TokenBucket } from '../ws/token-bucket.js';
import { tooManyRequests } from './bot-api-error.js';

/** Telegram's published send limits. */
export interface BotFloodLimits {
  /** Sends per second per bot, across all chats. */
  perBotPerSecond: number;
  /** Sends in a burst to one private chat, refilled at one per second. */
  privateBurst: number;
  /** Sends per minute to one group. */
  perGroupPerMinute: number;
}

export const defaultBotFloodLimits: BotFloodLimits = {
  perBotPerSecond: 30,
  privateBurst: 5,
  perGroupPerMinute: 20,
};

const MAX_TRACKED = 100_000;

/**
 * Counts sends per bot and per (bot, chat) in this process and refuses the excess with 429 and
 * retry_after, as Telegram does. COMPAT: counted per node, so a cluster of N nodes allows up to N
 * times the limits to a bot that spreads its calls.
 */
export class FloodControl {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly limits: BotFloodLimits) {}

  takeSend(botId: number, chatId: number, isGroup: boolean): void {
    const { perBotPerSecond, privateBurst, perGroupPerMinute } = this.limits;
    const chatWait = this.bucket(`${botId}:${chatId}`, () =>
      isGroup ? new TokenBucket(perGroupPerMinute, perGroupPerMinute / 60) : new TokenBucket(privateBurst, 1),
    ).take();
    if (chatWait > 0) throw tooManyRequests(chatWait);
    const botWait = this.bucket(
      String(botId),
      () => new TokenBucket(perBotPerSecond, perBotPerSecond),
    ).take();
    if (botWait > 0) throw tooManyRequests(botWait);
  }

  private bucket(key: string, make: () => TokenBucket): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      // Idle buckets are full again after a minute: forgetting them all is safe.
      if (this.buckets.size >= MAX_TRACKED) this.buckets.clear();
      bucket = make();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
