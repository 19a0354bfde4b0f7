import { describe, expect, it } from 'vitest';
import { LocalBus } from './local-bus.js';

describe('LocalBus', () => {
  it('delivers in publish order to every subscriber of the subject only', () => {
    const bus = new LocalBus();
    const seen: string[] = [];
    bus.subscribe('a', (p) => seen.push(`1:${p[0]}`));
    const second = bus.subscribe('a', (p) => seen.push(`2:${p[0]}`));
    bus.subscribe('b', (p) => seen.push(`b:${p[0]}`));
    bus.publish('a', new Uint8Array([1]));
    second.unsubscribe();
    second.unsubscribe();
    bus.publish('a', new Uint8Array([2]));
    expect(seen).toEqual(['1:1', '2:1', '1:2']);
  });

  it('isolates a failing handler from the publisher and the other handlers', () => {
    const errors: unknown[] = [];
    const bus = new LocalBus((e) => errors.push(e));
    const seen: number[] = [];
    bus.subscribe('a', () => {
      throw new Error('boom');
    });
    bus.subscribe('a', (p) => seen.push(p[0] as number));
    expect(() => bus.publish('a', new Uint8Array([7]))).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });
});
