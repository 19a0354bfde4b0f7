import type { SendAnswer, SenderSpec } from './generator/commands.js';
import { Histogram, type LatencyMs } from './histogram.js';
import type { ProcUsage } from './proc-stats.js';
import { formatNumber, renderTable } from './table.js';
import type { BenchWorld } from './world.js';

/** The figures of one load step: what was offered and sent, what arrived, how late. */
export interface TrafficFigures {
  label: string;
  /** Messages per second offered (open loop), or 0 on a closed loop. */
  offeredPerSecond: number;
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  sentPerSecond: number;
  delivered: number;
  /** Deliveries expected: acked messages times the other members of their chat. */
  expected: number;
  deliveredPerSecond: number;
  bytesPerDelivery: number;
  /** From each message's due time to its delivery, milliseconds. */
  latency: LatencyMs;
  /** From the actual send to the delivery (without the generator's own lag). */
  sentToDeliver: LatencyMs;
  ack: LatencyMs;
  generatorLag: LatencyMs;
  /** Delivered clearly below the offer, or a backlog of over a second at the end. */
  saturated: boolean;
  server: ProcUsage;
  generator: ProcUsage;
}

/**
 * Sends from `senders` (spread over the workers holding them) for `seconds`, at `rate` messages/s
 * in total or, with `window`, as fast as acks allow; waits for the deliveries to arrive and
 * measures. `recipients` is how many other users get each message.
 */
export async function runTraffic<T>(
  world: BenchWorld<T>,
  options: {
    label: string;
    senders: SenderSpec[];
    rate: number;
    seconds: number;
    recipients: number;
    window?: number;
    /**
     * Each sender keeps one send waiting at most and sends again what was refused with
     * FLOOD_WAIT once the wait is over, as a person's app does: done when all are acknowledged.
     */
    oneAtATime?: boolean;
    padding?: string;
    /** How long without any ack or delivery before giving up on the rest [30 s]. */
    quietMs?: number;
  },
): Promise<TrafficFigures> {
  await world.pool.all({ kind: 'reset' });
  const byWorker = new Map<number, SenderSpec[]>();
  for (const sender of options.senders) {
    const worker = world.workerOf(sender.index);
    byWorker.set(worker, [...(byWorker.get(worker) ?? []), sender]);
  }
  const watch = world.watch();
  const answers = await Promise.all(
    [...byWorker.entries()].map(([worker, senders]) =>
      world.pool.call<SendAnswer>(worker, {
        kind: 'send',
        senders,
        ratePerSecond: (options.rate * senders.length) / options.senders.length,
        durationMs: options.seconds * 1000,
        padding: options.padding ?? '',
        window: options.window,
        oneAtATime: options.oneAtATime,
      }),
    ),
  );
  const sent = answers.reduce((sum, a) => sum + a.sent, 0);
  const stats = await world.waitFor(
    (s) =>
      (options.oneAtATime ? s.acked : s.acked + Object.values(s.ackErrors).reduce((a, b) => a + b, 0)) >=
        sent && s.delivered >= s.acked * options.recipients,
    options.quietMs ?? 30_000,
  );
  const usage = watch.stop();
  const firstSent = Math.min(...answers.map((a) => a.firstSentMicros));
  const lastSent = Math.max(...answers.map((a) => a.lastSentMicros));
  const lag = new Histogram();
  for (const answer of answers) lag.merge(Histogram.fromJSON(answer.lagMicros));
  const deliveredSeconds = (stats.lastDeliveredMicros - firstSent) / 1e6;
  const deliveredPerSecond = stats.delivered / deliveredSeconds;
  const expected = stats.acked * options.recipients;
  const backlogMs = (stats.lastDeliveredMicros - lastSent) / 1000;
  return {
    label: options.label,
    offeredPerSecond: options.window ? 0 : options.rate,
    sent,
    acked: stats.acked,
    ackErrors: stats.ackErrors,
    sentPerSecond: sent / ((lastSent - firstSent) / 1e6),
    delivered: stats.delivered,
    expected,
    deliveredPerSecond,
    bytesPerDelivery: stats.delivered ? stats.deliveredBytes / stats.delivered : Number.NaN,
    latency: stats.dueToDeliver.summaryMs(),
    sentToDeliver: stats.sentToDeliver.summaryMs(),
    ack: stats.ack.summaryMs(),
    generatorLag: lag.summaryMs(),
    saturated:
      !options.window &&
      (stats.delivered < expected || sent < 0.95 * options.rate * options.seconds || backlogMs > 1000),
    server: usage.server,
    generator: usage.generator,
  };
}

/**
 * Server CPU time per message delivered (the acknowledgement included): steadier than
 * throughput on a shared machine, where the server gets whatever share of the cores is left.
 */
export function serverMicrosPerDelivery(step: TrafficFigures): number {
  return ((step.server.cpuCores * step.server.seconds) / step.delivered) * 1e6;
}

/** One row per load step. */
export function trafficTable(steps: readonly TrafficFigures[]): string {
  return renderTable(
    [
      'step',
      'offered msg/s',
      'sent msg/s',
      'delivered/s',
      'delivered / expected',
      'p50 ms',
      'p99 ms',
      'max ms',
      'ack p99 ms',
      'server CPU',
      'server waiting',
      'server µs/delivery',
      'generator CPU',
      'note',
    ],
    steps.map((s) => [
      s.label,
      s.offeredPerSecond ? formatNumber(s.offeredPerSecond) : 'closed loop',
      formatNumber(s.sentPerSecond),
      formatNumber(s.deliveredPerSecond),
      `${formatNumber(s.delivered)} / ${formatNumber(s.expected)}`,
      formatNumber(s.latency.p50, 1),
      formatNumber(s.latency.p99, 1),
      formatNumber(s.latency.max, 1),
      formatNumber(s.ack.p99, 1),
      formatNumber(s.server.cpuCores, 2),
      formatNumber(s.server.waitingCores, 2),
      formatNumber(serverMicrosPerDelivery(s), 1),
      formatNumber(s.generator.cpuCores, 2),
      [
        s.saturated ? 'SATURATED' : '',
        Object.keys(s.ackErrors).length ? `errors ${JSON.stringify(s.ackErrors)}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    ]),
  );
}
