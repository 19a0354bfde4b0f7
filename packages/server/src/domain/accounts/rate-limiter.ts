import type { RateCounters } from '../../store/rate-counters.js';

/**
 * At most `limit` attempts per key in a fixed window, counted in the store's counters so that
 * every node of a cluster enforces the same limit.
 */
export class RateLimiter {
  constructor(
    /** Keeps this limiter's keys apart from the others' in the shared counters. */
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly counters: RateCounters,
    private readonly now: () => number,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  async retryAfter(key: string): Promise<number> {
    const now = this.now();
    const window = await this.counters.peek(this.key(key), this.windowMs, now);
    if (window.hits < this.limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
  }

  /**
   * Counts an attempt first and then judges it (one atomic step in the counters), so attempts
   * made at the same moment on several nodes cannot all slip under the limit: the seconds to
   * wait, or 0 when this attempt is allowed.
   */
  async take(key: string): Promise<number> {
    const now = this.now();
    const window = await this.counters.hit(this.key(key), this.windowMs, now);
    if (window.hits <= this.limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
  }

  async hit(key: string): Promise<void> {
    await this.counters.hit(this.key(key), this.windowMs, this.now());
  }

  async reset(key: string): Promise<void> {
    await this.counters.reset(this.key(key));
  }

  private key(key: string): string {
    return `${this.name}:${key}`;
  }
}
