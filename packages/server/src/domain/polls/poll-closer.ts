import type { Repositories, Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import type { StoredPoll } from './stored-poll.js';

/** Remembers a new poll's close date (inside the write that posts it) for the PollCloser. */
export async function scheduleClosing(
  tx: Repositories,
  chatId: number,
  messageId: number,
  poll: StoredPoll,
  now: number,
): Promise<void> {
  if (!poll.closed && poll.closeDate > now) await tx.polls.scheduleClose(chatId, messageId, poll.closeDate);
}

export interface PollCloserDeps {
  store: Store;
  clock: Clock;
  /** Closes one due poll and announces it, unless another node already has (see claimClosing). */
  closeAtDate: (chatId: number, messageId: number) => Promise<void>;
  log: (error: unknown, context: string) => void;
  /**
   * The longest wait between two looks: polls posted through another node, and a clock moved
   * by a test, are noticed within it.
   */
  maxWaitMs: number;
}

/** How many due polls one look closes before looking again. */
const BATCH = 100;

/**
 * Closes polls when their close_date (or open_period) comes: a timer for the earliest pending
 * close, set on start and again after each poll posted here, and at least every maxWaitMs.
 */
export class PollCloser {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** A wake came while looking: look once more after. */
  private again = false;

  constructor(private readonly deps: PollCloserDeps) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** Looks again now: a poll with an earlier close date may have been posted. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.closeDue()
      .then((done) => this.planNext(done))
      .catch((error) => {
        this.deps.log(error, 'closing polls at their close date');
        this.later(this.deps.maxWaitMs);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else if (!this.timer) this.later(this.deps.maxWaitMs);
      });
  }

  /** Closes what is due; false when a close failed (it is tried again after maxWaitMs, not at once). */
  private async closeDue(): Promise<boolean> {
    for (;;) {
      const due = await this.deps.store.read.polls.dueClosings(this.deps.clock.now(), BATCH);
      for (const { chatId, messageId } of due) {
        if (this.stopped) return true;
        try {
          await this.deps.closeAtDate(chatId, messageId);
        } catch (error) {
          this.deps.log(error, 'closing a poll at its close date');
          return false;
        }
      }
      if (due.length < BATCH) return true;
    }
  }

  private async planNext(done: boolean): Promise<void> {
    const next = done ? await this.deps.store.read.polls.nextCloseDate() : undefined;
    const wait = next === undefined ? this.deps.maxWaitMs : (next - this.deps.clock.now()) * 1000;
    this.later(Math.min(Math.max(wait, 0), this.deps.maxWaitMs));
  }

  private later(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, ms);
    this.timer.unref();
  }
}
