import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Domain } from '../src/domain/index.js';
import { testDomain } from './helpers/domain.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('a session’s last activity on $name', (kind) => {
  let handle: TestStore;
  let domain: Domain;
  let now = 1_800_000_000;

  beforeAll(async () => {
    handle = await kind.open();
    domain = testDomain(handle.store, { clock: { now: () => now } });
  });
  afterAll(() => handle.destroy());

  it('is written when a token is used a minute or more after it was last, and not before, within a second and behind the sign-in', async () => {
    const signedUp = await domain.accounts.signUp(
      {
        username: 'touch_test',
        password: 'a long enough password',
        displayName: 'Touch',
        deviceName: 'phone',
      },
      '127.0.0.1',
    );
    const userId = Number(signedUp.user?.id);
    const lastActive = async () => (await handle.store.read.accounts.sessionsOf(userId))[0]?.last_active_at;
    expect(await lastActive()).toBe(now);
    const rowsBefore = handle.store.rowsWritten();

    now += 59;
    await domain.accounts.authenticate(signedUp.token);
    await domain.sessionTouches.flush();
    expect(await lastActive()).toBe(now - 59);
    expect(handle.store.rowsWritten()).toBe(rowsBefore);

    now += 1;
    await domain.accounts.authenticate(signedUp.token);
    // The sign-in did not wait for the write: it comes within the second after.
    expect(await lastActive()).toBe(now - 60);
    await vi.waitFor(async () => expect(await lastActive()).toBe(now), { timeout: 3000, interval: 50 });
    expect(handle.store.rowsWritten()).toBe(rowsBefore + 1);
  });

  it('writes the touches of many sign-ins in one transaction, the latest time of each', async () => {
    const tokens = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const signedUp = await domain.accounts.signUp(
          {
            username: `touch_many_${n}`,
            password: 'a long enough password',
            displayName: 'Touch',
            deviceName: 'phone',
          },
          '127.0.0.1',
        );
        return { token: signedUp.token, userId: Number(signedUp.user?.id) };
      }),
    );
    const flushCost = async (signIns: () => Promise<void>) => {
      await signIns();
      const before = handle.store.statementsRun();
      await domain.sessionTouches.flush();
      return handle.store.statementsRun() - before;
    };
    now += 120;
    const one = await flushCost(async () => {
      await domain.accounts.authenticate(tokens[0]?.token as string);
    });
    now += 120;
    const three = await flushCost(async () => {
      for (const { token } of tokens) await domain.accounts.authenticate(token);
      now += 61;
      await domain.accounts.authenticate(tokens[0]?.token as string);
    });
    const written = await Promise.all(
      tokens.map(
        async ({ userId }) => (await handle.store.read.accounts.sessionsOf(userId))[0]?.last_active_at,
      ),
    );
    expect(written).toEqual([now, now - 61, now - 61]);
    // One transaction for all: each further session adds its update, nothing else.
    expect(three - one).toBe(2);
  });
});
