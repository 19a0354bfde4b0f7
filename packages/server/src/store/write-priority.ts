import { AsyncLocalStorage } from 'node:async_hooks';

const first = new AsyncLocalStorage<true>();

/**
 * Runs `body` so that the store writes it makes, however deep in the domain, go ahead of the
 * ordinary ones queued for the next commit (see `WriteBatcher`). The transport gives it to the
 * requests of gentle connections, so that under a flood a person's message waits for a commit or
 * two, not behind everything the flood got admitted.
 */
export function writeFirst<T>(body: () => Promise<T>): Promise<T> {
  return first.run(true, body);
}

/** Whether the current request's writes go first. */
export function writesFirst(): boolean {
  return first.getStore() === true;
}
