import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Domain } from '../../server/src/domain/index.js';
import { openSqliteStore } from '../../server/src/store/sqlite-store.js';
import type { Store } from '../../server/src/store/store.js';
import { splitEvenly } from './addresses.js';
import type { ClientSpec, ConnectAnswer, StatsAnswer } from './generator/commands.js';
import { WorkerPool } from './generator/pool.js';
import { Histogram } from './histogram.js';
import { type ProcUsage, watchProcesses } from './proc-stats.js';
import { type SeededUser, seedingDomain, seedUsers } from './seed.js';
import { ServerProcess } from './server-process.js';

/** Clients per source address: well under the server's per-address limit and the ephemeral ports. */
export const CLIENTS_PER_ADDRESS = 500;

/** Stats of every worker added up, their histograms merged. */
export interface MergedStats {
  delivered: number;
  deliveredBytes: number;
  acked: number;
  ackErrors: Record<string, number>;
  dueToDeliver: Histogram;
  sentToDeliver: Histogram;
  ack: Histogram;
  lastDeliveredMicros: number;
  rawReceived: number;
  rawFirstMicros: number;
  rawLastMicros: number;
  open: number;
}

export interface ConnectFigures {
  connected: number;
  failed: number;
  errors: Record<string, number>;
  seconds: number;
  perSecond: number;
  latency: Histogram;
}

/**
 * One benchmark's world: a fresh SQLite data folder seeded with users (and whatever `setup`
 * makes through the domain), `peyk start` on it as its own process, and the load generator's
 * worker processes holding the clients: client i lives in worker `workerOf(i)`.
 */
export class BenchWorld<T> {
  private constructor(
    private readonly dir: string,
    readonly users: SeededUser[],
    readonly setup: T,
    readonly server: ServerProcess,
    readonly pool: WorkerPool,
    private readonly ranges: { start: number; end: number }[],
  ) {}

  static async create<T>(options: {
    users: number;
    workers: number;
    profileDir: string | undefined;
    setup(domain: Domain, users: SeededUser[], store: Store): Promise<T>;
    /** Extra connections the workers will open (the raw-ws ceiling), for the address plan. */
    extraConnections?: number;
    /** How many of the users each worker holds, in order (default: as even as can be). */
    split?: number[];
    /** Environment for the server process (its limits). */
    serverEnv?: Record<string, string>;
    /** Records the server's live heap after each full collection (`server.majorGcs`). */
    traceGc?: boolean;
  }): Promise<BenchWorld<T>> {
    const dir = mkdtempSync(join(tmpdir(), 'peyk-bench-'));
    const started = performance.now();
    const store = await openSqliteStore(join(dir, 'peyk.db'));
    let users: SeededUser[];
    let setup: T;
    try {
      users = await seedUsers(store, options.users);
      setup = await options.setup(await seedingDomain(store), users, store);
    } finally {
      await store.close();
    }
    console.log(`seeded ${users.length} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const server = await ServerProcess.start(dir, {
      profileDir: options.profileDir,
      env: options.serverEnv,
      traceGc: options.traceGc ?? false,
    });
    const workers = options.split ? options.split.length : Math.min(options.workers, users.length);
    const ranges = options.split ? consecutiveRanges(options.split) : splitEvenly(users.length, workers);
    const pool = WorkerPool.start(
      workers,
      users.length + (options.extraConnections ?? 0),
      CLIENTS_PER_ADDRESS,
    );
    return new BenchWorld(dir, users, setup, server, pool, ranges);
  }

  /** The server's SQLite file (read it only with a read-only connection while the server runs). */
  get databasePath(): string {
    return join(this.dir, 'peyk.db');
  }

  workerOf(index: number): number {
    return this.ranges.findIndex((range) => index >= range.start && index < range.end);
  }

  /** Connects and authenticates every user, `concurrency` at a time per worker. */
  async connectAll(concurrency: number): Promise<ConnectFigures> {
    const answers = await this.pool.each<ConnectAnswer>((w) => {
      const range = this.ranges[w] ?? { start: 0, end: 0 };
      const clients: ClientSpec[] = [];
      for (let i = range.start; i < range.end; i++)
        clients.push({ index: i, token: this.users[i]?.token ?? '' });
      return { kind: 'connect', url: this.server.wsUrl, clients, concurrency };
    });
    const figures = mergeConnects(answers);
    if (figures.failed)
      console.log(
        `connect failures ${JSON.stringify(figures.errors)}; server log:\n${this.server.log.slice(0, 2000)}`,
      );
    return figures;
  }

  /** Watches the server and, separately, the load generator's processes. */
  watch(): { stop(): { server: ProcUsage; generator: ProcUsage } } {
    const server = watchProcesses([this.server.pid]);
    const generator = watchProcesses(this.pool.pids);
    return { stop: () => ({ server: server.stop(), generator: generator.stop() }) };
  }

  async stats(): Promise<MergedStats> {
    return mergeStats(await this.pool.all<StatsAnswer>({ kind: 'stats' }));
  }

  /**
   * Polls until `done(stats)` or until nothing new was delivered for `quietMs`: a server that
   * lost messages must not hang the run.
   */
  async waitFor(done: (stats: MergedStats) => boolean, quietMs = 10_000): Promise<MergedStats> {
    let last = -1;
    let lastChange = performance.now();
    for (;;) {
      const stats = await this.stats();
      if (done(stats)) return stats;
      const progress = stats.delivered + stats.acked + stats.rawReceived;
      if (progress !== last) {
        last = progress;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > quietMs) return stats;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Ranges of the given sizes, one after another from 0. */
function consecutiveRanges(sizes: readonly number[]): { start: number; end: number }[] {
  let start = 0;
  return sizes.map((size) => {
    const range = { start, end: start + size };
    start += size;
    return range;
  });
}

export function mergeConnects(answers: ConnectAnswer[]): ConnectFigures {
  const latency = new Histogram();
  const errors: Record<string, number> = {};
  for (const answer of answers) {
    latency.merge(Histogram.fromJSON(answer.connectMicros));
    for (const [code, count] of Object.entries(answer.errors)) errors[code] = (errors[code] ?? 0) + count;
  }
  const connected = answers.reduce((sum, a) => sum + a.connected, 0);
  const seconds =
    (Math.max(...answers.map((a) => a.lastDoneMicros)) -
      Math.min(...answers.map((a) => a.firstStartMicros))) /
    1e6;
  return {
    connected,
    failed: answers.reduce((sum, a) => sum + a.failed, 0),
    errors,
    seconds,
    perSecond: connected / seconds,
    latency,
  };
}

export function mergeStats(answers: StatsAnswer[]): MergedStats {
  const merged: MergedStats = {
    delivered: 0,
    deliveredBytes: 0,
    acked: 0,
    ackErrors: {},
    dueToDeliver: new Histogram(),
    sentToDeliver: new Histogram(),
    ack: new Histogram(),
    lastDeliveredMicros: 0,
    rawReceived: 0,
    rawFirstMicros: Number.POSITIVE_INFINITY,
    rawLastMicros: 0,
    open: 0,
  };
  for (const a of answers) {
    merged.delivered += a.delivered;
    merged.deliveredBytes += a.deliveredBytes;
    merged.acked += a.acked;
    for (const [code, count] of Object.entries(a.ackErrors))
      merged.ackErrors[code] = (merged.ackErrors[code] ?? 0) + count;
    merged.dueToDeliver.merge(Histogram.fromJSON(a.dueToDeliverMicros));
    merged.sentToDeliver.merge(Histogram.fromJSON(a.sentToDeliverMicros));
    merged.ack.merge(Histogram.fromJSON(a.ackMicros));
    merged.lastDeliveredMicros = Math.max(merged.lastDeliveredMicros, a.lastDeliveredMicros);
    merged.rawReceived += a.rawReceived;
    if (a.rawFirstMicros) merged.rawFirstMicros = Math.min(merged.rawFirstMicros, a.rawFirstMicros);
    merged.rawLastMicros = Math.max(merged.rawLastMicros, a.rawLastMicros);
    merged.open += a.open;
  }
  return merged;
}
