import { ErrorCode } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { HashingGate } from './hashing-gate.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('HashingGate', () => {
  it('runs at most `concurrency` tasks, queues some, and refuses the rest with FLOOD_WAIT', async () => {
    const gate = new HashingGate(2, 2);
    let inFlight = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      gate.run(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight--;
        return 'done';
      });
    const accepted = [task(), task(), task(), task()];
    await expect(task()).rejects.toMatchObject({ code: ErrorCode.FLOOD_WAIT, retryAfter: 2 });
    await tick();
    expect(inFlight).toBe(2);
    for (let released = 0; released < 4; released++) {
      while (releases.length === 0) await tick();
      releases.shift()?.();
    }
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done', 'done']);
    expect(most).toBe(2);
    expect(await gate.run(async () => 'free again')).toBe('free again');
  });
});
