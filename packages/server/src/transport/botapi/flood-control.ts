import { RateLimiter } from '../../domain/index.js';
import type { RateCounters } from '../../store/rate-counters.js';
import { tooManyRequests } from './bot-api-error.js';

/** Telegram's published send limits. */
export interface BotFloodLimits {
  /** Sends per second per bot, across all chats. */
  perBotPerSecond: number;
  /** Sends to one private chat in a burst: that many per as many seconds (one a second). */
  privateBurst: number;
  /** Sends per minute to one group. */
  perGroupPerMinute: number;
}

export const defaultBotFloodLimits: BotFloodLimits = {
  perBotPerSecond: 30,
  privateBurst: 5,
  perGroupPerMinute: 20,
};

/**
 * Counts sends per bot and per (bot, chat) and refuses the excess with 429 and retry_after, as
 * Telegram does. The counts are the store's shared counters (`rate_counters` on PostgreSQL), so
 * a bot that spreads its calls over the nodes of a cluster meets the same limits as on one.
 * Each send is counted before it is judged: calls at the same moment on several nodes cannot
 * all slip under a limit.
 */
export class FloodControl {
  private readonly perBot: RateLimiter;
  private readonly perPrivateChat: RateLimiter;
  private readonly perGroup: RateLimiter;

  constructor(limits: BotFloodLimits, counters: RateCounters, now: () => number = Date.now) {
    this.perBot = new RateLimiter('bot-sends', limits.perBotPerSecond, 1000, counters, now);
    this.perPrivateChat = new RateLimiter(
      'bot-private-sends',
      limits.privateBurst,
      limits.privateBurst * 1000,
      counters,
      now,
    );
    this.perGroup = new RateLimiter('bot-group-sends', limits.perGroupPerMinute, 60_000, counters, now);
  }

  async takeSend(botId: number, chatId: number, isGroup: boolean): Promise<void> {
    const chatWait = await (isGroup ? this.perGroup : this.perPrivateChat).take(`${botId}:${chatId}`);
    if (chatWait > 0) throw tooManyRequests(chatWait);
    const botWait = await this.perBot.take(String(botId));
    if (botWait > 0) throw tooManyRequests(botWait);
  }
}
