/** How long to wait between reconnect attempts (and between retries of a queued send). */
export interface BackoffOptions {
  /** The first delay, in milliseconds. Default 500. */
  minMs?: number;
  /** The largest delay, in milliseconds. Default 30,000. */
  maxMs?: number;
  /**
   * The fraction of each delay that is random, 0 to 1. Default 0.5: a delay is between half and
   * all of the exponential value, so that clients cut off together do not return together.
   */
  jitter?: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): `minMs * 2^attempt`, capped
 * at `maxMs`, less a random share of up to `jitter` of it.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const minMs = options.minMs ?? 500;
  const maxMs = Math.max(minMs, options.maxMs ?? 30_000);
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const exponential = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(exponential * (1 - jitter * random()));
}
