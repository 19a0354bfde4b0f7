import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Domain } from '../src/domain/index.js';
import { dropPostgresSchema, openPostgresStore } from '../src/store/postgres-store.js';
import type { Store } from '../src/store/store.js';
import { testDomain } from './helpers/domain.js';
import { addMembersDirectly } from './helpers/large-chats.js';
import { DATABASE_URL, storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();
const domainOn = (store: Store): Domain => testDomain(store);

async function signUp(domain: Domain, username: string): Promise<Caller> {
  const auth = await domain.accounts.signUp(
    { username, password: 'views password', displayName: username, deviceName: 'x' },
    'x',
  );
  return { userId: Number(auth.user?.id), sessionId: Number(auth.sessionId) };
}

/** A channel with posts and members; every member views every post three times, all at once. */
async function viewStorm(nodes: Domain[], store: Store, members: number) {
  const [first] = nodes as [Domain];
  const owner = await signUp(first, `views_owner_${randomBytes(3).toString('hex')}`);
  const channel = await first.channels.create(owner, {
    title: 'Views',
    username: '',
    broadcast: true,
    signatures: false,
  });
  const chatId = Number(channel.id);
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    const post = await first.messages.send(owner, {
      chatId,
      randomId: String(i + 1),
      text: `post ${i}`,
      entities: [],
      replyToId: 0,
    });
    ids.push(post.id);
  }
  const viewers = await addMembersDirectly(store, chatId, members, `viewer_${chatId}`);
  await Promise.all(
    viewers.flatMap((userId, n) =>
      [0, 1, 2].map((round) =>
        (nodes[(n + round) % nodes.length] as Domain).views.view({ userId, sessionId: 0 }, chatId, ids, true),
      ),
    ),
  );
  return { owner, chatId, ids, viewers };
}

describe.each(kinds)('view counters on $name', (kind) => {
  let handle: Awaited<ReturnType<typeof kind.open>>;
  let domain: Domain;
  beforeAll(async () => {
    handle = await kind.open();
    domain = domainOn(handle.store);
  });
  afterAll(async () => {
    await handle.destroy();
  });

  it('counts each subscriber once under repeated and concurrent views', async () => {
    const { owner, chatId, ids } = await viewStorm([domain], handle.store, 300);
    expect((await domain.views.view(owner, chatId, ids, false)).views).toEqual(ids.map(() => 300));
    // The owner's own view counts too, once.
    await domain.views.view(owner, chatId, ids, true);
    await domain.views.view(owner, chatId, [...ids, ...ids], true);
    const history = await domain.messages.history(owner, chatId, 0, 10, 0);
    expect(history.messages.filter((m) => !m.service).map((m) => m.views)).toEqual(ids.map(() => 301));
    expect((await domain.views.view(owner, chatId, [ids[0] as number, 9999], false)).views).toEqual([301, 0]);
  });

  it('refuses outsiders and chats without views', async () => {
    const { chatId, ids } = await viewStorm([domain], handle.store, 1);
    const outsider = await signUp(domain, `views_out_${kind.name}`);
    await expect(domain.views.view(outsider, chatId, ids, true)).rejects.toMatchObject({
      code: ErrorCode.CHAT_NOT_FOUND,
    });
    const group = await domain.chats.createGroup(outsider, 'no views', []);
    await expect(domain.views.view(outsider, Number(group.id), [1], true)).rejects.toMatchObject({
      code: ErrorCode.CHAT_KIND_INVALID,
    });
  });
});

// Two nodes need a shared server store: skipped only without PostgreSQL, never under CI (where
// storeKinds fails instead). SQLite is one process and is covered above.
describe.skipIf(!kinds.some((k) => k.name === 'postgres'))('view counters on two PostgreSQL nodes', () => {
  const schema = `peyk_views_${randomBytes(5).toString('hex')}`;
  const stores: Store[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
    await dropPostgresSchema(DATABASE_URL, schema);
  });

  it('stay exact when the same members view through both nodes at once', async () => {
    for (let i = 0; i < 2; i++) stores.push(await openPostgresStore({ url: DATABASE_URL, schema }));
    const nodes = stores.map(domainOn);
    const { owner, chatId, ids } = await viewStorm(nodes, stores[0] as Store, 200);
    expect((await (nodes[1] as Domain).views.view(owner, chatId, ids, false)).views).toEqual(
      ids.map(() => 200),
    );
  });
});
