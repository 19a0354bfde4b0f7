import { describe, expect, it } from 'vitest';
import type { Bus } from '../../bus/bus.js';
import { SubjectHandlers } from '../../bus/subject-handlers.js';
import { ClusterPresence } from './cluster-presence.js';

/** A bus that holds every message until `deliver()`, and can lose them: races made by hand. */
class HeldBus implements Bus {
  private readonly handlers = new SubjectHandlers({
    onError: (error) => {
      throw error;
    },
  });
  private held: [string, Uint8Array][] = [];
  publish(subject: string, payload: Uint8Array): void {
    this.held.push([subject, payload]);
  }
  subscribe(subject: string, handler: (payload: Uint8Array) => void) {
    return this.handlers.add(subject, handler);
  }
  onResume(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
  deliver(): void {
    while (this.held.length > 0) {
      const batch = this.held.splice(0);
      for (const [subject, payload] of batch) this.handlers.dispatch(subject, payload);
    }
  }
  lose(): void {
    this.held = [];
  }
}

let time = 1_000_000;
const now = () => time;

/** One node: its local connections (as PresenceService counts them) and what it announced. */
function node(id: string, bus: Bus, extra: { beatChunk?: number } = {}) {
  const local = new Set<number>();
  const said: string[] = [];
  const cluster = new ClusterPresence({
    bus,
    nodeId: id,
    now,
    heartbeatMs: 3_600_000,
    expiryMs: 15_000,
    localUsers: () => local,
    isLocal: (user) => local.has(user),
    announce: (user, online) => said.push(`${user} ${online ? 'online' : 'offline'}`),
    ...extra,
  });
  cluster.start();
  return {
    cluster,
    said,
    online: (user: number) => local.has(user) || cluster.onlineElsewhere(user),
    connect(user: number) {
      local.add(user);
      const announce = !cluster.onlineElsewhere(user);
      cluster.localChange(user, true, announce);
      if (announce) said.push(`${user} online`);
    },
    disconnect(user: number) {
      local.delete(user);
      const announce = !cluster.onlineElsewhere(user);
      cluster.localChange(user, false, announce);
      if (announce) said.push(`${user} offline`);
    },
  };
}

describe('ClusterPresence', () => {
  it('sees a user online on another node, then offline, announced once', () => {
    const bus = new HeldBus();
    const [a, b] = [node('a', bus), node('b', bus)];
    bus.deliver();
    a.connect(1);
    bus.deliver();
    expect(b.online(1)).toBe(true);
    b.connect(1);
    bus.deliver();
    a.disconnect(1);
    bus.deliver();
    expect(a.online(1)).toBe(true);
    b.disconnect(1);
    bus.deliver();
    expect([a.online(1), b.online(1)]).toEqual([false, false]);
    expect([...a.said, ...b.said]).toEqual(['1 online', '1 offline']);
  });

  it('learns the users of nodes that were there first, and repairs lost changes with the beat', () => {
    const bus = new HeldBus();
    const a = node('a', bus);
    a.connect(1);
    a.connect(2);
    bus.deliver();
    const b = node('b', bus);
    bus.deliver();
    expect([b.online(1), b.online(2), b.online(3)]).toEqual([true, true, false]);
    a.connect(3);
    a.disconnect(1);
    bus.lose();
    expect([b.online(1), b.online(3)]).toEqual([true, false]);
    a.cluster.tick();
    bus.deliver();
    expect([b.online(1), b.online(3)]).toEqual([false, true]);
  });

  it('reassembles a beat sent in parts', () => {
    const bus = new HeldBus();
    const a = node('a', bus, { beatChunk: 2 });
    for (const user of [1, 2, 3, 4, 5]) a.connect(user);
    const b = node('b', bus);
    bus.deliver();
    expect([1, 2, 3, 4, 5, 6].map(b.online)).toEqual([true, true, true, true, true, false]);
  });

  it('forgets a node that goes silent; the lowest live node announces its users offline', () => {
    const bus = new HeldBus();
    const [a, b, c] = [node('a', bus), node('b', bus), node('c', bus)];
    bus.deliver();
    c.connect(7);
    c.connect(8);
    bus.deliver();
    a.connect(8);
    bus.deliver();
    // c is killed: it sends nothing more.
    c.cluster.stop = () => {};
    for (let s = 0; s < 4; s++) {
      time += 5000;
      a.cluster.tick();
      b.cluster.tick();
      bus.deliver();
    }
    expect([a.online(7), b.online(7), b.online(8)]).toEqual([false, false, true]);
    expect(a.cluster.peers).toEqual(['b']);
    expect(a.said).toEqual(['7 offline']);
    expect(b.said).toEqual([]);
    expect(c.said).toEqual(['7 online', '8 online']);
  });

  it('brings back the users of a node that was cut off and returns', () => {
    const bus = new HeldBus();
    const [a, b] = [node('a', bus), node('b', bus)];
    bus.deliver();
    b.connect(5);
    bus.deliver();
    time += 20_000;
    a.cluster.tick();
    bus.lose();
    expect(a.online(5)).toBe(false);
    expect(a.said).toEqual(['5 offline']);
    b.cluster.tick();
    bus.deliver();
    expect(a.online(5)).toBe(true);
    expect(a.said).toEqual(['5 offline', '5 online']);
  });

  it('forgets a node at once when it says bye', () => {
    const bus = new HeldBus();
    const [a, b] = [node('a', bus), node('b', bus)];
    bus.deliver();
    b.connect(3);
    bus.deliver();
    b.cluster.stop();
    bus.deliver();
    expect(a.online(3)).toBe(false);
    expect(a.cluster.peers).toEqual([]);
    expect(a.said).toEqual(['3 offline']);
  });

  it('never leaves a user online when both of their nodes release at once (announces, maybe twice)', () => {
    const bus = new HeldBus();
    const [a, b] = [node('a', bus), node('b', bus)];
    bus.deliver();
    a.connect(4);
    b.connect(4);
    bus.deliver();
    a.said.length = 0;
    b.said.length = 0;
    a.disconnect(4);
    b.disconnect(4);
    expect([...a.said, ...b.said]).toEqual([]);
    bus.deliver();
    expect([a.online(4), b.online(4)]).toEqual([false, false]);
    expect(a.said).toEqual(['4 offline']);
    expect(b.said).toEqual(['4 offline']);
  });

  it('corrects an offline that a concurrent connection on another node made wrong', () => {
    const bus = new HeldBus();
    const [a, b] = [node('a', bus), node('b', bus)];
    bus.deliver();
    a.connect(6);
    bus.deliver();
    b.connect(6);
    a.disconnect(6);
    bus.deliver();
    expect([a.online(6), b.online(6)]).toEqual([true, true]);
    expect(a.said).toEqual(['6 online', '6 offline', '6 online']);
    expect(b.said).toEqual([]);
  });

  it('ignores its own messages and what it cannot read', () => {
    const bus = new HeldBus();
    const a = node('a', bus);
    a.connect(1);
    bus.publish('peyk.presence', new TextEncoder().encode('not json'));
    bus.publish('peyk.presence', new TextEncoder().encode('{"v":2,"t":"beat","node":"z"}'));
    expect(() => bus.deliver()).not.toThrow();
    expect(a.cluster.peers).toEqual([]);
  });
});
