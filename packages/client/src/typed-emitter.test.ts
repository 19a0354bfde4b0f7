import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typed-emitter.js';

interface Events {
  count: number;
  done: undefined;
}

describe('TypedEmitter', () => {
  it('calls listeners in order, once listeners once, and stops after off', () => {
    const emitter = new TypedEmitter<Events>();
    const calls: string[] = [];
    const off = emitter.on('count', (n) => calls.push(`a${n}`));
    emitter.once('count', (n) => calls.push(`b${n}`));
    emitter.on('done', () => calls.push('done'));
    emitter.emit('count', 1);
    emitter.emit('count', 2);
    off();
    emitter.emit('count', 3);
    emitter.emit('done');
    expect(calls).toEqual(['a1', 'b1', 'a2', 'done']);
    expect(emitter.listenerCount('count')).toBe(0);
  });

  it('keeps calling the other listeners when one throws, and reports the error', async () => {
    const emitter = new TypedEmitter<Events>();
    const seen: number[] = [];
    emitter.on('count', () => {
      throw new Error('listener bug');
    });
    emitter.on('count', (n) => seen.push(n));
    const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    emitter.emit('count', 7);
    expect(seen).toEqual([7]);
    expect(await reported).toMatchObject({ message: 'listener bug' });
  });
});
