import {
  create,
  type Difference,
  DifferenceSchema,
  type State,
  type Update,
  UpdateSchema,
} from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { UpdateSequencer } from './update-sequencer.js';

function update(pts: number): Update {
  return create(UpdateSchema, { pts, kind: { case: 'readInbox', value: { chatId: '1', maxId: pts } } });
}

function typing(): Update {
  return create(UpdateSchema, {
    pts: 0,
    kind: { case: 'typing', value: { chatId: '1', userId: '2', typing: true } },
  });
}

interface Deferred {
  from: number;
  resolve: (difference: Difference) => void;
  reject: (error: unknown) => void;
}

/** A sequencer whose difference fetches the test answers by hand. */
function harness(pts?: number) {
  const delivered: number[] = [];
  const resets: State[] = [];
  const fetches: Deferred[] = [];
  const failures: unknown[] = [];
  const sequencer = new UpdateSequencer({
    fetchDifference: (from) =>
      new Promise<Difference>((resolve, reject) => fetches.push({ from, resolve, reject })),
    deliver: (u) => delivered.push(u.pts),
    reset: (state) => resets.push(state),
    syncFailed: (error) => failures.push(error),
  });
  if (pts !== undefined) sequencer.setState(pts);
  const answer = async (
    updates: number[],
    statePts: number,
    flags: { partial?: boolean; tooLong?: boolean } = {},
  ) => {
    const fetch = fetches.shift();
    if (!fetch) throw new Error('no fetch in flight');
    fetch.resolve(
      create(DifferenceSchema, { updates: updates.map(update), state: { pts: statePts }, ...flags }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    return fetch.from;
  };
  return { sequencer, delivered, resets, fetches, failures, answer };
}

describe('UpdateSequencer', () => {
  it('delivers consecutive updates at once', () => {
    const { sequencer, delivered, fetches } = harness(0);
    sequencer.push(update(1));
    sequencer.push(update(2));
    expect(delivered).toEqual([1, 2]);
    expect(sequencer.pts).toBe(2);
    expect(fetches).toHaveLength(0);
  });

  it('drops duplicates and updates at or below the local pts', () => {
    const { sequencer, delivered } = harness(3);
    sequencer.push(update(2));
    sequencer.push(update(3));
    sequencer.push(update(4));
    sequencer.push(update(4));
    expect(delivered).toEqual([4]);
  });

  it('fills a gap from the difference and delivers each update once, in order', async () => {
    const { sequencer, delivered, fetches, answer } = harness(0);
    sequencer.push(update(1));
    sequencer.push(update(3));
    expect(delivered).toEqual([1]);
    expect(fetches).toHaveLength(1);
    expect(await answer([2, 3], 3)).toBe(1);
    expect(delivered).toEqual([1, 2, 3]);
    expect(sequencer.pts).toBe(3);
    expect(sequencer.syncing).toBe(false);
  });

  it('keeps one fetch in flight and holds pushes that arrive meanwhile', async () => {
    const { sequencer, delivered, fetches, answer } = harness(0);
    sequencer.push(update(3));
    sequencer.push(update(5));
    sequencer.push(update(4));
    expect(fetches).toHaveLength(1);
    await answer([1, 2, 3], 3);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(fetches).toHaveLength(0);
  });

  it('fetches again when held updates still leave a gap', async () => {
    const { sequencer, delivered, fetches, answer } = harness(0);
    sequencer.push(update(2));
    sequencer.push(update(6));
    await answer([1, 2], 2);
    expect(delivered).toEqual([1, 2]);
    expect(fetches).toHaveLength(1);
    expect(await answer([3, 4, 5, 6], 6)).toBe(2);
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('loops over a partial difference from state.pts', async () => {
    const { sequencer, delivered, answer } = harness(10);
    void sequencer.resync();
    expect(await answer([11, 12], 12, { partial: true })).toBe(10);
    expect(await answer([13, 14], 14, { partial: true })).toBe(12);
    expect(await answer([15], 15)).toBe(14);
    expect(delivered).toEqual([11, 12, 13, 14, 15]);
  });

  it('on too_long emits a reset and continues from state.pts', async () => {
    const { sequencer, delivered, resets, answer } = harness(1);
    sequencer.push(update(500));
    sequencer.push(update(900));
    await answer([], 899, { tooLong: true });
    expect(resets.map((s) => s.pts)).toEqual([899]);
    expect(delivered).toEqual([900]);
    expect(sequencer.pts).toBe(900);
  });

  it('delivers ephemeral updates at once, even while syncing', () => {
    const { sequencer, delivered } = harness(0);
    sequencer.push(update(5));
    sequencer.push(typing());
    expect(delivered).toEqual([0]);
  });

  it('holds pushes after hold() until resync has caught up', async () => {
    const { sequencer, delivered, answer } = harness(4);
    sequencer.hold();
    sequencer.push(update(5));
    sequencer.push(update(6));
    expect(delivered).toEqual([]);
    void sequencer.resync();
    await answer([5], 5);
    expect(delivered).toEqual([5, 6]);
  });

  it('holds pushes that arrive before the sign-in state, then keeps those after it', () => {
    const { sequencer, delivered } = harness();
    sequencer.push(update(8));
    sequencer.push(update(9));
    sequencer.setState(8);
    expect(delivered).toEqual([9]);
  });

  it('reports a failed fetch and fetches again on resync', async () => {
    const { sequencer, delivered, fetches, failures, answer } = harness(0);
    sequencer.push(update(2));
    fetches.shift()?.reject(new Error('lost'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures).toHaveLength(1);
    void sequencer.resync();
    await answer([1, 2], 2);
    expect(delivered).toEqual([1, 2]);
  });

  it('ignores a difference that arrives after setState', async () => {
    const { sequencer, delivered, answer } = harness(0);
    sequencer.push(update(3));
    sequencer.setState(20);
    await answer([1, 2, 3], 3);
    expect(delivered).toEqual([]);
    expect(sequencer.pts).toBe(20);
  });
});
