import type { Store } from '../../store/store.js';

/**
 * Writes sessions' last activity behind the sign-ins that report it: the touches of one interval,
 * from every connect on this node, go in one transaction. A connect then waits for no commit (a
 * reconnect storm would otherwise queue thousands of them), and what a crash can lose is one
 * interval of "last active" times: never anything a client was told is saved.
 */
export class SessionTouches {
  #pending = new Map<number, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly logError: (error: unknown, message: string) => void,
    private readonly intervalMs = 1000,
  ) {}

  /** The session was used at `at` (seconds); written within the interval. */
  note(sessionId: number, at: number): void {
    this.#pending.set(sessionId, Math.max(at, this.#pending.get(sessionId) ?? 0));
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.flush().catch((error) => this.logError(error, 'writing sessions’ last activity'));
    }, this.intervalMs);
    // A closing server flushes them itself: the timer must not keep a process alive.
    this.#timer.unref();
  }

  /** Writes what is noted now; the server's close calls it before closing the store. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const touches = [...this.#pending];
    this.#pending = new Map();
    if (touches.length === 0) return;
    await this.store.write(async (tx) => {
      for (const [sessionId, at] of touches) await tx.accounts.touchSession(sessionId, at);
    });
  }
}
