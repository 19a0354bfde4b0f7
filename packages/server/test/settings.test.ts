import { create } from '@bufbuild/protobuf';
import { ErrorCode, UserSettingsSchema } from '@peyk/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../src/domain/caller.js';
import type { Domain } from '../src/domain/index.js';
import { testDomain } from './helpers/domain.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

describe.each(kinds)('per-user settings on $name', (kind) => {
  let handle: TestStore;
  let domain: Domain;
  let caller: Caller;
  beforeEach(async () => {
    handle = await kind.open();
    domain = testDomain(handle.store);
    const user = await handle.store.write((tx) =>
      tx.accounts.createUser({
        username: 'nasrin',
        phone: null,
        displayName: 'N',
        passwordHash: null,
        now: 1,
      }),
    );
    caller = { userId: user.id, sessionId: 0 };
  });
  afterEach(async () => {
    await handle.destroy();
  });

  const settings = (fields: Record<string, string>) => create(UserSettingsSchema, fields);
  const persian = {
    language: 'fa',
    calendar: 'persian',
    digits: 'native',
    weekStart: 'saturday',
    hourCycle: 'h23',
  };

  it('starts empty (follow the device), keeps what is saved, and tells every device in pts order', async () => {
    expect(await domain.settings.get(caller)).toMatchObject({ language: '', calendar: '', hourCycle: '' });
    const before = (await domain.sync.state(caller)).pts;
    await domain.settings.set(caller, settings(persian));
    await domain.settings.set(caller, settings({ ...persian, hourCycle: 'h12', calendar: '' }));
    expect(await domain.settings.get(caller)).toMatchObject({ ...persian, hourCycle: 'h12', calendar: '' });
    const { updates } = await domain.sync.difference(caller, before, 100);
    expect(updates.map((u) => u.kind.case)).toEqual(['settingsChanged', 'settingsChanged']);
    expect(updates[1]?.kind.value).toMatchObject({ language: 'fa', hourCycle: 'h12', calendar: '' });
  });

  it('refuses a value it does not offer and changes nothing', async () => {
    await domain.settings.set(caller, settings(persian));
    for (const bad of [
      { language: 'xx' },
      { calendar: 'julian' },
      { digits: 'roman' },
      { weekStart: 'friday' },
    ]) {
      await expect(domain.settings.set(caller, settings({ ...persian, ...bad }))).rejects.toMatchObject({
        code: ErrorCode.INPUT_INVALID,
      });
    }
    expect(await domain.settings.get(caller)).toMatchObject(persian);
  });
});
