import { randomBytes } from 'node:crypto';
import { type ClientState, PeykClient } from '@peyk/client';
import { GoodbyeCode, type Message, PresenceKind, type Update } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type Cluster, startCluster } from './helpers/cluster.js';
import { requireNats } from './helpers/cluster-buses.js';
import { eventually, PASSWORD, recordUpdates } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';
import { caughtUp, essence, followedState, fullHistory } from './helpers/sync-tools.js';

// Three `peyk start` processes on one fresh PostgreSQL database and one NATS (fresh subjects).
// Under CI=true both services are required (storeKinds and requireNats throw); elsewhere the
// suite is skipped with a warning when one is missing.
const natsReady = await requireNats();
const postgresReady = (await storeKinds()).some((k) => k.name === 'postgres');
const run = randomBytes(3).toString('hex');

/** The pts of every persistent update a client delivers, in delivery order. */
function persistentPts(client: PeykClient): number[] {
  const seen: number[] = [];
  client.on('update', (update) => {
    if (update.pts > 0) seen.push(update.pts);
  });
  return seen;
}

/** Every update once, in order: each pts is the one before plus one. */
function expectContiguous(pts: number[]): void {
  expect(pts.length).toBeGreaterThan(0);
  const first = pts[0] ?? 0;
  expect(pts).toEqual(Array.from({ length: pts.length }, (_, i) => first + i));
}

/** Ids 1..n, each once. */
function expectGapless(messages: Message[]): void {
  expect(messages.map((m) => m.id)).toEqual(Array.from({ length: messages.length }, (_, i) => i + 1));
}

const id = (client: PeykClient) => client.user?.id ?? '';

function presenceUpdates(updates: Update[], of: PeykClient): PresenceKind[] {
  return updates.flatMap((u) =>
    u.kind.case === 'userPresence' && u.kind.value.userId === id(of)
      ? [u.kind.value.presence?.kind ?? 0]
      : [],
  );
}

async function presenceSeen(viewer: PeykClient, of: PeykClient): Promise<PresenceKind> {
  const { users } = await viewer.request('getUsers', { userIds: [id(of)] });
  return users[0]?.presence?.kind ?? PresenceKind.UNSPECIFIED;
}

/** Every device's state equals the server's history of each chat it is in, and a fresh load. */
async function expectStatesMatchServer(
  cluster: Cluster,
  devices: PeykClient[],
  states: ClientState[],
  chats: string[],
): Promise<void> {
  const truth = new Map<string, ReturnType<typeof essence>[]>();
  for (const chatId of chats)
    truth.set(chatId, (await fullHistory(devices[0] as PeykClient, chatId)).map(essence));
  for (const [i, device] of devices.entries()) {
    await caughtUp(device);
    const state = states[i] as ClientState;
    for (const chatId of chats) {
      if (!state.dialog(chatId)) continue;
      expect(state.messages(chatId).map(essence)).toEqual(truth.get(chatId));
    }
    const fresh = await followedState(await cluster.device(device, i % 3), 0);
    expect(state.snapshot().dialogs).toEqual(fresh.snapshot().dialogs);
  }
}

describe.runIf(natsReady && postgresReady)('a three-node cluster on PostgreSQL and NATS', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, presenceHeartbeatMs: 1000 });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('lets users on different nodes chat privately and in a group; every device gets every update once, in order', async () => {
    const ana = await cluster.user(`ana_${run}`, 0);
    const ben = await cluster.user(`ben_${run}`, 1);
    const cai = await cluster.user(`cai_${run}`, 2);
    const anaPhone = await cluster.device(ana, 2);
    const devices = [ana, ben, cai, anaPhone];
    expect(devices.map((d) => cluster.nodeOf(d))).toEqual([0, 1, 2, 2].map((n) => cluster.nodes[n]?.port));

    const pair = (await ana.request('openPrivateChat', { userId: id(ben) })).id;
    const group = (await ana.request('createGroup', { title: 'across nodes', memberIds: [id(ben), id(cai)] }))
      .id;
    const states = await Promise.all(devices.map((d) => followedState(d)));
    const pts = devices.map(persistentPts);
    const pushed = devices.map(recordUpdates);

    // Live delivery across nodes (not a resync: nothing else makes the receiver ask).
    await ben.sendMessage(pair, 'ping from node 1');
    await eventually(
      () =>
        pushed[0]?.some((u) => u.kind.case === 'newMessage' && u.kind.value.text === 'ping from node 1') ??
        false,
      'ana (node 0) to get ben’s message (node 1) pushed',
    );
    await eventually(
      () =>
        pushed[3]?.some((u) => u.kind.case === 'newMessage' && u.kind.value.text === 'ping from node 1') ??
        false,
      'ana’s phone (node 2) to get it too',
    );
    await cai.request('setTyping', { chatId: group, typing: true });
    await eventually(
      () => [0, 1, 3].every((i) => pushed[i]?.some((u) => u.kind.case === 'typing')),
      'cai’s typing on every other device',
    );

    const sends: Promise<Message>[] = [];
    for (let round = 0; round < 15; round++) {
      for (const [i, device] of devices.entries()) {
        sends.push(device.sendMessage(group, `group ${i} #${round}`));
        if (i !== 2) sends.push(device.sendMessage(pair, `pair ${i} #${round}`));
      }
    }
    const sent = await Promise.all(sends);
    const bens = sent.find((m) => m.text === 'group 1 #0');
    await ben.request('editMessage', {
      chatId: group,
      messageId: bens?.id,
      text: 'group 1 #0, edited on node 1',
    });
    await cai.request('setReaction', { chatId: group, messageId: bens?.id, emoji: '👍' });
    await anaPhone.request('readHistory', { chatId: pair, maxId: sent.at(-1)?.id ?? 0 });

    const history = { group: await fullHistory(ana, group), pair: await fullHistory(ana, pair) };
    expectGapless(history.group);
    expectGapless(history.pair);
    expect(history.group.filter((m) => m.text.startsWith('group'))).toHaveLength(60);
    expect(history.pair.filter((m) => m.text.startsWith('pair'))).toHaveLength(45);
    await expectStatesMatchServer(cluster, devices, states, [group, pair]);
    for (const seq of pts) expectContiguous(seq);
  }, 120_000);

  it('keeps messages ordered and gapless with many writers on every node, and every reader sees that order', async () => {
    const writers = await Promise.all(
      Array.from({ length: 9 }, (_, i) => cluster.user(`writer${i}_${run}`, i % 3)),
    );
    const readers = await Promise.all([0, 1, 2].map((n) => cluster.user(`reader${n}_${run}`, n)));
    const arrivals = readers.map(() => [] as Message[]);
    for (const [i, reader] of readers.entries()) {
      reader.on('update', (u) => {
        if (u.kind.case === 'newMessage') arrivals[i]?.push(u.kind.value);
      });
    }
    const owner = writers[0] as PeykClient;
    const others = writers.slice(1);
    const group = (
      await owner.request('createGroup', {
        title: 'many writers',
        memberIds: [...others, ...readers].map(id),
      })
    ).id;
    const perWriter = 25;
    const sent = await Promise.all(
      writers.flatMap((w, wi) =>
        Array.from({ length: perWriter }, (_, n) => w.sendMessage(group, `w${wi} ${n}`)),
      ),
    );
    expect(sent).toHaveLength(writers.length * perWriter);

    const history = await fullHistory(readers[0] as PeykClient, group);
    expectGapless(history);
    const texts = history.filter((m) => !m.service).map((m) => m.text);
    expect(texts).toHaveLength(writers.length * perWriter);
    expect(new Set(texts).size).toBe(texts.length);
    // Each writer's messages keep the order in which it sent them.
    for (let wi = 0; wi < writers.length; wi++) {
      const mine = texts.filter((t) => t.startsWith(`w${wi} `));
      expect(mine).toEqual(Array.from({ length: perWriter }, (_, n) => `w${wi} ${n}`));
    }
    const order = history.map((m) => `${m.id} ${m.text}`);
    for (const [i, reader] of readers.entries()) {
      await caughtUp(reader);
      const seen = (arrivals[i] ?? []).filter((m) => m.chatId === group).map((m) => `${m.id} ${m.text}`);
      expect(seen).toEqual(order);
    }
  }, 120_000);

  it('fails the clients of a node killed with -9 over to the others, with nothing lost or doubled', async () => {
    const victim = cluster.nodes[1]?.port;
    const dan = await cluster.user(`dan_${run}`, 0);
    const eve = await cluster.user(`eve_${run}`, 1);
    const fay = await cluster.user(`fay_${run}`, 2);
    const eveTablet = await cluster.device(eve, 1);
    const danLaptop = await cluster.device(dan, 1);
    const devices = [dan, eve, fay, eveTablet, danLaptop];
    const onVictim = [eve, eveTablet, danLaptop];
    expect(onVictim.map((d) => cluster.nodeOf(d))).toEqual([victim, victim, victim]);

    const group = (await dan.request('createGroup', { title: 'failover', memberIds: [id(eve), id(fay)] })).id;
    const pair = (await dan.request('openPrivateChat', { userId: id(eve) })).id;
    const states = await Promise.all(devices.map((d) => followedState(d)));
    const pts = devices.map(persistentPts);

    const rounds = 30;
    let acked = 0;
    const sends: Promise<Message>[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const [i, device] of devices.entries()) {
        for (const chatId of i === 2 ? [group] : [group, pair]) {
          const send = device.sendMessage(chatId, `${chatId === group ? 'group' : 'pair'} ${i} #${round}`);
          void send.then(() => acked++);
          sends.push(send);
        }
      }
    }
    await eventually(() => acked >= 40, '40 messages stored before the kill', 30_000);
    const ackedAtKill = acked;
    await cluster.nodes[1]?.kill();

    const sent = await Promise.all(sends);
    expect(ackedAtKill).toBeLessThan(sent.length);
    for (const device of onVictim) {
      await eventually(() => device.status === 'ready', 'the device to reconnect', 15_000);
      expect([cluster.nodes[0]?.port, cluster.nodes[2]?.port]).toContain(cluster.nodeOf(device));
    }
    const history = { group: await fullHistory(dan, group), pair: await fullHistory(dan, pair) };
    expectGapless(history.group);
    expectGapless(history.pair);
    for (const [name, messages, expected] of [
      ['group', history.group, rounds * 5],
      ['pair', history.pair, rounds * 4],
    ] as const) {
      const texts = messages.filter((m) => m.text.startsWith(name)).map((m) => m.text);
      expect(texts).toHaveLength(expected);
      expect(new Set(texts).size).toBe(expected);
    }
    expect(new Set(sent.map((m) => `${m.chatId}:${m.id}`)).size).toBe(sent.length);
    await expectStatesMatchServer(cluster, devices, states, [group, pair]);
    for (const seq of pts) expectContiguous(seq);
    await cluster.revive();
  }, 180_000);

  it('shows a user online on one node to a user on another, and offline when they leave or their node dies', async () => {
    const gus = await cluster.user(`gus_${run}`, 0);
    const hal = await cluster.user(`hal_${run}`, 1);
    await gus.request('openPrivateChat', { userId: id(hal) });
    const halSees = recordUpdates(hal);
    expect(await presenceSeen(hal, gus)).toBe(PresenceKind.ONLINE);

    // A second device on another node keeps gus online when the first one leaves.
    const gusPhone = await cluster.device(gus, 2);
    gus.close();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await presenceSeen(hal, gus)).toBe(PresenceKind.ONLINE);
    expect(presenceUpdates(halSees, gus)).not.toContain(PresenceKind.OFFLINE);
    gusPhone.close();
    await eventually(
      () => presenceUpdates(halSees, gus).at(-1) === PresenceKind.OFFLINE,
      'hal (node 1) to be told gus went offline',
    );
    expect(await presenceSeen(hal, gus)).toBe(PresenceKind.OFFLINE);

    // Back on node 2, with no balancer to fail over through: then node 2 dies.
    const direct = new PeykClient({
      url: cluster.nodes[2]?.wsUrl ?? '',
      WebSocket: WebSocket as never,
      reconnect: { minMs: 100, maxMs: 500 },
    });
    try {
      await direct.connect();
      await direct.signIn({ username: gus.user?.username ?? '', password: PASSWORD });
      await eventually(
        () => presenceUpdates(halSees, gus).at(-1) === PresenceKind.ONLINE,
        'hal to be told gus is back',
      );
      expect(await presenceSeen(hal, gus)).toBe(PresenceKind.ONLINE);
      await cluster.nodes[2]?.kill();
      // Three missed heartbeats (3 × 1 s) and node 2 is forgotten, with its users.
      await eventually(
        () => presenceUpdates(halSees, gus).at(-1) === PresenceKind.OFFLINE,
        'hal to be told gus is offline after node 2 died',
        10_000,
      );
      // The lowest surviving node tells; each node forgets the dead one on its own next tick.
      await eventually(
        async () => (await presenceSeen(hal, gus)) === PresenceKind.OFFLINE,
        'node 1 to forget node 2',
        3000,
      );
    } finally {
      direct.close();
      await cluster.revive();
    }
  }, 120_000);

  it('drains a node on SIGTERM: its clients get SERVER_SHUTDOWN, reconnect elsewhere, and writes in flight finish', async () => {
    const draining = cluster.nodes[2];
    const ida = await cluster.user(`ida_${run}`, 2);
    const idaPhone = await cluster.device(ida, 2);
    const jon = await cluster.user(`jon_${run}`, 0);
    const devices = [ida, idaPhone, jon];
    const goodbyes: string[] = [];
    for (const device of [ida, idaPhone]) device.on('goodbye', (g) => goodbyes.push(g.code));
    const pair = (await ida.request('openPrivateChat', { userId: id(jon) })).id;
    const states = await Promise.all(devices.map((d) => followedState(d)));
    const pts = devices.map(persistentPts);

    let acked = 0;
    const sends: Promise<Message>[] = [];
    for (let round = 0; round < 40; round++) {
      for (const [i, device] of devices.entries()) {
        const send = device.sendMessage(pair, `drain ${i} #${round}`);
        void send.then(() => acked++);
        sends.push(send);
      }
    }
    await eventually(() => acked >= 20, '20 messages stored before SIGTERM', 30_000);
    const exited = draining?.stop();
    const sent = await Promise.all(sends);
    expect(await exited).toBe(0);
    expect(goodbyes).toEqual([GoodbyeCode.SERVER_SHUTDOWN, GoodbyeCode.SERVER_SHUTDOWN]);
    for (const device of [ida, idaPhone]) {
      await eventually(() => device.status === 'ready', 'the device to reconnect', 15_000);
      expect(cluster.nodeOf(device)).not.toBe(draining?.port);
    }
    const history = await fullHistory(jon, pair);
    expectGapless(history);
    const texts = history.filter((m) => m.text.startsWith('drain')).map((m) => m.text);
    expect(texts).toHaveLength(120);
    expect(new Set(texts).size).toBe(120);
    expect(new Set(sent.map((m) => m.id)).size).toBe(120);
    await expectStatesMatchServer(cluster, devices, states, [pair]);
    for (const seq of pts) expectContiguous(seq);
    await cluster.revive();
  }, 120_000);
});
