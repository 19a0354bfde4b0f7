import { describe, expect, it } from 'vitest';
import { bucketOf, Histogram, highestInBucket } from './histogram.js';

describe('Histogram', () => {
  it('is exact below 256 µs and within 1/128 above, bucket bounds contiguous', () => {
    for (let value = 0; value < 256; value++) expect(highestInBucket(bucketOf(value))).toBe(value);
    for (const value of [256, 257, 1000, 12_345, 999_999, 2 ** 30 + 5]) {
      const highest = highestInBucket(bucketOf(value));
      expect(highest).toBeGreaterThanOrEqual(value);
      expect((highest - value) / value).toBeLessThan(1 / 128);
    }
    for (let index = 1; index < 3000; index++) {
      expect(bucketOf(highestInBucket(index - 1) + 1)).toBe(index);
    }
  });

  it('takes percentiles by nearest rank, never above the largest value recorded', () => {
    const histogram = new Histogram();
    for (let value = 1; value <= 100; value++) histogram.record(value);
    expect(histogram.quantile(0.5)).toBe(50);
    expect(histogram.quantile(0.99)).toBe(99);
    expect(histogram.quantile(1)).toBe(100);
    expect(histogram.mean).toBe(50.5);
    const wide = new Histogram();
    wide.record(1_000_003);
    expect(wide.quantile(0.5)).toBe(1_000_003);
    expect(new Histogram().quantile(0.5)).toBeNaN();
  });

  it('merges histograms of several workers into the percentiles of all their values', () => {
    const a = new Histogram();
    const b = new Histogram();
    for (let value = 1; value <= 50; value++) a.record(value * 1000);
    for (let value = 51; value <= 100; value++) b.record(value * 1000);
    const merged = Histogram.fromJSON(JSON.parse(JSON.stringify(a))).merge(
      Histogram.fromJSON(JSON.parse(JSON.stringify(b))),
    );
    expect(merged.count).toBe(100);
    expect(merged.min).toBe(1000);
    expect(merged.max).toBe(100_000);
    const p50 = merged.quantile(0.5);
    expect(p50).toBeGreaterThanOrEqual(50_000);
    expect(p50).toBeLessThan(50_000 * (1 + 1 / 128));
    expect(merged.summaryMs().p99).toBeCloseTo(99, 0);
  });

  it('survives JSON when empty, and clamps negative values to 0', () => {
    const empty = Histogram.fromJSON(JSON.parse(JSON.stringify(new Histogram())));
    expect(empty.count).toBe(0);
    expect(new Histogram().merge(empty).quantile(0.5)).toBeNaN();
    const clock = new Histogram();
    clock.record(-5);
    expect(clock.quantile(1)).toBe(0);
  });
});
