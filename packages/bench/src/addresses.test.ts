import { describe, expect, it } from 'vitest';
import { addressFor, allocateAddresses, splitEvenly } from './addresses.js';

describe('source addresses', () => {
  it('deals 127.0.0.2-254 out to the workers with none shared', () => {
    const perWorker = allocateAddresses(3, 1000, 500);
    const all = perWorker.flat();
    expect(all).toHaveLength(253);
    expect(new Set(all).size).toBe(253);
    expect(perWorker[0]?.slice(0, 2)).toEqual(['127.0.0.2', '127.0.0.5']);
    expect(all).not.toContain('127.0.0.1');
    expect(all).toContain('127.0.0.254');
  });

  it('refuses a plan that puts too many connections on one address', () => {
    expect(() => allocateAddresses(1, 253 * 500, 500)).not.toThrow();
    expect(() => allocateAddresses(1, 253 * 500 + 1, 500)).toThrow(/501 on one source address/);
    // Worker 0 gets 127 addresses, worker 1 only 126: the even split of clients fills worker 1 first.
    expect(() => allocateAddresses(2, 126 * 500 * 2, 500)).not.toThrow();
    expect(() => allocateAddresses(2, 126 * 500 * 2 + 2, 500)).toThrow(/on one source address/);
    expect(() => allocateAddresses(0, 10, 500)).toThrow(/workers/);
  });

  it('gives connections the addresses round-robin', () => {
    const addresses = ['127.0.0.2', '127.0.0.3'];
    expect([0, 1, 2, 3].map((i) => addressFor(addresses, i))).toEqual([
      '127.0.0.2',
      '127.0.0.3',
      '127.0.0.2',
      '127.0.0.3',
    ]);
  });

  it('splits clients into contiguous ranges differing by at most one', () => {
    expect(splitEvenly(10, 3)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 7 },
      { start: 7, end: 10 },
    ]);
  });
});
