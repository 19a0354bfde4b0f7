import { performance } from 'node:perf_hooks';
import { PeykClient } from '@peyk/client';
import type { Update } from '@peyk/protocol';
import { WebSocket } from 'ws';
import { startApp } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/config.js';
import { defaultConnectionLimits } from '../../../server/src/transport/ws/connection.js';
import { type LatencySummary, summarize } from '../percentiles.js';
import { measureProcess, type ProcessUsage } from '../process-usage.js';
import type { Scenario } from '../scenario.js';
import { formatNumber, renderTable } from '../table.js';
import { openTempSqlite } from '../temp-stores.js';

/** What the `latency` scenario runs. */
export interface LatencyScenarioOptions {
  /** Messages in total, spread round-robin over the pairs. */
  messages: number;
  /** Messages per second over all senders together (an open loop: sends do not wait for acks). */
  rate: number;
  /** Sender/receiver pairs, each with its own private chat and two connections. */
  pairs: number;
}

export const latencyDefaults: LatencyScenarioOptions = { messages: 10_000, rate: 1000, pairs: 50 };

export interface LatencyFigures {
  messages: number;
  pairs: number;
  targetRate: number;
  /** Messages per second the senders actually issued (first to last send). */
  sentRate: number;
  /** Messages per second the receivers got (first send to last receipt). */
  receivedRate: number;
  received: number;
  failedSends: number;
  /** From the last send to the last receipt: about one latency when the server keeps up. */
  drainMs: number;
  /** From the time a send was due (the time in its text) to its receipt: what users would see. */
  endToEndMs: LatencySummary;
  /** From the actual `sendMessage` call to the receipt, without the load generator's own lag. */
  fromCallMs: LatencySummary;
  /** From the `sendMessage` call to the durable acknowledgement. */
  ackMs: LatencySummary;
  /** How late the load generator called `sendMessage` after the send was due. */
  generatorLagMs: LatencySummary;
  /**
   * The server delivered clearly less than the target rate: messages queued up, and the
   * percentiles measure the queue (they grow with the run's length), not the path's latency.
   */
  saturated: boolean;
  /** The one process holding the server, the store and every client. */
  process: ProcessUsage;
}

interface Pair {
  sender: PeykClient;
  receiver: PeykClient;
  chatId: string;
}

const TEXT_PREFIX = 'peyk-bench';
const SIGN_UPS_AT_ONCE = 8;
/** How long after the last send the receivers may take; a saturated server needs a while. */
const DRAIN_TIMEOUT_MS = 60_000;
/** Below this share of the target rate the run counts as saturated. */
const SATURATED_BELOW = 0.95;
/** A backlog that takes longer than this to drain after the last send means the run was saturated. */
const SATURATED_DRAIN_MS = 1000;

/**
 * Send-to-receive latency over loopback: an in-process server on SQLite, `pairs` senders and
 * receivers on real WebSockets through `PeykClient`. Sends go out on a fixed schedule; each
 * text carries its due time, and the receiver subtracts it from the time the update arrives.
 * Server, store and load generator share this one process (and the machine's cores).
 */
export async function runLatencyScenario(options: LatencyScenarioOptions): Promise<LatencyFigures> {
  const perConnection = options.rate / options.pairs;
  if (perConnection > defaultConnectionLimits.requestsPerSecond) {
    throw new Error(
      `--rate ${options.rate} over --pairs ${options.pairs} is ${perConnection} requests/s per connection; ` +
        `the server allows ${defaultConnectionLimits.requestsPerSecond}: use more pairs`,
    );
  }
  const temp = await openTempSqlite();
  const app = await startApp({
    config: loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
    store: temp.store,
    // Every benchmark client signs up from 127.0.0.1.
    accountLimits: { signUpsPerOriginHour: 1_000_000, signUpsPerNetworkBeforeChallenge: 1_000_000 },
  });
  const clients: PeykClient[] = [];
  try {
    const setupStart = performance.now();
    const pairs = await connectPairs(app.wsUrl, options.pairs, clients);
    console.log(
      `latency: ${options.pairs} pairs signed up, connected and warmed up in ${formatNumber((performance.now() - setupStart) / 1000, 1)} s`,
    );
    return await measure(pairs, options);
  } finally {
    for (const client of clients) client.close();
    await app.close();
    await temp.destroy();
  }
}

async function connectPairs(url: string, count: number, clients: PeykClient[]): Promise<Pair[]> {
  const users: PeykClient[] = new Array(count * 2);
  let next = 0;
  // Argon2 makes sign-up slow by design: a few at a time keep both cores busy.
  const signUpWorker = async () => {
    while (next < users.length) {
      const i = next++;
      const client = new PeykClient({ url, WebSocket, requestTimeoutMs: 30_000 });
      clients.push(client);
      await client.connect();
      await client.signUp({
        username: `bench_user_${i}`,
        password: 'bench password',
        displayName: `Bench ${i}`,
      });
      users[i] = client;
    }
  };
  await Promise.all(Array.from({ length: SIGN_UPS_AT_ONCE }, signUpWorker));
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const sender = users[2 * i] as PeykClient;
    const receiver = users[2 * i + 1] as PeykClient;
    const chat = await sender.request('openPrivateChat', { userId: receiver.user?.id ?? '' });
    pairs.push({ sender, receiver, chatId: chat.id });
  }
  // One message per pair through the whole path before the clock starts.
  await Promise.all(
    pairs.map(async ({ sender, receiver, chatId }) => {
      const arrived = nextMessage(receiver);
      await sender.sendMessage(chatId, 'warm-up');
      await arrived;
    }),
  );
  return pairs;
}

/** Resolves with the next message another user sends to `client`. */
function nextMessage(client: PeykClient): Promise<void> {
  return new Promise((resolve) => {
    const off = client.on('update', (update) => {
      if (isIncoming(update, client)) {
        off();
        resolve();
      }
    });
  });
}

function isIncoming(update: Update, client: PeykClient): boolean {
  return update.kind.case === 'newMessage' && update.kind.value.senderId !== client.user?.id;
}

async function measure(pairs: Pair[], options: LatencyScenarioOptions): Promise<LatencyFigures> {
  const n = options.messages;
  const interval = 1000 / options.rate;
  // Per message, in performance.now() milliseconds (NaN until it happens).
  const calledAt = new Float64Array(n).fill(Number.NaN);
  const ackMs: number[] = [];
  const endToEnd: number[] = [];
  const fromCall: number[] = [];
  let failedSends = 0;
  let lastReceipt = 0;
  let settled = 0;

  let wake: (() => void) | undefined;
  const offs = pairs.map(({ receiver }) =>
    receiver.on('update', (update) => {
      if (update.kind.case !== 'newMessage' || update.kind.value.senderId === receiver.user?.id) return;
      const now = performance.now();
      const [prefix, index, dueAt] = update.kind.value.text.split(' ');
      if (prefix !== TEXT_PREFIX) return;
      endToEnd.push(now - Number(dueAt));
      fromCall.push(now - (calledAt[Number(index)] as number));
      lastReceipt = now;
      wake?.();
    }),
  );

  const usage = measureProcess();
  const start = performance.now() + 5;
  const send = (i: number) => {
    const pair = pairs[i % pairs.length] as Pair;
    const dueAt = start + i * interval;
    const callAt = performance.now();
    calledAt[i] = callAt;
    pair.sender.sendMessage(pair.chatId, `${TEXT_PREFIX} ${i} ${dueAt.toFixed(3)}`).then(
      () => {
        ackMs.push(performance.now() - callAt);
        settled++;
        wake?.();
      },
      (error) => {
        failedSends++;
        settled++;
        console.error(`latency: send ${i} failed:`, error);
        wake?.();
      },
    );
  };
  // Open loop: every due send goes out on the next timer tick, however late, whatever is in flight.
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < n && start + i * interval <= now) send(i++);
      if (i >= n) resolve();
      else setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    setTimeout(tick, 0);
  });
  const lastCall = calledAt[n - 1] as number;
  const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
  while ((endToEnd.length < n - failedSends || settled < n) && performance.now() < drainDeadline) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 100);
    });
  }
  wake = undefined;
  const processUsage = usage.stop();
  for (const off of offs) off();

  const lag = Array.from(calledAt, (at, i) => at - (start + i * interval));
  const receivedRate = endToEnd.length / ((lastReceipt - start) / 1000);
  const drainMs = lastReceipt - lastCall;
  return {
    messages: n,
    pairs: pairs.length,
    targetRate: options.rate,
    sentRate: (n - 1) / ((lastCall - (calledAt[0] as number)) / 1000),
    receivedRate,
    received: endToEnd.length,
    failedSends,
    drainMs,
    endToEndMs: summarize(endToEnd),
    fromCallMs: summarize(fromCall),
    ackMs: summarize(ackMs),
    generatorLagMs: summarize(lag),
    saturated:
      endToEnd.length < n || receivedRate < SATURATED_BELOW * options.rate || drainMs > SATURATED_DRAIN_MS,
    process: processUsage,
  };
}

function latencyTable(f: LatencyFigures): string {
  const row = (label: string, s: LatencySummary) => [
    label,
    formatNumber(s.count),
    formatNumber(s.p50, 2),
    formatNumber(s.p90, 2),
    formatNumber(s.p99, 2),
    formatNumber(s.max, 2),
  ];
  const p = f.process;
  return [
    `latency: ${formatNumber(f.messages)} messages, ${f.pairs} pairs, target ${formatNumber(f.targetRate)} msg/s, SQLite, loopback WebSockets`,
    renderTable(
      ['milliseconds', 'count', 'p50', 'p90', 'p99', 'max'],
      [
        row('send due -> received', f.endToEndMs),
        row('sendMessage -> received', f.fromCallMs),
        row('sendMessage -> durable ack', f.ackMs),
        row('generator lag', f.generatorLagMs),
      ],
    ),
    `rate: sent ${formatNumber(f.sentRate)} msg/s, received ${formatNumber(f.receivedRate)} msg/s; ` +
      `${formatNumber(f.received)} received, ${f.messages - f.received} missing, ${f.failedSends} failed sends; ` +
      `last receipt ${formatNumber(f.drainMs)} ms after the last send`,
    `process (server + store + ${f.pairs * 2} clients, one process on ${p.coresAvailable} cores): ` +
      `CPU ${formatNumber(p.cpuCores * 100)}% of one core over ${formatNumber(p.seconds, 1)} s, ` +
      `RSS max ${formatNumber(p.rssMaxMb)} MB, event-loop delay p99 ${formatNumber(p.eventLoopDelayP99Ms, 1)} ms`,
    ...(f.saturated
      ? [
          `SATURATED: ${formatNumber(f.receivedRate)} of ${formatNumber(f.targetRate)} msg/s delivered, ` +
            `a backlog of ${formatNumber(f.drainMs)} ms at the end; the figures above measure the queue, ` +
            'not latency. Run again with a lower --rate for latency.',
        ]
      : []),
  ].join('\n');
}

export const scenario: Scenario = {
  name: 'latency',
  summary: 'send-to-receive latency over loopback WebSockets, in-process server and PeykClient on SQLite',
  flags: {
    messages: { type: 'int', default: latencyDefaults.messages, help: 'messages in total' },
    rate: { type: 'number', default: latencyDefaults.rate, help: 'messages per second over all senders' },
    pairs: {
      type: 'int',
      default: latencyDefaults.pairs,
      help: 'sender/receiver pairs, each its own private chat',
    },
  },
  async run(options) {
    const figures = await runLatencyScenario({
      messages: options.int('messages'),
      rate: options.number('rate'),
      pairs: options.int('pairs'),
    });
    return {
      markdown: latencyTable(figures),
      figures,
      headline: {
        receivedPerSecond: figures.receivedRate,
        p50Ms: figures.endToEndMs.p50,
        p99Ms: figures.endToEndMs.p99,
        maxMs: figures.endToEndMs.max,
      },
    };
  },
};
