import { describe, expect, it } from 'vitest';
import { MemoryRateCounters } from '../store/rate-counters.js';
import { SharedRateLimit } from './shared-rate-limit.js';

describe('SharedRateLimit', () => {
  it('admits a key up to the limit per window, then says how long to wait', () => {
    let now = 0;
    const limit = new SharedRateLimit(new MemoryRateCounters(), 'test', 3, 10_000, {
      flushMs: 0,
      now: () => now,
    });
    expect([limit.take(1), limit.take(1), limit.take(1), limit.take(1)]).toEqual([0, 0, 0, 10]);
    expect(limit.take(2)).toBe(0);
    now += 4_000;
    expect(limit.take(1)).toBe(6);
    now += 6_000;
    expect(limit.take(1)).toBe(0);
  });

  it('counts with the other nodes, each learning the total when it adds its own count', async () => {
    const shared = new MemoryRateCounters();
    const a = new SharedRateLimit(shared, 'test', 10, 60_000, { flushMs: 0 });
    const b = new SharedRateLimit(shared, 'test', 10, 60_000, { flushMs: 0 });
    for (let i = 0; i < 7; i++) expect(a.take(1)).toBe(0);
    await a.flush();
    // Within one flush interval b judges by its own count alone.
    for (let i = 0; i < 7; i++) expect(b.take(1)).toBe(0);
    await b.flush();
    expect(b.take(1)).toBeGreaterThan(0);
    // a learns the total (14) when it next adds its own: one more, then it refuses too.
    expect(a.take(1)).toBe(0);
    await a.flush();
    expect(a.take(1)).toBeGreaterThan(0);
  });
});
