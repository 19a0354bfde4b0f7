import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Domain } from '../src/domain/index.js';
import { PeopleService } from '../src/domain/people/people-service.js';
import { testDomain } from './helpers/domain.js';
import { addMembersDirectly } from './helpers/large-chats.js';
import { storeKinds, type TestStore } from './helpers/stores.js';

const kinds = await storeKinds();

/**
 * Who is told of a user's presence and profile changes: the members of their small chats, not
 * every member of their channels and supergroups (a sign-in would otherwise cost O(members)).
 */
describe.each(kinds)('the audience of a user on $name', (kind) => {
  let handle: TestStore;
  let domain: Domain;
  let owner: Caller;
  beforeAll(async () => {
    handle = await kind.open();
    domain = testDomain(handle.store);
    const auth = await domain.accounts.signUp(
      { username: 'audience_owner', password: 'audience password', displayName: 'Owner', deviceName: 'x' },
      'x',
    );
    owner = { userId: Number(auth.user?.id), sessionId: Number(auth.sessionId) };
  });
  afterAll(async () => {
    await handle.destroy();
  });

  const audienceOf = (userId: number) => PeopleService.audience(handle.store.read, userId);

  it('leaves out the members of channels and supergroups', async () => {
    for (const broadcast of [true, false]) {
      const chat = await domain.channels.create(owner, {
        title: 'large',
        username: '',
        broadcast,
        signatures: false,
      });
      const [member] = await addMembersDirectly(handle.store, Number(chat.id), 1, `large_${broadcast}`);
      expect(await audienceOf(owner.userId)).not.toContain(member);
      expect(await audienceOf(member as number)).not.toContain(owner.userId);
    }
  });

  it('keeps the members of small groups', async () => {
    const chat = await domain.chats.createGroup(owner, 'small', []);
    const [member] = await addMembersDirectly(handle.store, Number(chat.id), 1, 'small');
    expect(await audienceOf(owner.userId)).toContain(member);
    expect(await audienceOf(member as number)).toContain(owner.userId);
  });
});
