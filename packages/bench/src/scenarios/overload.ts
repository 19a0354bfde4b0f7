import { readFileSync } from 'node:fs';
import { defaultConnectionLimits } from '../../../server/src/transport/ws/connection.js';
import { type AckedCheck, checkAcked } from '../acked-messages.js';
import { type GroupFigures, type PhaseFigures, runPhase, type SenderGroup } from '../load-phase.js';
import type { Scenario } from '../scenario.js';
import { openPairChats } from '../seed.js';
import { formatNumber, renderTable } from '../table.js';
import { BenchWorld } from '../world.js';

/** What the overload run must show; each check is a figure and whether it held. */
export interface OverloadChecks {
  /** Messages/s the server sustains on this machine: measured first (or given with --sustainable). */
  sustainablePerSecond: number;
  /** What the flood sent while overloaded, as a multiple of the sustainable rate. */
  offeredFactor: number;
  /** Why the flood sent less than it had to (the run then shows nothing about overload), or ''. */
  generatorShortfall: string;
  /** Share of the flood's sends answered FLOOD_WAIT (retry-after) while overloaded. */
  shedShare: number;
  /**
   * Server RSS growth from the second third of the overload to the last, MB: shown, not bounded,
   * as it moves with the garbage not yet collected (tens of MB either way on the same run).
   */
  rssGrowthMb: number;
  /** Server RSS peak over its start, MB. */
  rssOverStartMb: number;
  /**
   * Growth of the server's live heap (from a full collection) from the end of the second third
   * of the overload to its end, MB: what the server kept, free of the garbage RSS also counts.
   */
  liveHeapGrowthMb: number | null;
  /** The live heap at the end of each third of the overload, MB. */
  liveHeapMb: [number | null, number | null, number | null];
  politeP99Ms: number;
  /** After the load stopped: every message of the recovery step acknowledged and delivered. */
  recovered: boolean;
  stored: AckedCheck;
}

/**
 * Requests a second each connection may make on the benchmarked server
 * (`PEYK_CONNECTION_REQUESTS_PER_SECOND`): four times the default, so that a few hundred flooding
 * pairs can offer ten times what a fast machine sustains.
 */
const CONNECTION_RATE = defaultConnectionLimits.requestsPerSecond * 4;

/**
 * A flooding sender sends at most this many messages a second: under a connection's own request
 * limit, so that only the node's admission control sheds the flood.
 */
const SENDER_RATE_MAX = CONNECTION_RATE * 0.8;

/**
 * The generator must send at least this share of the overload it was asked for: with less, the
 * run would measure the generator, not the server.
 */
const OFFERED_SHARE_MIN = 0.9;

/**
 * First the rate the server sustains on this machine, measured on a closed loop (each sender
 * waiting for the answer to one message before the next, fewer senders than the node admits at
 * once, so nothing is shed); then ten times that rate, from many well-behaved-looking connections (each under
 * its own request limit, so only the server's admission control can shed), while a few polite
 * clients chat at a low rate; then the sustainable rate again; then every acknowledged message
 * is looked up in the store.
 */
export const scenario: Scenario = {
  name: 'overload',
  summary:
    'ten times the sustainable rate (measured first): load shed with FLOOD_WAIT, bounded memory, polite clients keep their latency, nothing lost',
  flags: {
    pairs: {
      type: 'int',
      default: 200,
      help: `flooding sender/receiver pairs, each its own private chat (each sends at most ${SENDER_RATE_MAX} msg/s)`,
    },
    polite: { type: 'int', default: 20, help: 'polite sender/receiver pairs, apart in their own process' },
    sustainable: {
      type: 'number',
      default: 0,
      help: 'messages/s the server sustains here (0: measured first, on a closed loop)',
    },
    'calibrate-seconds': {
      type: 'number',
      default: 3,
      help: 'how long the closed loop measuring the sustainable rate runs',
    },
    factor: { type: 'number', default: 10, help: 'the overload as a multiple of the sustainable rate' },
    seconds: { type: 'number', default: 30, help: 'how long the overload lasts' },
    'polite-rate': { type: 'number', default: 1, help: 'messages/s of each polite sender' },
    'recover-seconds': { type: 'number', default: 10, help: 'the step after the overload' },
    'recover-rate': {
      type: 'number',
      default: 0,
      help: 'messages/s of the flooding clients in the step after the overload (0: half the sustainable rate)',
    },
    workers: {
      type: 'int',
      default: 2,
      help: 'processes for the flooding clients (the polite get one more)',
    },
    'p99-bound-ms': { type: 'number', default: 2000, help: 'the polite clients’ p99 must stay under this' },
    'live-heap-growth-bound-mb': {
      type: 'number',
      default: 16,
      help: 'the server’s live heap (after full collections) may grow at most this much from the second third of the overload to the last',
    },
    'in-flight': { type: 'int', default: 0, help: 'PEYK_REQUESTS_IN_FLIGHT for the server (0: its default)' },
  },
  async run(options, context) {
    const pairs = options.int('pairs');
    const polite = options.int('polite');
    const factor = options.number('factor');
    const workers = Math.max(1, options.int('workers'));
    const floodUsers = pairs * 2;
    // Pairs stay together in one worker: users 2i and 2i+1 share a chat.
    const floodSplit = Array.from({ length: workers }, (_, w) => {
      const share = Math.floor(pairs / workers) + (w < pairs % workers ? 1 : 0);
      return share * 2;
    });
    const inFlight = options.int('in-flight');
    const world = await BenchWorld.create({
      users: floodUsers + polite * 2,
      workers: workers + 1,
      split: [...floodSplit, polite * 2],
      profileDir: context.profileDir,
      serverEnv: {
        PEYK_CONNECTION_REQUESTS_PER_SECOND: String(CONNECTION_RATE),
        PEYK_CONNECTION_REQUEST_BURST: String(CONNECTION_RATE * 2),
        ...(inFlight ? { PEYK_REQUESTS_IN_FLIGHT: String(inFlight) } : {}),
      },
      traceGc: true,
      setup: (domain, users) => openPairChats(domain, users, pairs + polite),
    });
    try {
      const loadBefore = loadAverage();
      const connect = await world.connectAll(100);
      const chats = world.setup;
      const senders = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => ({
          index: 2 * (from + i),
          chatId: chats[from + i] as string,
        }));
      const flooders = senders(0, pairs);
      const politeSenders = senders(pairs, polite);
      const politeGroup: SenderGroup = {
        name: 'polite',
        senders: politeSenders,
        rate: polite * options.number('polite-rate'),
        oneAtATime: true,
      };
      const phases: PhaseFigures[] = [];
      let sustainable = options.number('sustainable');
      if (!sustainable) {
        // Fewer waiting than the node admits at once: none shed, so none waits out a FLOOD_WAIT.
        const nodeLimit = inFlight || defaultConnectionLimits.requestsInFlightPerNode;
        const calibrators = flooders.slice(0, Math.max(1, Math.floor((nodeLimit * 3) / 4)));
        const closedLoop = [{ name: 'flood', senders: calibrators, rate: 0, window: 1 }];
        const waiting = `closed loop, ${formatNumber(calibrators.length)} waiting`;
        // The fresh server's first requests run cold code: measured, they would understate its rate.
        phases.push(await runPhase(world, `warm-up: ${waiting}`, closedLoop, 1));
        const seconds = options.number('calibrate-seconds');
        const calibration = await runPhase(world, `calibration: ${waiting}`, closedLoop, seconds);
        phases.push(calibration);
        sustainable = (calibration.groups[0]?.acked ?? 0) / seconds;
      }
      phases.push(await runPhase(world, 'polite alone', [politeGroup], 5));
      const wanted = sustainable * factor;
      const floodRate = Math.min(wanted, pairs * SENDER_RATE_MAX);
      phases.push(
        await runPhase(
          world,
          `overload: ${formatNumber(factor)} × ${formatNumber(sustainable)} msg/s`,
          [{ name: 'flood', senders: flooders, rate: floodRate }, politeGroup],
          options.number('seconds'),
        ),
      );
      const recoverRate = options.number('recover-rate') || sustainable / 2;
      phases.push(
        await runPhase(
          world,
          `recovery: ${formatNumber(recoverRate)} msg/s`,
          [{ name: 'flood', senders: flooders, rate: recoverRate }, politeGroup],
          options.number('recover-seconds'),
        ),
      );
      const loadAfter = loadAverage();
      const stored = checkAcked(
        world.databasePath,
        phases.flatMap((phase) => phase.ackedRandomIds),
      );
      const checks = overloadChecks(phases.slice(-3), stored, sustainable, factor);
      if (floodRate < wanted) {
        checks.generatorShortfall = `${formatNumber(wanted)} msg/s needs ${Math.ceil(wanted / SENDER_RATE_MAX)} flooding pairs at ${SENDER_RATE_MAX} msg/s each; there are ${pairs} (--pairs)`;
      }
      const p99Bound = options.number('p99-bound-ms');
      const liveHeapBound = options.number('live-heap-growth-bound-mb');
      const markdown = [
        `overload: ${formatNumber(connect.connected)} clients (${formatNumber(pairs)} flooding pairs, ${formatNumber(polite)} polite pairs at ${formatNumber(options.number('polite-rate'))} msg/s each); load average ${loadBefore} before, ${loadAfter} after`,
        '',
        phaseTable(phases),
        '',
        renderTable(
          ['check', 'figure', 'bound', 'held'],
          [
            [
              `the flood sent, over the sustainable ${formatNumber(sustainable)} msg/s${checks.generatorShortfall ? ` (${checks.generatorShortfall})` : ''}`,
              `${formatNumber(checks.offeredFactor, 1)} ×`,
              `≥ ${formatNumber(OFFERED_SHARE_MIN * factor, 1)} ×`,
              yes(!checks.generatorShortfall),
            ],
            [
              'load shed with FLOOD_WAIT (share of the flood)',
              `${formatNumber(checks.shedShare * 100, 1)}%`,
              '> 0',
              yes(checks.shedShare > 0),
            ],
            [
              'server RSS growth, second third → last third',
              `${formatNumber(checks.rssGrowthMb, 1)} MB`,
              '',
              '',
            ],
            ['server RSS peak over its start', `${formatNumber(checks.rssOverStartMb, 1)} MB`, '', ''],
            [
              `server live heap at the end of each third (${checks.liveHeapMb.map((mb) => formatNumber(mb ?? Number.NaN, 1)).join(' / ')} MB): growth, second → last`,
              `${formatNumber(checks.liveHeapGrowthMb ?? Number.NaN, 1)} MB`,
              `≤ ${formatNumber(liveHeapBound)} MB`,
              yes(checks.liveHeapGrowthMb !== null && checks.liveHeapGrowthMb <= liveHeapBound),
            ],
            [
              'polite p99 while overloaded',
              `${formatNumber(checks.politeP99Ms, 1)} ms`,
              `< ${formatNumber(p99Bound)} ms`,
              yes(checks.politeP99Ms < p99Bound),
            ],
            ['recovery: all acknowledged and delivered, none shed', '', '', yes(checks.recovered)],
            [
              'acknowledged messages stored exactly once',
              `${formatNumber(checks.stored.acked)} acked, ${formatNumber(checks.stored.stored)} stored, ${checks.stored.lost} lost, ${checks.stored.duplicates} duplicated, ${checks.stored.unacknowledged} unacknowledged`,
              '0 lost, 0 duplicated',
              yes(checks.stored.lost === 0 && checks.stored.duplicates === 0),
            ],
          ],
        ),
      ].join('\n');
      const overload = phases.at(-2)?.groups.find((g) => g.name === 'flood');
      return {
        markdown,
        figures: {
          connect: { ...connect, latency: connect.latency.summaryMs() },
          phases: phases.map(({ ackedRandomIds: _, ...phase }) => phase),
          checks,
          loadAverage: { before: loadBefore, after: loadAfter },
        },
        headline: {
          sustainablePerSecond: sustainable,
          offeredFactor: checks.offeredFactor,
          shedShare: checks.shedShare,
          floodAckedPerSecond: (overload?.acked ?? 0) / options.number('seconds'),
          politeP99Ms: checks.politeP99Ms,
          rssGrowthMb: checks.rssGrowthMb,
          rssOverStartMb: checks.rssOverStartMb,
          liveHeapGrowthMb: checks.liveHeapGrowthMb ?? Number.NaN,
          lost: checks.stored.lost,
        },
      };
    } finally {
      await world.close();
    }
  },
};

/** The checks over the three phases (polite alone, overload, recovery) at `factor` × `sustainable`. */
export function overloadChecks(
  phases: readonly PhaseFigures[],
  stored: AckedCheck,
  sustainable: number,
  factor: number,
): OverloadChecks {
  const [, overload, recovery] = phases;
  if (!overload || !recovery) throw new Error('overload checks need the three phases');
  const flood = overload.groups.find((g) => g.name === 'flood');
  const politeLoaded = overload.groups.find((g) => g.name === 'polite');
  const complete = (g: GroupFigures) =>
    g.shed === 0 && Object.keys(g.errors).length === 0 && g.acked === g.sent && g.delivered === g.expected;
  const offeredFactor = (flood?.sentPerSecond ?? 0) / sustainable;
  return {
    sustainablePerSecond: sustainable,
    offeredFactor,
    generatorShortfall:
      offeredFactor >= OFFERED_SHARE_MIN * factor
        ? ''
        : `the load generator sent ${formatNumber(flood?.sentPerSecond ?? 0)} msg/s of the ${formatNumber(sustainable * factor)} asked: it could not keep up`,
    shedShare: flood?.sent ? flood.shed / flood.sent : 0,
    rssGrowthMb: overload.rss.thirdPeaksMb[2] - overload.rss.thirdPeaksMb[1],
    rssOverStartMb: Math.max(...overload.rss.thirdPeaksMb) - overload.rss.startMb,
    liveHeapGrowthMb: growth(overload.liveHeapMb[1], overload.liveHeapMb[2]),
    liveHeapMb: overload.liveHeapMb,
    politeP99Ms: politeLoaded?.latency.p99 ?? Number.NaN,
    recovered: recovery.groups.every(complete),
    stored,
  };
}

function phaseTable(phases: readonly PhaseFigures[]): string {
  return renderTable(
    [
      'phase',
      'clients',
      'offered msg/s',
      'sent msg/s',
      'acked/s',
      'shed (FLOOD_WAIT)',
      'other errors',
      'delivered / acked',
      'p50 ms',
      'p99 ms',
      'max ms',
      'server RSS MB start / peak',
    ],
    phases.flatMap((phase) =>
      phase.groups.map((g) => [
        `${phase.label}: ${g.name}`,
        formatNumber(g.clients),
        g.offeredPerSecond ? formatNumber(g.offeredPerSecond) : 'closed loop',
        formatNumber(g.sentPerSecond),
        formatNumber(g.acked / phase.seconds),
        `${formatNumber(g.shed)} (${formatNumber(g.sent ? (g.shed / g.sent) * 100 : 0, 1)}%)`,
        Object.keys(g.errors).length ? JSON.stringify(g.errors) : '0',
        `${formatNumber(g.delivered)} / ${formatNumber(g.expected)}`,
        formatNumber(g.latency.p50, 1),
        formatNumber(g.latency.p99, 1),
        formatNumber(g.latency.max, 1),
        `${formatNumber(phase.rss.startMb)} / ${formatNumber(Math.max(...phase.rss.thirdPeaksMb))}`,
      ]),
    ),
  );
}

function growth(from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : to - from;
}

function yes(held: boolean): string {
  return held ? 'yes' : '**no**';
}

/** The 1, 5 and 15 minute load averages of the machine. */
function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
