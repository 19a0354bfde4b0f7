import { connect, type NatsConnection, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import pino, { type Logger } from 'pino';
import type { Bus, Subscription } from './bus.js';
import { type BusHandler, SubjectHandlers } from './subject-handlers.js';
import { checkSubjectPrefix } from './subjects.js';

/** The part of a pino logger the bus uses. */
export type BusLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface NatsBusOptions {
  /** One `nats://host:port` URL, or several separated by commas (the servers of a NATS cluster). */
  servers: string;
  /**
   * Prepended, with a dot, to every subject: nodes with different prefixes never see each other
   * (tests use a fresh one per run; one NATS can serve several Peyk deployments). Empty: none.
   */
  prefix?: string;
  /** The connection's name in NATS monitoring (`nats server report connections`, /connz). */
  name?: string;
  log?: BusLog;
  connectTimeoutMs?: number;
}

/**
 * The cluster bus: core NATS publish/subscribe between the nodes. It keeps the guarantees of
 * {@link Bus} and no more: NATS delivers at most once and keeps the order of one connection's
 * publishes per subject; messages published while a node is cut off from NATS are buffered by the
 * client for a while and may be lost. Updates need no JetStream: the store is the durable log and
 * clients fetch what they missed with getDifference.
 *
 * One NATS subscription per subject per node, shared by every local subscriber
 * ({@link SubjectHandlers}). The connection is opened with `noEcho`: a node's own publishes reach
 * its local subscribers directly (synchronously, like {@link LocalBus}) and NATS carries them only
 * to the other nodes, so a node never receives its own messages twice and local delivery keeps
 * working while NATS is unreachable.
 */
export class NatsBus implements Bus {
  private readonly handlers: SubjectHandlers;
  private readonly remote = new Map<string, NatsSubscription>();
  private readonly prefix: string;
  private closing: Promise<void> | undefined;
  private readonly resumeListeners = new Set<() => void>();

  private constructor(
    private readonly nc: NatsConnection,
    prefix: string,
    private readonly log: BusLog,
  ) {
    this.prefix = prefix === '' ? '' : `${prefix}.`;
    this.handlers = new SubjectHandlers({
      onFirst: (subject) => this.subscribeRemote(subject),
      onLast: (subject) => this.unsubscribeRemote(subject),
      onError: (error) => this.log.error({ err: error }, 'bus handler failed'),
    });
    void this.watchStatus();
  }

  /** Connects (failing if no server answers within the timeout), then reconnects forever. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const log = options.log ?? pino({ level: 'silent' });
    const prefix = checkSubjectPrefix(options.prefix ?? '');
    const servers = options.servers.split(',').map((s) => s.trim());
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers,
        name: options.name,
        noEcho: true,
        // A node outlives NATS restarts: it keeps trying, and logs each attempt's outcome.
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1000,
        timeout: options.connectTimeoutMs ?? 5000,
        // Notice a dead server within ~30 s even when nothing is published.
        pingInterval: 10_000,
        maxPingOut: 3,
      });
    } catch (error) {
      throw new Error(
        `cannot connect to NATS at ${options.servers}: ${error instanceof Error ? error.message : error}`,
      );
    }
    log.info({ server: nc.getServer(), prefix }, 'bus connected to NATS');
    return new NatsBus(nc, prefix, log);
  }

  publish(subject: string, payload: Uint8Array): void {
    this.handlers.dispatch(subject, payload);
    if (this.closing) return;
    try {
      this.nc.publish(this.prefix + subject, payload);
    } catch (error) {
      // At most once: a publish NATS refuses (closed, payload too large) is dropped, never thrown
      // at the domain, whose write has already committed.
      this.log.warn({ err: error, subject }, 'bus publish dropped');
    }
  }

  subscribe(subject: string, handler: BusHandler): Subscription {
    return this.handlers.add(subject, handler);
  }

  /** NATS subscriptions this node holds (one per subject with local subscribers). */
  get remoteSubscriptions(): number {
    return this.remote.size;
  }

  /**
   * Resolves once NATS has processed everything this node sent before the call (subscriptions
   * included): after it, publishes from other nodes reach the subscriptions made before it.
   */
  async flush(): Promise<void> {
    if (!this.closing) await this.nc.flush();
  }

  /** Sends what is still buffered, unsubscribes and closes. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.handlers.clear();
      this.remote.clear();
      if (this.nc.isClosed()) return;
      try {
        await this.nc.drain();
      } catch (error) {
        this.log.warn({ err: error }, 'bus drain failed; closing');
        await this.nc.close();
      }
    })();
    return this.closing;
  }

  private subscribeRemote(subject: string): void {
    if (this.closing) return;
    try {
      const sub = this.nc.subscribe(this.prefix + subject, {
        callback: (error, msg) => {
          if (error) {
            this.log.warn({ err: error, subject }, 'bus subscription error');
            return;
          }
          this.handlers.dispatch(subject, msg.data);
        },
      });
      this.remote.set(subject, sub);
    } catch (error) {
      this.log.error({ err: error, subject }, 'bus subscribe failed');
    }
  }

  private unsubscribeRemote(subject: string): void {
    const sub = this.remote.get(subject);
    this.remote.delete(subject);
    if (!sub || this.closing) return;
    try {
      sub.unsubscribe();
    } catch (error) {
      this.log.debug({ err: error, subject }, 'bus unsubscribe failed');
    }
  }

  onResume(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  /** The client reconnects by itself (and resubscribes); this says so in the log and to listeners. */
  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      switch (status.type) {
        case 'disconnect':
          this.log.warn({ server: status.server }, 'bus lost NATS: reconnecting; live updates may be lost');
          break;
        case 'reconnect':
          this.log.warn({ server: status.server }, 'bus reconnected to NATS');
          for (const listener of this.resumeListeners) listener();
          break;
        case 'error':
          this.log.error({ err: status.error }, 'NATS error');
          break;
        case 'slowConsumer':
          this.log.warn({ pending: status.pending }, 'bus is a slow consumer: NATS drops messages');
          break;
        case 'ldm':
          this.log.info({ server: status.server }, 'NATS server entering lame duck mode');
          break;
        case 'close':
          if (!this.closing) this.log.error('bus connection to NATS closed');
          return;
        default:
          this.log.debug({ status: status.type }, 'NATS status');
      }
    }
  }
}
