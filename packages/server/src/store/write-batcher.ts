import { type Kysely, sql } from 'kysely';
import { queryTemplate } from './query-template.js';
import type { Database } from './schema.js';
import { writesFirst } from './write-priority.js';

interface QueuedWork {
  work: (db: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Outcome {
  ok: boolean;
  value: unknown;
}

export interface WriteBatcherOptions {
  /** Opens a transaction, runs `body` in it and commits durably. */
  transaction: <T>(body: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;
  /** Largest number of works in one transaction. */
  maxBatch?: number;
  /**
   * Ordinary works in a batch that holds works going first (`writeFirst`): enough that the
   * ordinary ones are never starved, few enough that the first ones commit soon.
   */
  alongsideFirst?: number;
  /** Whether a failed commit may be retried as a whole (deadlock, serialization failure). */
  isRetryable?: (error: unknown) => boolean;
}

/**
 * Group commit: queued works run one after another inside a single transaction, each in its own
 * savepoint, so one failing work is rolled back alone while the others commit together.
 * Batches run one at a time; while one commits, the next one fills.
 *
 * Works made under `writeFirst` (a gentle connection's requests) go ahead of the ordinary ones
 * queued, and a batch holding them takes only `alongsideFirst` ordinary works: such a work waits
 * for the batch committing when it came and one short batch, however many ordinary works a
 * flood has queued. Each queue keeps its order, and every batch takes ordinary works too while
 * any wait, so none is starved.
 */
export class WriteBatcher {
  private first: QueuedWork[] = [];
  private ordinary: QueuedWork[] = [];
  private running = false;
  private draining: Promise<void> | undefined;
  private readonly maxBatch: number;
  private readonly alongsideFirst: number;

  constructor(private readonly options: WriteBatcherOptions) {
    this.maxBatch = options.maxBatch ?? 512;
    this.alongsideFirst = Math.max(1, Math.min(this.maxBatch - 1, options.alongsideFirst ?? 64));
  }

  run<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queue = writesFirst() ? this.first : this.ordinary;
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Resolves once every queued work has committed or failed. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    this.running = true;
    let done = () => {};
    this.draining = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      while (this.first.length > 0 || this.ordinary.length > 0) {
        // One turn of the event loop first: requests already read from the sockets queue their
        // writes too and share this commit. (SQLite commits block the loop, so without this a
        // batch would hold only what was queued before it started.)
        await new Promise((resolve) => setImmediate(resolve));
        await this.commit(this.nextBatch());
      }
    } finally {
      this.running = false;
      this.draining = undefined;
      done();
    }
  }

  private nextBatch(): QueuedWork[] {
    if (this.first.length === 0) return this.ordinary.splice(0, this.maxBatch);
    const alongside = Math.min(this.ordinary.length, this.alongsideFirst);
    const first = this.first.splice(0, this.maxBatch - alongside);
    return [...first, ...this.ordinary.splice(0, alongside)];
  }

  private async commit(batch: QueuedWork[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.options.transaction((trx) =>
          runEach(trx, batch, this.options.isRetryable),
        );
        outcomes.forEach((outcome, i) => {
          const item = batch[i] as QueuedWork;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.value);
        });
        return;
      } catch (error) {
        if (attempt < 8 && this.options.isRetryable?.(error)) {
          // Another node's batch holds rows this one needs: back off a little, then redo it all.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
          continue;
        }
        for (const item of batch) item.reject(error);
        return;
      }
    }
  }
}

// Run around every work, compiled once (see query-template.ts).
const savepoint = queryTemplate((_db: Kysely<Database>, _: object) => sql`savepoint work`);
const releaseSavepoint = queryTemplate((_db: Kysely<Database>, _: object) => sql`release savepoint work`);
const rollbackToSavepoint = queryTemplate(
  (_db: Kysely<Database>, _: object) => sql`rollback to savepoint work`,
);

/**
 * Runs each work in its own savepoint. A work's own failure rolls back that work alone; a
 * retryable failure (deadlock, serialization) aborts the whole batch so it is redone.
 */
async function runEach(
  trx: Kysely<Database>,
  batch: QueuedWork[],
  isRetryable: ((error: unknown) => boolean) | undefined,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const item of batch) {
    await savepoint.execute(trx, {});
    try {
      const value = await item.work(trx);
      await releaseSavepoint.execute(trx, {});
      outcomes.push({ ok: true, value });
    } catch (error) {
      if (isRetryable?.(error)) throw error;
      await rollbackToSavepoint.execute(trx, {});
      await releaseSavepoint.execute(trx, {});
      outcomes.push({ ok: false, value: error });
    }
  }
  return outcomes;
}
