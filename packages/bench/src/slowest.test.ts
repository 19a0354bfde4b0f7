import { describe, expect, it } from 'vitest';
import { lastDeliveries } from './slowest.js';

describe('lastDeliveries', () => {
  it('keeps the slowest delivery of each message over all workers', () => {
    const summary = lastDeliveries([
      [
        ['0.100', 5_000],
        ['0.200', 40_000],
      ],
      [
        ['0.100', 90_000],
        ['0.200', 10_000],
      ],
      [['0.300', 1_000]],
    ]).summaryMs();
    expect(summary.count).toBe(3);
    expect(summary.max).toBeCloseTo(90, 0);
    expect(summary.p50).toBeCloseTo(40, 0);
  });

  it('is empty when nothing was delivered', () => {
    expect(lastDeliveries([[], []]).summaryMs().count).toBe(0);
  });
});
