/** A key's hits in its current window. */
export interface RateWindow {
  hits: number;
  /** When the window began (ms since the epoch). */
  start: number;
}

/**
 * Fixed-window hit counters for abuse limits (failed sign-ins, sign-ups, code requests). Every
 * node of a cluster must see the same counts, or an attacker spreads attempts over the nodes:
 * the cluster store keeps them in PostgreSQL; the embedded store is one process and keeps
 * them in memory. `now` comes from the caller, so the domain's clock decides.
 */
export interface RateCounters {
  /** The current window of `key`; a window older than `windowMs` counts as empty. */
  peek(key: string, windowMs: number, now: number): Promise<RateWindow>;
  /** Counts `count` hits (one by default), opening a new window when the old one has passed. */
  hit(key: string, windowMs: number, now: number, count?: number): Promise<RateWindow>;
  reset(key: string): Promise<void>;
}

/** Windows this old are dropped whatever their length (the longest limit is an hour). */
export const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export class MemoryRateCounters implements RateCounters {
  private readonly windows = new Map<string, RateWindow>();

  async peek(key: string, windowMs: number, now: number): Promise<RateWindow> {
    return this.current(key, windowMs, now);
  }

  async hit(key: string, windowMs: number, now: number, count = 1): Promise<RateWindow> {
    // Read and count in one turn of the event loop: concurrent hits never see the same count.
    const current = this.current(key, windowMs, now);
    const next = { hits: current.hits + count, start: current.start };
    this.windows.set(key, next);
    if (this.windows.size > 100_000) this.prune(now);
    return { ...next };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private current(key: string, windowMs: number, now: number): RateWindow {
    const window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) return { hits: 0, start: now };
    return { ...window };
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= FORGET_AFTER_MS) this.windows.delete(key);
    }
  }
}
