import { describe, expect, it } from 'vitest';
import { Admission, Allowance } from './admission.js';

describe('Admission', () => {
  it('bounds the requests of one connection', () => {
    const admission = new Admission(2, 100);
    const allowance = new Allowance();
    expect(admission.tryEnter(0, allowance)).toBe('first');
    expect(admission.tryEnter(1, allowance)).toBe('admitted');
    expect(admission.tryEnter(2, allowance)).toBe('connection busy');
    admission.leave();
    expect(admission.size).toBe(1);
  });

  it('while busy admits only a gentle connection with nothing else running, never past four times the limit', () => {
    let now = 0;
    const clock = () => now;
    const admission = new Admission(100, 3);
    const flooder = new Allowance(clock);
    for (let i = 0; i < 3; i++) expect(admission.tryEnter(i, flooder)).toBe(i === 0 ? 'first' : 'admitted');
    // Busy. The flooder has 2 of its 5 saved left, but three requests running: shed.
    expect(admission.tryEnter(3, flooder)).toBe('node busy');
    // Sending ten a second it spends what it saved, then owes more than it earns (two a
    // second): even with nothing running it no longer gets in.
    let admitted = 0;
    for (let second = 0; second < 4; second++) {
      now += 1000;
      for (let i = 0; i < 10; i++) {
        if (admission.tryEnter(0, flooder) !== 'node busy') {
          if (second > 0) admitted++;
          admission.leave();
        }
      }
    }
    expect(admitted).toBe(0);
    // Polite connections, a request a second each, get in up to four times the limit.
    const polite = Array.from({ length: 10 }, () => new Allowance(clock));
    const answers = polite.map((allowance) => admission.tryEnter(0, allowance));
    expect(answers.filter((answer) => answer === 'first')).toHaveLength(9);
    expect(answers.at(-1)).toBe('node busy');
    expect(admission.size).toBe(12);
  });

  it('lets everyone in while the node is not busy, flooders included', () => {
    const admission = new Admission(100, 100);
    const flooder = new Allowance(() => 0);
    for (let i = 0; i < 50; i++) {
      expect(admission.tryEnter(0, flooder)).toBe(i < 5 ? 'first' : 'admitted');
      admission.leave();
    }
  });

  it('puts first only a gentle connection with nothing else running', () => {
    let now = 0;
    const admission = new Admission(100, 100);
    const polite = new Allowance(() => now);
    expect(admission.tryEnter(0, polite)).toBe('first');
    // Its second request at once is admitted but in turn: it must not overtake the first one.
    expect(admission.tryEnter(1, polite)).toBe('admitted');
    admission.leave();
    admission.leave();
    now += 1000;
    expect(admission.tryEnter(0, polite)).toBe('first');
  });
});

describe('Allowance', () => {
  it('has one to spend for a connection sending a request a second, not for a flooder', () => {
    let now = 0;
    const gentle = new Allowance(() => now);
    const flooder = new Allowance(() => now);
    for (let second = 0; second < 20; second++) {
      expect(gentle.spend()).toBe(true);
      for (let i = 0; i < 10; i++) flooder.spend();
      now += 1000;
    }
    expect(flooder.spend()).toBe(false);
    // A flooder that stops is gentle again once its debt is paid (at most 10 s).
    now += 12_000;
    expect(flooder.spend()).toBe(true);
  });
});
