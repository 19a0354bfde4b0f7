import { ErrorCode } from '@peyk/protocol';
import type { AckedAnswer, SendAnswer, SenderSpec, StatsAnswer } from './generator/commands.js';
import type { LatencyMs } from './histogram.js';
import { sampleProcess } from './proc-stats.js';
import type { BenchWorld } from './world.js';
import { type MergedStats, mergeStats } from './world.js';

/** A set of clients sending together at one offered rate, measured apart from the others. */
export interface SenderGroup {
  name: string;
  senders: SenderSpec[];
  /** Messages per second over all of the group's senders (an open loop). */
  rate: number;
  /** Instead of `rate`: a closed loop keeping this many sends per sender waiting for their answers. */
  window?: number;
  /**
   * Each sender waits for the answer to one message before sending the next, and sends a message
   * shed with FLOOD_WAIT again after the wait, as an app does.
   */
  oneAtATime?: boolean;
}

/** What one group did during a phase. */
export interface GroupFigures {
  name: string;
  clients: number;
  offeredPerSecond: number;
  /**
   * Messages per second the load generator actually sent: below `offeredPerSecond` when it could
   * not keep up (its sends went out later and later, so the sending took longer than the phase).
   */
  sentPerSecond: number;
  sent: number;
  acked: number;
  /** Sends answered FLOOD_WAIT: load the server shed (retries included for a group that retries). */
  shed: number;
  /** Other error answers, by code. */
  errors: Record<string, number>;
  delivered: number;
  expected: number;
  /** From each message's due time to its delivery. */
  latency: LatencyMs;
  ack: LatencyMs;
}

export interface PhaseFigures {
  label: string;
  seconds: number;
  groups: GroupFigures[];
  /**
   * The server's RSS: at the start, then its peak in each third of the sending (shown, not a
   * test of flat memory: it also counts garbage not yet collected; see `liveHeapMb`).
   */
  rss: { startMb: number; thirdPeaksMb: [number, number, number] };
  /**
   * The server's live heap at the end of each third of the sending, MB, from a full collection
   * run then (null for a world started without `traceGc`). Unlike RSS, it holds no garbage: what
   * grows here is kept.
   */
  liveHeapMb: [number | null, number | null, number | null];
  /** The random ids of every message acknowledged in the phase. */
  ackedRandomIds: string[];
}

const MB = 1024 * 1024;
const RSS_SAMPLE_MS = 100;

/**
 * Sends from every group at once for `seconds` (each group's senders must be held by workers
 * of their own, so each group's figures are its own), then waits for every acknowledged
 * message to be delivered (or for `quietMs` without progress).
 */
export async function runPhase<T>(
  world: BenchWorld<T>,
  label: string,
  groups: readonly SenderGroup[],
  seconds: number,
  quietMs = 30_000,
): Promise<PhaseFigures> {
  await world.pool.all({ kind: 'reset' });
  const rssSamples: { at: number; bytes: number }[] = [];
  const sample = () =>
    rssSamples.push({ at: performance.now(), bytes: sampleProcess(world.server.pid).rssBytes });
  sample();
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  const started = performance.now();
  const liveHeap = world.server.traceGc
    ? liveHeapAtThirds(world, seconds)
    : Promise.resolve([null, null, null] as PhaseFigures['liveHeapMb']);
  // Awaited only after the sending: a failure meanwhile must wait for that, not end the process.
  liveHeap.catch(() => {});
  const plan = groups.map((group) => ({ group, byWorker: sendersByWorker(world, group.senders) }));
  const answers = await Promise.all(
    plan.map(({ group, byWorker }) =>
      Promise.all(
        [...byWorker].map(([worker, senders]) =>
          world.pool.call<SendAnswer>(worker, {
            kind: 'send',
            senders,
            ratePerSecond: (group.rate * senders.length) / group.senders.length,
            durationMs: seconds * 1000,
            padding: '',
            oneAtATime: group.oneAtATime,
            window: group.window,
          }),
        ),
      ),
    ),
  );
  const sendingEnded = performance.now();
  clearInterval(sampler);
  const sent = answers.map((list) => list.reduce((sum, a) => sum + a.sent, 0));
  const sentPerSecond = answers.map((list) =>
    list.reduce(
      (sum, a) => sum + a.sent / Math.max(seconds, (a.lastSentMicros - a.firstSentMicros) / 1e6),
      0,
    ),
  );
  const workersOf = plan.map(({ byWorker }) => [...byWorker.keys()]);
  const statsOf = async (g: number) =>
    mergeStats(
      await Promise.all((workersOf[g] ?? []).map((w) => world.pool.call<StatsAnswer>(w, { kind: 'stats' }))),
    );
  await waitUntil(async () => {
    const all = await Promise.all(groups.map((_, g) => statsOf(g)));
    // A group that retries what was shed is done when every message is acknowledged.
    const done = all.every(
      (stats, g) =>
        (groups[g]?.oneAtATime ? stats.acked : answered(stats)) >= (sent[g] ?? 0) &&
        stats.delivered >= stats.acked,
    );
    return { done, progress: all.reduce((sum, s) => sum + answered(s) + s.delivered, 0) };
  }, quietMs);
  const figures: GroupFigures[] = [];
  for (const [g, group] of groups.entries()) {
    const stats = await statsOf(g);
    const { [ErrorCode.FLOOD_WAIT]: shed = 0, ...errors } = stats.ackErrors;
    figures.push({
      name: group.name,
      clients: group.senders.length,
      offeredPerSecond: group.rate,
      sentPerSecond: sentPerSecond[g] ?? 0,
      sent: sent[g] ?? 0,
      acked: stats.acked,
      shed,
      errors,
      delivered: stats.delivered,
      expected: stats.acked,
      latency: stats.dueToDeliver.summaryMs(),
      ack: stats.ack.summaryMs(),
    });
  }
  const acked = await world.pool.all<AckedAnswer>({ kind: 'acked' });
  const third = (sendingEnded - started) / 3;
  const thirds = [0, 1, 2].map((i) => [started + i * third, started + (i + 1) * third] as const);
  const peak = (from: number, to: number) =>
    Math.max(0, ...rssSamples.filter((s) => s.at >= from && s.at <= to).map((s) => s.bytes)) / MB;
  return {
    label,
    seconds,
    groups: figures,
    rss: {
      startMb: (rssSamples[0]?.bytes ?? 0) / MB,
      thirdPeaksMb: thirds.map(([from, to]) => peak(from, to)) as [number, number, number],
    },
    liveHeapMb: await liveHeap,
    ackedRandomIds: acked.flat(),
  };
}

async function liveHeapAtThirds<T>(
  world: BenchWorld<T>,
  seconds: number,
): Promise<PhaseFigures['liveHeapMb']> {
  const live: number[] = [];
  for (let third = 1; third <= 3; third++) {
    await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3));
    live.push(await world.server.liveHeapMb());
  }
  return live as PhaseFigures['liveHeapMb'];
}

function answered(stats: MergedStats): number {
  return stats.acked + Object.values(stats.ackErrors).reduce((a, b) => a + b, 0);
}

function sendersByWorker<T>(world: BenchWorld<T>, senders: readonly SenderSpec[]): Map<number, SenderSpec[]> {
  const byWorker = new Map<number, SenderSpec[]>();
  for (const sender of senders) {
    const worker = world.workerOf(sender.index);
    byWorker.set(worker, [...(byWorker.get(worker) ?? []), sender]);
  }
  return byWorker;
}

/** Polls until `check` says done, or its progress figure stood still for `quietMs`. */
async function waitUntil(
  check: () => Promise<{ done: boolean; progress: number }>,
  quietMs: number,
): Promise<void> {
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    const { done, progress } = await check();
    if (done) return;
    if (progress !== last) {
      last = progress;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
