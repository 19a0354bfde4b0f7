import { PresenceKind } from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import type { Clock } from '../clock.js';
import { wireId } from '../ids.js';
import { PeopleService } from '../people/people-service.js';
import { type OnlineCheck, presenceVisible } from '../people/user-view.js';
import type { Fanout } from '../updates/fanout.js';
import { ClusterPresence, type ClusterPresenceOptions } from './cluster-presence.js';

export interface PresenceDeps {
  store: Store;
  clock: Clock;
  fanout: Fanout;
}

export type ClusterPresenceSettings = Pick<ClusterPresenceOptions, 'nodeId' | 'heartbeatMs' | 'expiryMs'> & {
  onError?(error: unknown): void;
};

/**
 * Who is online, last-seen times, and typing. Presence and typing are ephemeral: pushed to
 * whoever may see them, never stored as updates.
 *
 * A user is online while they have a live connection. This service counts the connections to
 * this node; in a cluster ({@link joinCluster}) it also knows which users the other live nodes
 * hold, so a user is online when connected to any node, and announced once when that changes.
 * Without a cluster (the embedded mode) it is exactly a per-process count.
 */
export class PresenceService implements OnlineCheck {
  private readonly connections = new Map<number, number>();
  private cluster: ClusterPresence | undefined;

  constructor(private readonly deps: PresenceDeps) {}

  isOnline(userId: number): boolean {
    return (this.connections.get(userId) ?? 0) > 0 || (this.cluster?.onlineElsewhere(userId) ?? false);
  }

  /**
   * Shares presence with the other nodes on the bus's presence subject; returns the cluster view,
   * whose `stop()` leaves the cluster (call it before the bus closes).
   */
  joinCluster(bus: Bus, settings: ClusterPresenceSettings = {}): ClusterPresence {
    const onError = settings.onError ?? (() => {});
    const cluster = new ClusterPresence({
      ...settings,
      bus,
      onError,
      localUsers: () => this.connections.keys(),
      isLocal: (userId) => this.connections.has(userId),
      announce: (userId, online) =>
        void (online ? this.announce(userId, true) : this.wentOffline(userId)).catch(onError),
    });
    this.cluster = cluster;
    cluster.start();
    return cluster;
  }

  async connected(userId: number): Promise<void> {
    const count = (this.connections.get(userId) ?? 0) + 1;
    this.connections.set(userId, count);
    if (count > 1) return;
    const announce = !this.cluster?.onlineElsewhere(userId);
    this.cluster?.localChange(userId, true, announce);
    if (announce) await this.announce(userId, true);
  }

  async disconnected(userId: number): Promise<void> {
    const count = (this.connections.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.connections.set(userId, count);
      return;
    }
    this.connections.delete(userId);
    const announce = !this.cluster?.onlineElsewhere(userId);
    this.cluster?.localChange(userId, false, announce);
    if (announce) await this.wentOffline(userId);
  }

  /** The user is online nowhere now: record last seen and tell the watchers. */
  private async wentOffline(userId: number): Promise<void> {
    await this.deps.store.write((tx) =>
      tx.accounts.updateUser(userId, { last_seen_at: this.deps.clock.now() }),
    );
    await this.announce(userId, false);
  }

  async setTyping(caller: Caller, chatId: number, typing: boolean): Promise<void> {
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    const others = (await repos.chats.members(chatId))
      .map((m) => m.user_id)
      .filter((id) => id !== caller.userId);
    const blockedBy = await repos.people.blockersAmong(caller.userId, others);
    this.deps.fanout.publishEphemeral(
      others.filter((id) => !blockedBy.has(id)),
      { case: 'typing', value: { chatId: wireId(chatId), userId: wireId(caller.userId), typing } },
      this.deps.clock.now(),
    );
  }

  /** Tells everyone who may see it that the user came online or went offline. */
  private async announce(userId: number, online: boolean): Promise<void> {
    const repos = this.deps.store.read;
    const user = await repos.accounts.userById(userId);
    if (!user) return;
    const audience = (await PeopleService.audience(repos, userId)).filter((id) => id !== userId);
    const [contacts, blocked] = await Promise.all([
      repos.people.contactsAmong(userId, audience),
      repos.people.blockedAmong(userId, audience),
    ]);
    const watchers = audience.filter((viewerId) =>
      presenceVisible(user.last_seen_privacy, {
        self: false,
        viewerIsContact: contacts.has(viewerId),
        viewerBlocked: blocked.has(viewerId),
      }),
    );
    const presence = online
      ? { kind: PresenceKind.ONLINE }
      : { kind: PresenceKind.OFFLINE, lastSeenAt: this.deps.clock.now() };
    this.deps.fanout.publishEphemeral(
      watchers,
      { case: 'userPresence', value: { userId: wireId(userId), presence } },
      this.deps.clock.now(),
    );
  }
}
