import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Bus, Subscription } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';

/** What a node says about itself on the presence subject (JSON, version 1). */
type PresenceMessage =
  /** A user's first connection to the node opened, or their last one closed. */
  | { v: 1; t: 'change'; node: string; user: number; online: boolean; announced: boolean }
  /** Every user the node holds, in `parts` messages (large nodes split it). Also says "alive". */
  | { v: 1; t: 'beat'; node: string; round: number; part: number; parts: number; users: number[] }
  /** A node started: the others answer with a beat at once. */
  | { v: 1; t: 'hello'; node: string }
  /** A node is shutting down: forget it now instead of after the expiry. */
  | { v: 1; t: 'bye'; node: string };

export interface ClusterPresenceOptions {
  bus: Bus;
  /** Users with a live connection on this node. */
  localUsers(): Iterable<number>;
  isLocal(userId: number): boolean;
  /**
   * This node is the one that must tell watchers about a change it learned from another node
   * (see the rules on {@link ClusterPresence}). Offline also records last seen.
   */
  announce(userId: number, online: boolean): void;
  onError?(error: unknown): void;
  nodeId?: string;
  /** How often each node sends its whole set. Default 5 s. */
  heartbeatMs?: number;
  /** A node silent this long is taken for dead and its users for offline. Default 3 heartbeats. */
  expiryMs?: number;
  /** Milliseconds; tests move it. */
  now?: () => number;
  /** Users per beat message: keeps a beat well below NATS's 1 MB max_payload. */
  beatChunk?: number;
}

interface RemoteNode {
  lastHeard: number;
  users: Set<number>;
  /** A beat being reassembled from its parts. */
  pending?: { round: number; received: number; users: number[] };
  /** Heard from again after it expired (it was cut off, not dead): its next beat is news. */
  returning?: boolean;
}

/**
 * Who is online on the other nodes of a cluster. Each node keeps the connection counts of its
 * own sessions (PresenceService) and, through this class, a copy of every other node's set of
 * online users, kept by three kinds of messages on one bus subject:
 * - `change` when a user's first connection to a node opens or their last one closes;
 * - `beat` every `heartbeatMs` with the node's whole set: it repairs changes the bus lost (the bus
 *   is at-most-once) and proves the node alive;
 * - `bye` on shutdown. A node not heard from for `expiryMs` (killed, cut off) is forgotten, and
 *   with it its users: nobody stays online because of a dead node for longer than that.
 *
 * A user is online when any node holds a connection for them. Exactly one node should tell the
 * user's watchers (and write last seen) when that changes; the rules:
 * - A node whose local change flips the user in its own view announces it (`announced: true`).
 *   When it thinks another node still holds the user, it stays silent (`announced: false`).
 * - Two nodes can each think the other still holds the user (both devices closed at once). A node
 *   that released the user silently, and then learns from a silent `change` that the user is gone
 *   everywhere, announces offline; the mirror rule re-announces online after an offline that a
 *   concurrent connection elsewhere made wrong. A race can thus announce twice, never zero times;
 *   presence updates are idempotent.
 * - For a node that expired or said bye, the live node with the lowest id announces its users
 *   who are online nowhere else.
 */
export class ClusterPresence {
  readonly nodeId: string;
  private readonly nodes = new Map<string, RemoteNode>();
  private readonly silentReleases = new Map<number, number>();
  private readonly announcedOffline = new Map<number, number>();
  /** Nodes that expired, and when: one that speaks again was cut off, and its users come back. */
  private readonly expired = new Map<string, number>();
  private readonly heartbeatMs: number;
  private readonly expiryMs: number;
  private readonly beatChunk: number;
  private readonly now: () => number;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round = 0;

  constructor(private readonly options: ClusterPresenceOptions) {
    this.nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.expiryMs = options.expiryMs ?? 3 * this.heartbeatMs;
    this.beatChunk = options.beatChunk ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  /** Joins: listens, says hello, and beats (and expires silent nodes) every `heartbeatMs`. */
  start(): void {
    if (this.subscription) return;
    this.subscription = this.options.bus.subscribe(subjects.presence(), (payload) => this.receive(payload));
    this.send({ v: 1, t: 'hello', node: this.nodeId });
    this.beat();
    this.timer = setInterval(() => this.tick(), this.heartbeatMs);
    this.timer.unref();
  }

  /** Leaves: says bye so the others forget this node now. */
  stop(): void {
    if (!this.subscription) return;
    clearInterval(this.timer);
    this.send({ v: 1, t: 'bye', node: this.nodeId });
    this.subscription.unsubscribe();
    this.subscription = undefined;
    this.nodes.clear();
  }

  /** Whether another live node holds a connection for the user. */
  onlineElsewhere(userId: number): boolean {
    for (const node of this.nodes.values()) if (node.users.has(userId)) return true;
    return false;
  }

  /** Nodes heard from and not yet expired, this one excluded. */
  get peers(): string[] {
    return [...this.nodes.keys()];
  }

  /** This node's own change: tells the others, and remembers it for the race rules. */
  localChange(userId: number, online: boolean, announced: boolean): void {
    if (!online) {
      (announced ? this.announcedOffline : this.silentReleases).set(userId, this.now());
      (announced ? this.silentReleases : this.announcedOffline).delete(userId);
    } else {
      this.silentReleases.delete(userId);
      this.announcedOffline.delete(userId);
    }
    this.send({ v: 1, t: 'change', node: this.nodeId, user: userId, online, announced });
  }

  /** Sends the beat and forgets silent nodes; runs every `heartbeatMs` (tests call it). */
  tick(): void {
    this.beat();
    const now = this.now();
    for (const [nodeId, node] of this.nodes) {
      if (now - node.lastHeard > this.expiryMs) {
        this.forget(nodeId);
        this.expired.set(nodeId, now);
      }
    }
    for (const [nodeId, at] of this.expired) if (now - at > 10 * this.expiryMs) this.expired.delete(nodeId);
    for (const memory of [this.silentReleases, this.announcedOffline]) {
      for (const [userId, at] of memory) if (now - at > this.expiryMs) memory.delete(userId);
    }
  }

  private beat(): void {
    const users = [...this.options.localUsers()];
    const parts = Math.max(1, Math.ceil(users.length / this.beatChunk));
    const round = ++this.round;
    for (let part = 0; part < parts; part++) {
      const chunk = users.slice(part * this.beatChunk, (part + 1) * this.beatChunk);
      this.send({ v: 1, t: 'beat', node: this.nodeId, round, part, parts, users: chunk });
    }
  }

  private receive(payload: Uint8Array): void {
    let message: PresenceMessage;
    try {
      message = JSON.parse(new TextDecoder().decode(payload)) as PresenceMessage;
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    if (message.v !== 1 || message.node === this.nodeId || !this.subscription) return;
    if (message.t === 'bye') {
      this.forget(message.node);
      return;
    }
    const known = this.nodes.get(message.node);
    const node = known ?? {
      lastHeard: 0,
      users: new Set<number>(),
      returning: this.expired.delete(message.node),
    };
    node.lastHeard = this.now();
    this.nodes.set(message.node, node);
    switch (message.t) {
      case 'hello':
        this.beat();
        break;
      case 'beat':
        this.receiveBeat(node, message);
        break;
      case 'change':
        this.receiveChange(node, message);
        break;
    }
  }

  /**
   * A beat replaces the node's set silently: whatever it fixes, the node announced already. Only
   * a node back from expiry brings news: its users that were online nowhere else come back, and
   * the lowest live node says so.
   */
  private receiveBeat(node: RemoteNode, beat: Extract<PresenceMessage, { t: 'beat' }>): void {
    if (beat.part === 0 || node.pending?.round !== beat.round) {
      node.pending = { round: beat.round, received: 0, users: [] };
    }
    node.pending.users.push(...beat.users);
    if (++node.pending.received < beat.parts) return;
    const users = node.pending.users;
    node.pending = undefined;
    const back = node.returning ? users.filter((user) => !this.isOnline(user)) : [];
    node.users = new Set(users);
    node.returning = false;
    if (back.length > 0 && this.isLowest()) for (const user of back) this.options.announce(user, true);
  }

  private receiveChange(node: RemoteNode, change: Extract<PresenceMessage, { t: 'change' }>): void {
    const { user, online, announced } = change;
    const before = this.isOnline(user);
    if (online) node.users.add(user);
    else node.users.delete(user);
    const after = this.isOnline(user);
    if (before === after || announced) return;
    // The other node stayed silent because it believed someone else held the user; if that was
    // this node, it is this node's turn to say what really happened.
    const memory = after ? this.announcedOffline : this.silentReleases;
    if (!memory.delete(user)) return;
    this.options.announce(user, after);
  }

  /** Drops a node that expired or left; announces its users if this node is the lowest live id. */
  private forget(nodeId: string): void {
    const node = this.nodes.get(nodeId);
    if (!node) return;
    this.nodes.delete(nodeId);
    if (!this.isLowest()) return;
    for (const user of node.users) if (!this.isOnline(user)) this.options.announce(user, false);
  }

  /** Whether this node has the lowest id among the live nodes it knows. */
  private isLowest(): boolean {
    for (const other of this.nodes.keys()) if (other < this.nodeId) return false;
    return true;
  }

  private isOnline(userId: number): boolean {
    return this.options.isLocal(userId) || this.onlineElsewhere(userId);
  }

  private send(message: PresenceMessage): void {
    this.options.bus.publish(subjects.presence(), new TextEncoder().encode(JSON.stringify(message)));
  }
}
