import { describe, expect, it } from 'vitest';
import { Admission } from './admission.js';
import { TokenBucket } from './token-bucket.js';

describe('Admission', () => {
  it('bounds the requests of one connection', () => {
    const admission = new Admission(2, 100);
    const allowance = admission.allowance();
    expect(admission.tryEnter(0, allowance)).toBe('admitted');
    expect(admission.tryEnter(1, allowance)).toBe('admitted');
    expect(admission.tryEnter(2, allowance)).toBe('connection busy');
    admission.leave();
    expect(admission.size).toBe(1);
  });

  it('while busy admits only a connection with nothing running, within its allowance and twice the limit', () => {
    let now = 0;
    const allowance = () => new TokenBucket(3, 1, () => now);
    const admission = new Admission(10, 3);
    const flooder = allowance();
    for (let i = 0; i < 3; i++) expect(admission.tryEnter(i, flooder)).toBe('admitted');
    // Busy: a connection with requests running is shed.
    expect(admission.tryEnter(3, flooder)).toBe('node busy');
    // One with nothing running gets in on its allowance (3 at once, then 1 a second).
    const polite = allowance();
    for (let i = 0; i < 3; i++) expect(admission.tryEnter(0, polite)).toBe('admitted');
    expect(admission.size).toBe(6);
    // Never past twice the limit.
    expect(admission.tryEnter(0, allowance())).toBe('node busy');
    admission.leave();
    expect(admission.tryEnter(0, polite)).toBe('node busy');
    now += 1000;
    expect(admission.tryEnter(0, polite)).toBe('admitted');
  });

  it('does not spend the allowance while the node is not busy', () => {
    const allowance = new TokenBucket(3, 1, () => 0);
    const admission = new Admission(10, 100);
    for (let i = 0; i < 50; i++) {
      expect(admission.tryEnter(0, allowance)).toBe('admitted');
      admission.leave();
    }
    expect(allowance.take()).toBe(0);
  });
});
