import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpBalancer } from '../../test/helpers/cluster-balancer.js';
import {
  type BusKind,
  busKinds,
  freshBusPrefix,
  NATS_URL,
  type TestBus,
} from '../../test/helpers/cluster-buses.js';
import { NatsBus } from './nats-bus.js';

const kinds = await busKinds();

const bytes = (n: number) => new Uint8Array([n >> 8, n & 0xff]);
const number = (p: Uint8Array) => ((p[0] ?? 0) << 8) | (p[1] ?? 0);

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets anything still on the way arrive, so that "nothing more came" means something. */
const quiet = () => new Promise((r) => setTimeout(r, 100));

describe.each(kinds)('bus: $name', (kind: BusKind) => {
  let buses: TestBus[] = [];
  afterEach(async () => {
    for (const b of new Set(buses)) await b.bus.close();
    buses = [];
  });
  async function pair(): Promise<[TestBus, TestBus]> {
    const p = await kind.openPair();
    buses.push(...p);
    return p;
  }

  it('delivers one publisher’s messages on a subject in order, to local and remote subscribers', async () => {
    const [a, b] = await pair();
    const atA: number[] = [];
    const atB: number[] = [];
    a.bus.subscribe('peyk.order', (p) => atA.push(number(p)));
    b.bus.subscribe('peyk.order', (p) => atB.push(number(p)));
    await b.settle();
    const sent = Array.from({ length: 2000 }, (_, i) => i);
    for (const n of sent) a.bus.publish('peyk.order', bytes(n));
    await until(() => atB.length >= sent.length, 'every message at b');
    await quiet();
    expect(atB).toEqual(sent);
    // Each node's own publishes reach its subscribers once (never again through NATS).
    expect(atA).toEqual(sent);
  });

  it('keeps subjects apart', async () => {
    const [a, b] = await pair();
    const seen: string[] = [];
    b.bus.subscribe('peyk.user.1', (p) => seen.push(`1:${number(p)}`));
    b.bus.subscribe('peyk.user.2', (p) => seen.push(`2:${number(p)}`));
    b.bus.subscribe('peyk.user', (p) => seen.push(`parent:${number(p)}`));
    await b.settle();
    a.bus.publish('peyk.user.1', bytes(1));
    a.bus.publish('peyk.user.2', bytes(2));
    a.bus.publish('peyk.user.3', bytes(3));
    a.bus.publish('peyk.user.1', bytes(4));
    await until(() => seen.length >= 3, 'three messages');
    await quiet();
    expect(seen.sort()).toEqual(['1:1', '1:4', '2:2']);
  });

  it('stops delivering after unsubscribe, which may be repeated', async () => {
    const [a, b] = await pair();
    const kept: number[] = [];
    const dropped: number[] = [];
    b.bus.subscribe('peyk.unsub', (p) => kept.push(number(p)));
    const gone = b.bus.subscribe('peyk.unsub', (p) => dropped.push(number(p)));
    const alone = b.bus.subscribe('peyk.alone', (p) => dropped.push(number(p)));
    await b.settle();
    a.bus.publish('peyk.unsub', bytes(1));
    await until(() => kept.length === 1 && dropped.length === 1, 'the first message');
    gone.unsubscribe();
    gone.unsubscribe();
    alone.unsubscribe();
    await b.settle();
    a.bus.publish('peyk.unsub', bytes(2));
    a.bus.publish('peyk.alone', bytes(3));
    await until(() => kept.length === 2, 'the second message');
    await quiet();
    expect(kept).toEqual([1, 2]);
    expect(dropped).toEqual([1]);
    // The subject left without local subscribers is no longer subscribed below.
    const remote = kind.remoteSubscriptions(b.bus);
    if (remote !== undefined) expect(remote).toBe(1);
  });

  it('shares one subscription per subject among many local subscribers', async () => {
    const [a, b] = await pair();
    const counts = new Array<number>(1000).fill(0);
    const subscriptions = counts.map((_, i) =>
      b.bus.subscribe('peyk.user.42', () => {
        counts[i] = (counts[i] ?? 0) + 1;
      }),
    );
    const remote = kind.remoteSubscriptions(b.bus);
    if (remote !== undefined) expect(remote).toBe(1);
    await b.settle();
    for (let n = 0; n < 10; n++) a.bus.publish('peyk.user.42', bytes(n));
    await until(() => counts.every((c) => c === 10), 'ten messages at every subscriber');
    for (const s of subscriptions.slice(0, 999)) s.unsubscribe();
    if (remote !== undefined) expect(kind.remoteSubscriptions(b.bus)).toBe(1);
    subscriptions[999]?.unsubscribe();
    if (remote !== undefined) expect(kind.remoteSubscriptions(b.bus)).toBe(0);
  });

  it('isolates a failing handler from the publisher and the other handlers', async () => {
    const [a, b] = await pair();
    const seen: number[] = [];
    b.bus.subscribe('peyk.boom', () => {
      throw new Error('boom');
    });
    b.bus.subscribe('peyk.boom', (p) => seen.push(number(p)));
    a.bus.subscribe('peyk.boom', () => {
      throw new Error('boom at the publisher’s node');
    });
    await b.settle();
    expect(() => a.bus.publish('peyk.boom', bytes(7))).not.toThrow();
    expect(() => a.bus.publish('peyk.boom', bytes(8))).not.toThrow();
    await until(() => seen.length === 2, 'both messages');
    expect(seen).toEqual([7, 8]);
  });

  it('carries messages both ways between two nodes', async () => {
    const [a, b] = await pair();
    const atA: number[] = [];
    const atB: number[] = [];
    a.bus.subscribe('peyk.session.9', (p) => atA.push(number(p)));
    b.bus.subscribe('peyk.session.8', (p) => atB.push(number(p)));
    await Promise.all([a.settle(), b.settle()]);
    a.bus.publish('peyk.session.8', bytes(1));
    b.bus.publish('peyk.session.9', bytes(2));
    await until(() => atA.length === 1 && atB.length === 1, 'one message each way');
    expect(atA).toEqual([2]);
    expect(atB).toEqual([1]);
  });

  it('keeps runs apart: another namespace does not see these messages', async () => {
    const [a] = await pair();
    const [other] = await pair();
    const seen: number[] = [];
    other.bus.subscribe('peyk.user.1', (p) => seen.push(number(p)));
    await other.settle();
    a.bus.publish('peyk.user.1', bytes(1));
    await quiet();
    expect(seen).toEqual([]);
  });

  it('publishes nothing and throws nothing after close', async () => {
    const [a, b] = await pair();
    const seen: number[] = [];
    b.bus.subscribe('peyk.closed', (p) => seen.push(number(p)));
    await b.settle();
    await a.bus.close();
    expect(() => a.bus.publish('peyk.closed', bytes(1))).not.toThrow();
    await quiet();
    expect(seen).toEqual([]);
  });
});

describe.runIf(kinds.some((k) => k.name === 'nats'))('NatsBus', () => {
  it('reconnects by itself after losing NATS, resubscribes, and says so in the log', async () => {
    const nats = new URL(NATS_URL);
    const link = await TcpBalancer.start([Number(nats.port || 4222)], 0, nats.hostname);
    const logged: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => logged.push(JSON.parse(line).msg) });
    const prefix = freshBusPrefix('reconnect');
    const cutOff = await NatsBus.connect({ servers: `nats://127.0.0.1:${link.port}`, prefix, log });
    const other = await NatsBus.connect({ servers: NATS_URL, prefix });
    try {
      const seen: number[] = [];
      cutOff.subscribe('peyk.user.1', (p) => seen.push(number(p)));
      await cutOff.flush();
      other.publish('peyk.user.1', bytes(1));
      await until(() => seen.length === 1, 'the message before the cut');
      link.cut();
      await until(() => logged.includes('bus reconnected to NATS'), 'the reconnect', 10_000);
      expect(logged).toContain('bus lost NATS: reconnecting; live updates may be lost');
      await cutOff.flush();
      other.publish('peyk.user.1', bytes(2));
      await until(() => seen.length === 2, 'the message after the reconnect');
      expect(seen).toEqual([1, 2]);
    } finally {
      await cutOff.close();
      await other.close();
      await link.close();
    }
  });

  it('refuses to start without a reachable NATS', async () => {
    const link = await TcpBalancer.start([], 0);
    await expect(
      NatsBus.connect({ servers: `nats://127.0.0.1:${link.port}`, connectTimeoutMs: 500 }),
    ).rejects.toThrow(/cannot connect to NATS/);
    await link.close();
  });
});
