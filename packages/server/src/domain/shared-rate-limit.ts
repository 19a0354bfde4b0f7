import type { RateCounters } from '../store/rate-counters.js';

/** One key's count as this node knows it. */
interface KeyCount {
  /** Admitted here since the last flush, not yet added to the shared counter. */
  pending: number;
  /** The shared window's hits (every node's) at the last flush. */
  shared: number;
  windowStart: number;
}

/**
 * A limit per key (an account's requests, a chat's messages) over every node, counted in the
 * store's shared counters (`rate_counters` on PostgreSQL). Each attempt is judged at once from
 * what this node knows, so it is never delayed nor reordered by a round trip to the store; each
 * node adds its count to the shared window every `flushMs` (one upsert per active key, not per
 * attempt) and learns the total from the answer. The limit therefore holds across nodes to
 * within what the other nodes admit in one flush interval.
 */
export class SharedRateLimit {
  private readonly keys = new Map<string, KeyCount>();
  private readonly timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly counters: RateCounters,
    /** Keeps this limit's keys apart from the others' in the shared counters. */
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
    options: { flushMs: number; now?: () => number; onError?: (error: unknown) => void },
  ) {
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => {});
    if (options.flushMs > 0) {
      this.timer = setInterval(() => void this.flush(), options.flushMs);
      this.timer.unref();
    }
  }

  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;

  /** Counts an attempt for `key`: 0 when admitted, else the seconds to wait. */
  take(key: number | string): number {
    const now = this.now();
    const id = String(key);
    let count = this.keys.get(id);
    if (!count || now - count.windowStart >= this.windowMs) {
      // A new window (a count the store could not take is dropped with the old one).
      count = { pending: 0, shared: 0, windowStart: now };
      this.keys.set(id, count);
    }
    if (count.shared + count.pending >= this.limit) {
      return Math.max(1, Math.ceil((count.windowStart + this.windowMs - now) / 1000));
    }
    count.pending++;
    return 0;
  }

  /** Adds this node's counts to the shared ones and learns the totals (also run by the timer). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    const now = this.now();
    const work: Promise<void>[] = [];
    for (const [id, count] of this.keys) {
      if (count.pending === 0) {
        // Quiet and past its window: forget it (its next request starts afresh).
        if (now - count.windowStart >= this.windowMs) this.keys.delete(id);
        continue;
      }
      const pending = count.pending;
      count.pending = 0;
      work.push(
        this.counters.hit(`${this.name}:${id}`, this.windowMs, now, pending).then(
          (window) => {
            count.shared = window.hits;
            count.windowStart = window.start;
          },
          (error: unknown) => {
            // The store is unreachable: keep judging by this node's own count.
            count.pending += pending;
            this.onError(error);
          },
        ),
      );
    }
    await Promise.all(work);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
