import { randomBytes } from 'node:crypto';
import { PeykClient, type PeykClientOptions } from '@peyk/client';
import pg from 'pg';
import { WebSocket } from 'ws';
import { TcpBalancer } from './cluster-balancer.js';
import { freshBusPrefix, NATS_URL } from './cluster-buses.js';
import { PASSWORD } from './server.js';
import { freePort, ServerProcess } from './server-process.js';
import { DATABASE_URL } from './stores.js';

/**
 * N `peyk start` processes on one fresh PostgreSQL database and one NATS (a fresh subject
 * prefix), and clients that reach them through a balancer, as in a deployment.
 */
export interface Cluster {
  nodes: ServerProcess[];
  /** The fresh database's URL. */
  storeUrl: string;
  busPrefix: string;
  /**
   * A signed-out client behind its own balancer, which sends it to node `prefer` first and to
   * the next live node when that one is gone.
   */
  client(prefer: number, options?: Partial<PeykClientOptions>): Promise<ClusterClient>;
  /** A new user signed up on a client that lands on node `prefer`. */
  user(name: string, prefer: number, options?: Partial<PeykClientOptions>): Promise<ClusterClient>;
  /** Another device of a user, landing on node `prefer`. */
  device(of: PeykClient, prefer: number, options?: Partial<PeykClientOptions>): Promise<ClusterClient>;
  /** The port of the node a client is connected to now (undefined between connections). */
  nodeOf(client: PeykClient): number | undefined;
  /** Restarts every node that is not running (after a kill or a stop). */
  revive(): Promise<void>;
  stop(): Promise<void>;
}

export type ClusterClient = PeykClient & { balancer: TcpBalancer };

/** A fresh database on the test PostgreSQL server, and how to drop it. */
export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const database = `peyk_${label}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  // As docs/OPERATIONS.md recommends for a cluster: group commits on several nodes can deadlock
  // on row locks; PostgreSQL then fails one work, which the client retries. Detect it fast.
  await admin.query(`alter database ${database} set deadlock_timeout = '100ms'`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
    },
  };
}

export interface ClusterOptions {
  nodes?: number;
  /** Presence heartbeat; a killed node's users go offline after three. */
  presenceHeartbeatMs?: number;
  env?: Record<string, string>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const database = await freshDatabase('cluster');
  const busPrefix = freshBusPrefix('cluster');
  const env = {
    PEYK_STORE: database.url,
    PEYK_BUS: NATS_URL,
    PEYK_BUS_PREFIX: busPrefix,
    PEYK_PRESENCE_HEARTBEAT_MS: String(options.presenceHeartbeatMs ?? 500),
    ...options.env,
  };
  const ports = await Promise.all(Array.from({ length: options.nodes ?? 3 }, () => freePort()));
  const nodes = ports.map((port) => new ServerProcess(port, env));
  const clients: ClusterClient[] = [];
  // The first node migrates the fresh schema; the others start beside it (as in a rolling
  // deployment: one node first, then the rest).
  const [first, ...rest] = nodes as [ServerProcess, ...ServerProcess[]];
  try {
    await first.start();
    await Promise.all(rest.map((n) => n.start()));
  } catch (error) {
    await Promise.all(nodes.map((n) => n.kill()));
    await database.drop();
    throw error;
  }

  const cluster: Cluster = {
    nodes,
    storeUrl: database.url,
    busPrefix,
    async client(prefer, clientOptions = {}) {
      const balancer = await TcpBalancer.start(ports, prefer);
      const client = new PeykClient({
        url: balancer.wsUrl,
        WebSocket: WebSocket as never,
        requestTimeoutMs: 20_000,
        reconnect: { minMs: 50, maxMs: 300 },
        ...clientOptions,
      } as PeykClientOptions) as ClusterClient;
      client.balancer = balancer;
      clients.push(client);
      await client.connect();
      return client;
    },
    async user(name, prefer, clientOptions) {
      const client = await cluster.client(prefer, clientOptions);
      await client.signUp({ username: name, password: PASSWORD, displayName: name });
      return client;
    },
    async device(of, prefer, clientOptions) {
      const client = await cluster.client(prefer, clientOptions);
      await client.signIn({ username: of.user?.username ?? '', password: PASSWORD });
      return client;
    },
    nodeOf(client) {
      const routes = (client as ClusterClient).balancer?.routes ?? [];
      return routes.at(-1);
    },
    async revive() {
      await Promise.all(nodes.filter((n) => !n.running).map((n) => n.start()));
    },
    async stop() {
      for (const client of clients) {
        client.close();
        await client.balancer.close();
      }
      await Promise.all(nodes.map((n) => n.stop()));
      await database.drop();
    },
  };
  return cluster;
}
