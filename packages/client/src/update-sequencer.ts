import type { Difference, State, Update } from '@peyk/protocol';

/** What the sequencer needs from its owner. */
export interface UpdateSequencerHooks {
  /** Calls `get_difference { pts }`. */
  fetchDifference(pts: number): Promise<Difference>;
  /** Delivers one update: persistent ones in pts order, each exactly once. */
  deliver(update: Update): void;
  /** The client was too far behind: it continues from `state.pts` and must reload its caches. */
  reset(state: State): void;
  /** A difference fetch failed; the owner decides when to call `resync()` again. */
  syncFailed(error: unknown): void;
}

/**
 * The pts rules of docs/PROTOCOL.md ("Sync: pts, updates and difference"):
 *
 * - `pts == local + 1`: deliver, `local = pts`; `pts <= local`: a duplicate, drop it;
 * - `pts > local + 1`: a gap: hold the update and fetch the difference from `local`;
 * - `pts == 0` (typing, presence): deliver at once, never held or replayed.
 *
 * Guarantees: persistent updates are delivered in ascending pts order, each at most once, with
 * no pts skipped except by a `too_long` reset; at most one difference fetch is in flight.
 */
export class UpdateSequencer {
  readonly #hooks: UpdateSequencerHooks;
  #pts: number | undefined;
  readonly #held = new Map<number, Update>();
  /** Pushed updates wait until `resync()` has caught up (set after a reconnect). */
  #holding = false;
  #sync: Promise<void> | undefined;
  #syncAgain = false;
  /** Bumped by `setState` / `clear`, so that a fetch started before them is ignored. */
  #generation = 0;

  constructor(hooks: UpdateSequencerHooks) {
    this.#hooks = hooks;
  }

  /** The pts of the last delivered update (or of the sign-in state); undefined before sign-in. */
  get pts(): number | undefined {
    return this.#pts;
  }

  /** True while a difference fetch runs or pushed updates are being held for one. */
  get syncing(): boolean {
    return this.#sync !== undefined || this.#holding;
  }

  /** Starts from a known state (a fresh sign-in): held updates at or below it are dropped. */
  setState(pts: number): void {
    this.#generation++;
    this.#sync = undefined;
    this.#holding = false;
    this.#pts = pts;
    this.#drainOrSync();
  }

  /** Forgets the state (sign-out): nothing is delivered until `setState`. */
  clear(): void {
    this.#generation++;
    this.#sync = undefined;
    this.#holding = false;
    this.#pts = undefined;
    this.#held.clear();
  }

  /** Holds pushed updates until the next `resync()` completes: a reconnect is under way. */
  hold(): void {
    if (this.#pts !== undefined) this.#holding = true;
  }

  /** Handles one pushed update. */
  push(update: Update): void {
    if (update.pts === 0) {
      this.#hooks.deliver(update);
      return;
    }
    const local = this.#pts;
    if (local !== undefined && update.pts <= local) return;
    if (local === undefined || this.syncing || update.pts > local + 1) {
      this.#held.set(update.pts, update);
      if (local !== undefined && !this.syncing) this.#startSync();
      return;
    }
    this.#deliver(update);
    this.#drainOrSync();
  }

  /**
   * Fetches the difference since the local pts (looping while `partial`), then delivers the
   * held updates that follow it. Called after every reconnect; resolves when caught up or
   * when the fetch failed (reported through `syncFailed`).
   */
  resync(): Promise<void> {
    if (this.#pts === undefined) return Promise.resolve();
    this.#holding = true;
    return this.#startSync();
  }

  #startSync(): Promise<void> {
    if (this.#sync) {
      // One fetch at a time: the running loop goes round once more when it ends.
      this.#syncAgain = true;
      return this.#sync;
    }
    const generation = this.#generation;
    const sync = this.#runSync(generation).then(
      () => {
        if (this.#sync === sync) {
          this.#sync = undefined;
          this.#holding = false;
        }
      },
      (error: unknown) => {
        if (this.#sync !== sync) return;
        this.#sync = undefined;
        this.#hooks.syncFailed(error);
      },
    );
    this.#sync = sync;
    return sync;
  }

  async #runSync(generation: number): Promise<void> {
    let gap: boolean;
    do {
      this.#syncAgain = false;
      const before = this.#pts as number;
      for (;;) {
        const from = this.#pts as number;
        const difference = await this.#hooks.fetchDifference(from);
        if (generation !== this.#generation) return;
        const state = difference.state;
        if (difference.tooLong) {
          this.#pts = Math.max(from, state?.pts ?? from);
          this.#dropHeldUpTo(this.#pts);
          if (state) this.#hooks.reset(state);
          break;
        }
        // Ascending, from `from + 1`; a duplicate or an ephemeral entry would break the order.
        for (const update of difference.updates) {
          if (update.pts > (this.#pts as number)) this.#deliver(update);
        }
        // Adopting state.pts keeps us from asking forever for pts the server no longer shows us.
        if (state && state.pts > (this.#pts as number)) this.#pts = state.pts;
        if (!difference.partial) break;
        if ((this.#pts as number) <= from) break; // no progress: do not spin on a bad answer
      }
      gap = !this.#drain();
      // A gap the difference did not fill (a bad answer) is retried on the next push, not in a loop.
      if (gap && this.#pts === before && !this.#syncAgain) return;
    } while (gap || this.#syncAgain);
  }

  /** Delivers held updates that follow the local pts; false when a gap remains. */
  #drain(): boolean {
    for (;;) {
      const local = this.#pts as number;
      this.#dropHeldUpTo(local);
      const next = this.#held.get(local + 1);
      if (!next) return this.#held.size === 0;
      this.#held.delete(local + 1);
      this.#deliver(next);
    }
  }

  #drainOrSync(): void {
    if (!this.#drain()) this.#startSync();
  }

  #dropHeldUpTo(pts: number): void {
    for (const key of this.#held.keys()) if (key <= pts) this.#held.delete(key);
  }

  #deliver(update: Update): void {
    this.#pts = update.pts;
    this.#hooks.deliver(update);
  }
}
