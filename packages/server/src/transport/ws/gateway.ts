import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GoodbyeCode } from '@peyk/protocol';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Bus } from '../../bus/bus.js';
import type { Domain } from '../../domain/index.js';
import { SharedRateLimit } from '../../domain/shared-rate-limit.js';
import type { RateCounters } from '../../store/rate-counters.js';
import { Admission } from './admission.js';
import { ChatWatchers } from './chat-watchers.js';
import { Connection, type ConnectionLimits } from './connection.js';
import { originAllowed } from './origin.js';

/** How often each node adds its per-account request counts to the shared ones. */
const USER_COUNT_FLUSH_MS = 500;

/** Frames above this close the connection before they are read whole. */
const HARD_FRAME_LIMIT = 1024 * 1024;

/** The WebSocket endpoint at /ws on the HTTP server. */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT });
  private readonly connections = new Set<Connection>();
  private readonly perAddress = new Map<string, number>();
  /** Shared by the connections: how many requests run on this node at once. */
  private readonly admission: Admission;
  /** Requests per account, counted with the other nodes. */
  private readonly userRequests: SharedRateLimit;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly stopResumeWatch: () => void;
  /** The large chats this node's connections watch, one bus subscription each. */
  readonly watchers: ChatWatchers;

  constructor(
    private readonly domain: Domain,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly limits: ConnectionLimits,
    private readonly trustProxy: boolean,
    private readonly allowedOrigins: readonly string[],
    /** The store's shared counters, for the per-account request limit. */
    counters: RateCounters,
  ) {
    this.watchers = new ChatWatchers(bus);
    this.admission = new Admission(limits.requestsInFlight, limits.requestsInFlightPerNode);
    this.userRequests = new SharedRateLimit(
      counters,
      'user-requests',
      limits.requestsPerUser,
      limits.userWindowMs,
      {
        flushMs: USER_COUNT_FLUSH_MS,
        onError: (error) => log.warn({ err: error }, 'counting requests per account'),
      },
    );
    // A client that vanished without closing (a phone that lost its network) would otherwise
    // stay connected, and online, until TCP gives up: ping everyone, drop who did not answer.
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) connection.checkAlive();
    }, limits.pingIntervalMs);
    this.heartbeat.unref();
    // Updates published while the bus was cut off never reached this node's clients, and a
    // client learns of a gap only from its next update: send everyone to reconnect now, which
    // makes each catch up with getDifference.
    this.stopResumeWatch = bus.onResume(() => {
      for (const connection of this.connections) {
        connection.goodbye(
          GoodbyeCode.SERVER_SHUTDOWN,
          'Live updates were interrupted: reconnect to catch up',
        );
      }
    });
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (request.url ?? '').split('?')[0];
      if (path !== '/ws') {
        socket.destroy();
        return;
      }
      if (!originAllowed(request, this.allowedOrigins)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      const origin = clientAddress(request, this.trustProxy);
      const open = this.perAddress.get(origin) ?? 0;
      if (open >= this.limits.connectionsPerAddress) {
        // Refused before the upgrade: no WebSocket, no memory spent on it.
        socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 10\r\nConnection: close\r\n\r\n');
        return;
      }
      this.perAddress.set(origin, open + 1);
      // Counted down when the TCP socket closes, whether or not the upgrade succeeded.
      socket.once('close', () => {
        const left = (this.perAddress.get(origin) ?? 1) - 1;
        if (left > 0) this.perAddress.set(origin, left);
        else this.perAddress.delete(origin);
      });
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const connection = new Connection(
          ws,
          origin,
          this.domain,
          this.bus,
          this.watchers,
          this.log,
          this.limits,
          this.admission,
          this.userRequests,
        );
        this.connections.add(connection);
        ws.on('close', () => this.connections.delete(connection));
      });
    });
  }

  get size(): number {
    return this.connections.size;
  }

  /** Tells every client to reconnect elsewhere, then closes. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.userRequests.close();
    this.stopResumeWatch();
    for (const connection of this.connections) {
      connection.goodbye(GoodbyeCode.SERVER_SHUTDOWN, 'The server is restarting: reconnect');
    }
    // Let the connections finish closing (their last presence write needs the store), then
    // cut whoever has not answered the close in time.
    const finished = Promise.all([...this.connections].map((c) => c.finished));
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([finished, timeout]);
    for (const client of this.wss.clients) client.terminate();
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 500).unref())]);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** The client's address: the TCP peer, or behind a trusted balancer the address it appended. */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const header = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
  const appended = header?.split(',').at(-1)?.trim();
  if (trustProxy && appended) return appended;
  return request.socket.remoteAddress ?? 'unknown';
}
