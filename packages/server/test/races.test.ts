import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Domain } from '../src/domain/index.js';
import { SharedRateLimit } from '../src/domain/shared-rate-limit.js';
import { dropPostgresSchema, openPostgresStore } from '../src/store/postgres-store.js';
import type { Store } from '../src/store/store.js';
import { testDomain } from './helpers/domain.js';
import { DATABASE_URL, storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

/**
 * Two nodes on one PostgreSQL schema, racing to create the same rows. Skipped only without
 * PostgreSQL (never under CI, where storeKinds fails instead): SQLite has one writer, no race.
 */
describe.skipIf(!kinds.some((k) => k.name === 'postgres'))('races between two nodes on PostgreSQL', () => {
  const schema = `peyk_race_${randomBytes(5).toString('hex')}`;
  const stores: Store[] = [];
  const nodes: Domain[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const store = await openPostgresStore({ url: DATABASE_URL, schema });
      stores.push(store);
      nodes.push(testDomain(store, { accountLimits: { signUpsPerOriginHour: 1000 } }));
    }
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await dropPostgresSchema(DATABASE_URL, schema);
  });

  const signUp = async (node: Domain, username: string): Promise<Caller> => {
    const auth = await node.accounts.signUp(
      { username, password: 'race password', displayName: username, deviceName: 'x' },
      'x',
    );
    return { userId: Number(auth.user?.id), sessionId: Number(auth.sessionId) };
  };

  it('opens one private chat when both people open it on different nodes at once', async () => {
    const [a, b] = nodes as [Domain, Domain];
    for (let round = 0; round < 5; round++) {
      const alice = await signUp(a, `race_alice_${round}`);
      const bob = await signUp(b, `race_bob_${round}`);
      const opened = await Promise.all([
        a.chats.openPrivateChat(alice, bob.userId),
        b.chats.openPrivateChat(bob, alice.userId),
        a.chats.openPrivateChat(alice, bob.userId),
        b.chats.openPrivateChat(bob, alice.userId),
      ]);
      expect(new Set(opened.map((chat) => chat.id)).size).toBe(1);
    }
  });

  it('stores one message for one random_id sent through two nodes at once', async () => {
    const [a, b] = nodes as [Domain, Domain];
    const sara = await signUp(a, 'race_sara');
    const omid = await signUp(b, 'race_omid');
    const chat = await a.chats.openPrivateChat(sara, omid.userId);
    const input = { chatId: Number(chat.id), randomId: '777', text: 'once', entities: [], replyToId: 0 };
    const sent = await Promise.all([a.messages.send(sara, input), b.messages.send(sara, input)]);
    expect(sent[0]?.id).toBe(sent[1]?.id);
    const history = await b.messages.history(omid, Number(chat.id), 0, 10, 0);
    expect(history.messages.map((m) => m.text)).toEqual(['once']);
  });

  it('shares sign-in lockouts and sign-up limits between the nodes', async () => {
    const [a, b] = nodes as [Domain, Domain];
    await signUp(a, 'race_locked');
    const attempt = (node: Domain, password: string) =>
      node.accounts
        .signIn({ username: 'race_locked', password, deviceName: 'x', secondFactor: '' }, 'y')
        .then(
          () => 'signed in',
          (error: { code?: string }) => error.code,
        );
    // Ten wrong passwords, spread over both nodes, lock the account on both.
    const failures = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt(i % 2 ? a : b, `wrong password ${i}`)),
    );
    expect(failures.every((code) => code === ErrorCode.INVALID_CREDENTIALS)).toBe(true);
    expect(await attempt(a, 'race password')).toBe(ErrorCode.FLOOD_WAIT);
    expect(await attempt(b, 'race password')).toBe(ErrorCode.FLOOD_WAIT);

    // Sign-ups from one address at the same moment on both nodes: exactly the limit gets in.
    const results = await Promise.all(
      Array.from({ length: 1010 }, (_, i) =>
        (i % 2 ? a : b).accounts
          .signUp({ username: `flood_${i}`, password: '', displayName: 'f', deviceName: 'x' }, 'z')
          .then(
            () => 'ok',
            (error: { code?: string }) => error.code,
          ),
      ),
    );
    expect(results.filter((code) => code === ErrorCode.FLOOD_WAIT)).toHaveLength(10);
  });

  it('holds the per-account request limit across the nodes', async () => {
    const [a, b] = stores.map(
      (store) => new SharedRateLimit(store.counters, 'user-requests', 100, 60_000, { flushMs: 0 }),
    ) as [SharedRateLimit, SharedRateLimit];
    const userId = 424_242;
    const admitted = (limit: SharedRateLimit, requests: number) =>
      Array.from({ length: requests }, () => limit.take(userId)).filter((wait) => wait === 0).length;
    // Each node alone would admit 100 a minute. Shared: once each node has added its count
    // (every flush) and learnt the total, both refuse; until then a node judges by its own.
    expect(admitted(a, 80)).toBe(80);
    await a.flush();
    expect(admitted(b, 30)).toBe(30);
    await b.flush();
    expect(admitted(b, 10)).toBe(0);
    expect(admitted(a, 5)).toBe(5);
    await a.flush();
    expect(admitted(a, 10)).toBe(0);
    expect(a.take(userId)).toBeGreaterThan(50);
  });

  it('holds the per-chat message limit of a group across the nodes', async () => {
    const [a, b] = stores.map((store) =>
      testDomain(store, { accountLimits: { signUpsPerOriginHour: 1000 }, chatMessagesPer10s: 10 }),
    ) as [Domain, Domain];
    const first = await signUp(a, 'race_limit_a');
    const second = await signUp(b, 'race_limit_b');
    const group = await a.chats.createGroup(first, 'Limited', [second.userId]);
    let randomId = 1000;
    const send = (node: Domain, caller: Caller) =>
      node.messages
        .send(caller, {
          chatId: Number(group.id),
          randomId: String(++randomId),
          text: 'x',
          entities: [],
          replyToId: 0,
        })
        .then(
          () => 'sent',
          (error: { code?: string }) => error.code,
        );
    const flushed = () => new Promise((resolve) => setTimeout(resolve, 700));
    for (let i = 0; i < 6; i++) expect(await send(a, first)).toBe('sent');
    await flushed();
    // Node b judges by its own count until it has added it (every 0.5 s) and learnt the total:
    // the first 4 are within the limit whatever it knows, the rest depend on when it flushed.
    const fromB: unknown[] = [];
    for (let i = 0; i < 6; i++) fromB.push(await send(b, second));
    expect(fromB.slice(0, 4)).toEqual(['sent', 'sent', 'sent', 'sent']);
    await flushed();
    // At least 10 counted in the shared window: b refuses whoever sends, and so does a once it
    // has added its next message (if it was still admitted) and learnt the total.
    expect(await send(b, first)).toBe(ErrorCode.FLOOD_WAIT);
    await send(a, first);
    await flushed();
    expect(await send(a, second)).toBe(ErrorCode.FLOOD_WAIT);
  });
});
