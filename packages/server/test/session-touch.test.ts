import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('is written when a token is used a minute or more after it was last, and not before', async () => {
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
    expect(await lastActive()).toBe(now - 59);
    expect(handle.store.rowsWritten()).toBe(rowsBefore);

    now += 1;
    await domain.accounts.authenticate(signedUp.token);
    expect(await lastActive()).toBe(now);
  });
});
