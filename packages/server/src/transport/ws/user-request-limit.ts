import type { RateCounters } from '../../store/rate-counters.js';

/** One account's requests as this node knows them. */
interface UserCount {
  /** Admitted here since the last flush, not yet added to the shared counter. */
  pending: number;
  /** The shared window's hits (every node's) at the last flush. */
  shared: number;
  windowStart: number;
}

/**
 * Requests per account over all its connections on every node, counted in the store's shared
 * counters (`rate_counters` on PostgreSQL). A request is judged at once from what this node
 * knows, so it is never delayed nor reordered by a round trip to the store; each node adds its
 * count to the shared window every `flushMs` (one upsert per active account, not per request) and
 * learns the total from the answer. The limit therefore holds across nodes to within what the
 * other nodes admit in one flush interval.
 */
export class UserRequestLimit {
  private readonly users = new Map<number, UserCount>();
  private readonly timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly counters: RateCounters,
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

  /** Counts a request of `userId`: 0 when admitted, else the seconds to wait. */
  take(userId: number): number {
    const now = this.now();
    let count = this.users.get(userId);
    if (!count || now - count.windowStart >= this.windowMs) {
      // A new window (a count the store could not take is dropped with the old one).
      count = { pending: 0, shared: 0, windowStart: now };
      this.users.set(userId, count);
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
    for (const [userId, count] of this.users) {
      if (count.pending === 0) {
        // Quiet and past its window: forget it (its next request starts afresh).
        if (now - count.windowStart >= this.windowMs) this.users.delete(userId);
        continue;
      }
      const pending = count.pending;
      count.pending = 0;
      work.push(
        this.counters.hit(`user-requests:${userId}`, this.windowMs, now, pending).then(
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
