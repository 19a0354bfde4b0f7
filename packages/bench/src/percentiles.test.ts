import { describe, expect, it } from 'vitest';
import { quantile, summarize } from './percentiles.js';

describe('percentiles', () => {
  it('takes the nearest rank: the smallest sample with at least q of them at or below it', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile([7], 0.5)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('sorts numerically without touching the input', () => {
    const samples = [10, 9, 100, 1, 2];
    expect(summarize(samples)).toEqual({ count: 5, p50: 9, p90: 100, p99: 100, max: 100, mean: 24.4 });
    expect(samples).toEqual([10, 9, 100, 1, 2]);
  });
});
