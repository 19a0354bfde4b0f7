import { describe, expect, it } from 'vitest';
import { SubjectHandlers } from './subject-handlers.js';

const payload = new Uint8Array([1]);

describe('SubjectHandlers', () => {
  it('opens a subject with its first subscriber and closes it with its last, once each', () => {
    const events: string[] = [];
    const handlers = new SubjectHandlers({
      onFirst: (subject) => events.push(`first ${subject}`),
      onLast: (subject) => events.push(`last ${subject}`),
    });
    const handler = () => {};
    const a = handlers.add('s', handler);
    const b = handlers.add('s', handler);
    const c = handlers.add('s', handler);
    b.unsubscribe();
    b.unsubscribe();
    a.unsubscribe();
    expect(events).toEqual(['first s']);
    c.unsubscribe();
    c.unsubscribe();
    expect(events).toEqual(['first s', 'last s']);
  });

  it('runs the same function subscribed twice twice, in subscription order', () => {
    const handlers = new SubjectHandlers();
    const calls: string[] = [];
    const first = () => calls.push('first');
    handlers.add('s', first);
    const second = handlers.add('s', () => calls.push('second'));
    handlers.add('s', first);
    handlers.dispatch('s', payload);
    second.unsubscribe();
    handlers.dispatch('s', payload);
    expect(calls).toEqual(['first', 'second', 'first', 'first', 'first']);
  });

  it('finishes a dispatch over the handlers it started with, whoever (un)subscribes meanwhile', () => {
    const handlers = new SubjectHandlers();
    const calls: string[] = [];
    const second = handlers.add('s', () => calls.push('second'));
    handlers.add('s', () => {
      calls.push('first');
      second.unsubscribe();
      handlers.add('s', () => calls.push('added during'));
    });
    // The subscription order is second, first; `first` removes `second` after it ran.
    handlers.dispatch('s', payload);
    expect(calls).toEqual(['second', 'first']);
    handlers.dispatch('s', payload);
    expect(calls).toEqual(['second', 'first', 'first', 'added during']);
  });

  it('forgets everything on clear, and an old subscription then unsubscribes nothing new', () => {
    const closed: string[] = [];
    const handlers = new SubjectHandlers({ onLast: (subject) => closed.push(subject) });
    const old = handlers.add('s', () => {});
    handlers.clear();
    const calls: number[] = [];
    handlers.add('s', () => calls.push(1));
    old.unsubscribe();
    handlers.dispatch('s', payload);
    expect(calls).toEqual([1]);
    expect(closed).toEqual([]);
  });
});
