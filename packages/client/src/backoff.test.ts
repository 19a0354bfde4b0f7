import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from minMs up to maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 10, 100].map((n) =>
      backoffDelay(n, { minMs: 100, maxMs: 1000, jitter: 0 }),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('takes up to `jitter` of each delay off at random', () => {
    expect(backoffDelay(2, { minMs: 100, maxMs: 1000, jitter: 0.5 }, () => 0)).toBe(400);
    expect(backoffDelay(2, { minMs: 100, maxMs: 1000, jitter: 0.5 }, () => 0.999_999)).toBe(200);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, { minMs: 100, maxMs: 1000, jitter: 0.5 });
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it('defaults to 500 ms doubling to 30 s', () => {
    expect(backoffDelay(0, { jitter: 0 })).toBe(500);
    expect(backoffDelay(20, { jitter: 0 })).toBe(30_000);
  });
});
