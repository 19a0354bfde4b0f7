import { performance } from 'node:perf_hooks';
import type { Caller, Domain } from '../../../server/src/domain/index.js';
import { measureSqliteInserts, type SqliteCeiling } from '../ceilings/sqlite-inserts.js';
import { summarize } from '../percentiles.js';
import type { Scenario } from '../scenario.js';
import { seedingDomain } from '../seed.js';
import { formatNumber, renderTable } from '../table.js';
import { openTempStore, type TempStore } from '../temp-stores.js';

export type StoreName = 'sqlite' | 'postgres';

/** What the `store` scenario runs. */
export interface StoreScenarioOptions {
  /** Messages per concurrency level (fewer when `maxSeconds` runs out first). */
  messages: number;
  /** Sends in flight; 1 is always run too, as the baseline without group commit. */
  concurrency: number[];
  /** Users, paired into private chats (an odd one out is left without a chat). */
  users: number;
  /** Time cap per level, warm-up excluded. */
  maxSeconds: number;
  stores: StoreName[];
}

export const storeDefaults: StoreScenarioOptions = {
  messages: 20_000,
  concurrency: [1, 16, 256],
  users: 64,
  maxSeconds: 10,
  stores: ['sqlite', 'postgres'],
};

/** The figures of one concurrency level on one store. */
export interface StoreLevelFigures {
  concurrency: number;
  /** Sends that resolved (durable) within the level. */
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** messagesPerSecond over that of concurrency 1: what group commit buys. */
  vsConcurrency1: number;
  /** Time from calling send to its promise resolving, in milliseconds. */
  sendP50Ms: number;
  sendP99Ms: number;
  /** This process's CPU time over wall time (1 = one core busy); PostgreSQL's own work is not in it. */
  nodeCpuCores: number;
  /** True when the level stopped at maxSeconds before sending every message. */
  capped: boolean;
}

export interface StoreFigures {
  store: 'sqlite' | 'postgres';
  /** Why the store was not measured, when it was not. */
  skipped?: string;
  levels: StoreLevelFigures[];
}

interface Chat {
  chatId: number;
  members: [Caller, Caller];
}

const WARM_UP_MESSAGES = 1000;
const WARM_UP_MS = 1000;
const SIGN_UPS_AT_ONCE = 4;
const TEXT = 'A benchmark message, about as long as an ordinary line of chat.';

/**
 * Durable messages per second through `domain.messages.send` into each store, by the number of
 * sends in flight. A send counts once its promise resolved, i.e. once its group commit is
 * durable; concurrency 1 is the one-transaction-per-message baseline.
 */
export async function runStoreScenario(options: StoreScenarioOptions): Promise<StoreFigures[]> {
  const levels = [...new Set([1, ...options.concurrency])].sort((a, b) => a - b);
  const figures: StoreFigures[] = [];
  for (const name of options.stores) {
    const temp = await openTempStore(name);
    if ('skipped' in temp) {
      figures.push({ store: name, skipped: temp.skipped, levels: [] });
      continue;
    }
    try {
      figures.push({ store: name, levels: await measureStore(temp, levels, options) });
    } finally {
      await temp.destroy();
    }
  }
  return figures;
}

async function measureStore(
  temp: TempStore,
  levels: number[],
  options: StoreScenarioOptions,
): Promise<StoreLevelFigures[]> {
  const domain = await seedingDomain(temp.store);
  const setupStart = performance.now();
  const chats = await createChats(domain, options.users);
  console.log(
    `${temp.name}: ${options.users} users, ${chats.length} private chats in ${formatNumber((performance.now() - setupStart) / 1000, 1)} s`,
  );
  const sender = new Sender(domain, chats);
  const results: StoreLevelFigures[] = [];
  for (const concurrency of levels) {
    await sender.run(concurrency, WARM_UP_MESSAGES, WARM_UP_MS);
    const cpu = process.cpuUsage();
    const run = await sender.run(concurrency, options.messages, options.maxSeconds * 1000);
    const cpuUsed = process.cpuUsage(cpu);
    const latency = summarize(run.sendMs);
    const perSecond = run.sendMs.length / (run.ms / 1000);
    const baseline = results[0]?.messagesPerSecond ?? perSecond;
    const level: StoreLevelFigures = {
      concurrency,
      messages: run.sendMs.length,
      seconds: run.ms / 1000,
      messagesPerSecond: perSecond,
      vsConcurrency1: perSecond / baseline,
      sendP50Ms: latency.p50,
      sendP99Ms: latency.p99,
      nodeCpuCores: (cpuUsed.user + cpuUsed.system) / 1000 / run.ms,
      capped: run.sendMs.length < options.messages,
    };
    console.log(
      `${temp.name}: ${concurrency} in flight: ${formatNumber(level.messages)} messages in ${formatNumber(level.seconds, 1)} s = ${formatNumber(perSecond)} msg/s`,
    );
    results.push(level);
  }
  return results;
}

/** Signs up `count` users through the domain and opens a private chat for each pair of them. */
async function createChats(domain: Domain, count: number): Promise<Chat[]> {
  if (count < 2) throw new Error('--users must be at least 2: messages go to private chats');
  const callers: Caller[] = new Array(count);
  let next = 0;
  // Argon2 makes sign-up slow by design: a few at a time keep both cores busy.
  const signUpWorker = async () => {
    while (next < count) {
      const i = next++;
      const auth = await domain.accounts.signUp(
        {
          username: `bench_user_${i}`,
          password: 'bench password',
          displayName: `Bench ${i}`,
          deviceName: 'bench',
        },
        '127.0.0.1',
      );
      callers[i] = { userId: Number(auth.user?.id), sessionId: Number(auth.sessionId) };
    }
  };
  await Promise.all(Array.from({ length: SIGN_UPS_AT_ONCE }, signUpWorker));
  const chats: Chat[] = [];
  for (let i = 0; i + 1 < count; i += 2) {
    const a = callers[i] as Caller;
    const b = callers[i + 1] as Caller;
    const chat = await domain.chats.openPrivateChat(a, b.userId);
    chats.push({ chatId: Number(chat.id), members: [a, b] });
  }
  return chats;
}

/** Sends messages round-robin over the chats, alternating sides, with a fixed number in flight. */
class Sender {
  /** random_ids stay unique across levels, so no send is answered from the idempotency table. */
  private randomId = 0;
  private sent = 0;

  constructor(
    private readonly domain: Domain,
    private readonly chats: readonly Chat[],
  ) {}

  /** Sends up to `messages` with `concurrency` in flight, starting no new send after `maxMs`. */
  async run(concurrency: number, messages: number, maxMs: number): Promise<{ ms: number; sendMs: number[] }> {
    const sendMs: number[] = [];
    let started = 0;
    const start = performance.now();
    const deadline = start + maxMs;
    const worker = async () => {
      while (started < messages && performance.now() < deadline) {
        started++;
        const n = this.sent++;
        const chat = this.chats[n % this.chats.length] as Chat;
        const caller = chat.members[Math.floor(n / this.chats.length) % 2] as Caller;
        const t0 = performance.now();
        await this.domain.messages.send(caller, {
          chatId: chat.chatId,
          randomId: String(++this.randomId),
          text: TEXT,
          entities: [],
          replyToId: 0,
        });
        sendMs.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, messages) }, worker));
    return { ms: performance.now() - start, sendMs };
  }
}

function storeTable(figures: StoreFigures[]): string {
  const rows = figures.flatMap((f) =>
    f.skipped
      ? [[f.store, '-', '-', '-', '-', '-', '-', '-', '-', 'skipped (unreachable)']]
      : f.levels.map((l) => [
          f.store,
          l.concurrency,
          formatNumber(l.messages),
          formatNumber(l.seconds, 1),
          formatNumber(l.messagesPerSecond),
          `${formatNumber(l.vsConcurrency1, 1)}x`,
          formatNumber(l.sendP50Ms, 2),
          formatNumber(l.sendP99Ms, 2),
          `${formatNumber(l.nodeCpuCores * 100)}%`,
          l.capped ? 'time cap' : '',
        ]),
  );
  return `store: durable messages/s through domain.messages.send (group commit)\n\n${renderTable(
    [
      'store',
      'in flight',
      'messages',
      'seconds',
      'msg/s',
      'vs 1',
      'send p50 ms',
      'send p99 ms',
      'node CPU',
      'note',
    ],
    rows,
  )}`;
}

/** Rows per transaction of the SQLite ceiling: about what group commit puts in one at 256 in flight. */
const CEILING_BATCH = 256;
const CEILING_SECONDS = 3;

function ceilingTable(ceilings: SqliteCeiling[], figures: StoreFigures[]): string {
  const best = Math.max(
    ...(figures.find((f) => f.store === 'sqlite')?.levels.map((l) => l.messagesPerSecond) ?? [0]),
  );
  const top = ceilings.at(-1);
  return [
    'store ceiling: raw batched inserts into SQLite (same file settings: WAL, synchronous FULL), same run',
    '',
    renderTable(
      ['rows per transaction', 'rows/s', 'commits/s'],
      ceilings.map((c) => [
        c.rowsPerTransaction,
        formatNumber(c.rowsPerSecond),
        formatNumber(c.transactionsPerSecond),
      ]),
    ),
    '',
    top && best
      ? `SQLite best msg/s over the ceiling at ${top.rowsPerTransaction} rows per transaction: ${formatNumber(best)} / ${formatNumber(top.rowsPerSecond)} = ${formatNumber((best / top.rowsPerSecond) * 100, 1)}%`
      : '',
  ].join('\n');
}

export const scenario: Scenario = {
  name: 'store',
  summary:
    'durable messages/s through domain.messages.send (SQLite, PostgreSQL) and the raw SQLite insert ceiling',
  flags: {
    messages: { type: 'int', default: storeDefaults.messages, help: 'messages per concurrency level' },
    concurrency: {
      type: 'ints',
      default: storeDefaults.concurrency,
      help: 'sends in flight, comma-separated',
    },
    users: { type: 'int', default: storeDefaults.users, help: 'users, paired into private chats' },
    'max-seconds': {
      type: 'number',
      default: storeDefaults.maxSeconds,
      help: 'time cap per concurrency level',
    },
    stores: {
      type: 'strings',
      default: storeDefaults.stores,
      choices: ['sqlite', 'postgres'],
      help: 'stores to measure (PostgreSQL skipped when unreachable unless CI=true)',
    },
  },
  async run(options) {
    const figures = await runStoreScenario({
      messages: options.int('messages'),
      concurrency: options.ints('concurrency'),
      users: options.int('users'),
      maxSeconds: options.number('max-seconds'),
      stores: options.strings('stores') as StoreName[],
    });
    const ceilings = [measureSqliteInserts(1, 1), measureSqliteInserts(CEILING_BATCH, CEILING_SECONDS)];
    const levels = (name: StoreName) => figures.find((f) => f.store === name)?.levels ?? [];
    const best = (name: StoreName) =>
      levels(name).length ? Math.max(...levels(name).map((l) => l.messagesPerSecond)) : Number.NaN;
    const top = levels('sqlite').at(-1);
    return {
      markdown: `${storeTable(figures)}\n\n${ceilingTable(ceilings, figures)}`,
      figures: { stores: figures, sqliteCeiling: ceilings },
      headline: {
        sqliteBestMsgPerSecond: best('sqlite'),
        sqliteTopLevelP99Ms: top?.sendP99Ms ?? Number.NaN,
        postgresBestMsgPerSecond: best('postgres'),
        sqliteCeilingRowsPerSecond: ceilings.at(-1)?.rowsPerSecond ?? Number.NaN,
      },
    };
  },
};
