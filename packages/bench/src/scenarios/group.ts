import { measureRawWs } from '../ceilings/raw-ws.js';
import type { SenderSpec } from '../generator/commands.js';
import type { Scenario } from '../scenario.js';
import { callerOf, type SeededUser } from '../seed.js';
import { formatNumber, renderTable } from '../table.js';
import { runTraffic, type TrafficFigures, trafficTable } from '../traffic.js';
import { BenchWorld } from '../world.js';

/** Sends each sender keeps waiting for their ack while finding the saturating load. */
const SATURATING_WINDOW = 2;
/** At half the saturating rate no sender may exceed the server's 100 requests/s. */
const MAX_PER_SENDER = 80;

interface SizeFigures {
  size: number;
  groups: number;
  senders: number;
  saturated: TrafficFigures;
  halfLoad: TrafficFigures;
}

/**
 * Fan-out in groups whose members are all online: for each size, first the saturating load
 * (every sender keeps a few messages waiting for their acks), then an open loop at half of it for
 * latency. Then the raw-`ws` ceiling in the same run: a bare server broadcasting a frame of the
 * same size to as many sockets.
 */
export const scenario: Scenario = {
  name: 'group',
  summary: 'fan-out in groups of 100 and 1,000 online members: delivered/s and latency, raw-ws ceiling',
  flags: {
    sizes: { type: 'ints', default: [100, 1000], help: 'group sizes (members, all online)' },
    online: { type: 'int', default: 1000, help: 'online users, split into groups of each size' },
    senders: { type: 'int', default: 10, help: 'senders per group' },
    seconds: { type: 'number', default: 5, help: 'how long each step sends' },
    'ceiling-seconds': { type: 'number', default: 3, help: 'how long the raw-ws ceiling broadcasts' },
    workers: { type: 'int', default: 2, help: 'load-generator processes' },
  },
  async run(options, context) {
    const sizes = options.ints('sizes');
    const online = options.int('online');
    const sendersPerGroup = options.int('senders');
    if (sizes.some((size) => size > online || size > 1000 || size < 2))
      throw new Error('--sizes: each from 2 to 1000 and at most --online');
    const world = await BenchWorld.create({
      users: online,
      workers: options.int('workers'),
      profileDir: context.profileDir,
      extraConnections: online,
      setup: async (domain, users) => {
        const chatsBySize = new Map<number, string[]>();
        for (const size of sizes) {
          const chats: string[] = [];
          for (let start = 0; start + size <= users.length; start += size) {
            const members = users.slice(start, start + size);
            const owner = members[0] as SeededUser;
            const chat = await domain.chats.createGroup(
              callerOf(owner),
              `Bench group of ${size}`,
              members.slice(1).map((m) => m.userId),
            );
            chats.push(chat.id);
          }
          chatsBySize.set(size, chats);
        }
        return chatsBySize;
      },
    });
    try {
      const connect = await world.connectAll(100);
      const results: SizeFigures[] = [];
      for (const size of sizes) {
        const chats = world.setup.get(size) ?? [];
        const senders: SenderSpec[] = chats.flatMap((chatId, g) =>
          Array.from({ length: Math.min(sendersPerGroup, size) }, (_, s) => ({
            index: g * size + Math.floor((s * size) / Math.min(sendersPerGroup, size)),
            chatId,
          })),
        );
        const common = { senders, seconds: options.number('seconds'), recipients: size - 1 };
        const saturated = await runTraffic(world, {
          ...common,
          label: `${chats.length} x ${size}: saturating`,
          rate: 0,
          window: SATURATING_WINDOW,
        });
        const halfRate = Math.min(saturated.sentPerSecond / 2, senders.length * MAX_PER_SENDER);
        const halfLoad = await runTraffic(world, {
          ...common,
          label: `${chats.length} x ${size}: half of it`,
          rate: Math.max(1, Math.round(halfRate)),
        });
        results.push({ size, groups: chats.length, senders: senders.length, saturated, halfLoad });
      }
      const bestDelivered = Math.max(...results.map((r) => r.saturated.deliveredPerSecond));
      const frameBytes = Math.round(results[0]?.saturated.bytesPerDelivery ?? 100);
      const raw = await measureRawWs(
        world.pool,
        online,
        new Uint8Array(frameBytes).fill(0x41),
        options.number('ceiling-seconds'),
      );
      const ratio = bestDelivered / raw.deliveredPerSecond;
      const markdown = [
        `group: ${formatNumber(connect.connected)} online clients, ${world.pool.size} generator processes; latency from each message's due time to its delivery to each member`,
        '',
        trafficTable(results.flatMap((r) => [r.saturated, r.halfLoad])),
        '',
        `transport ceiling, same run: a bare ws server broadcasting a pre-encoded ${frameBytes}-byte frame to ${formatNumber(raw.clients)} sockets`,
        '',
        renderTable(
          ['figure', 'value'],
          [
            ['raw ws delivered/s', formatNumber(raw.deliveredPerSecond)],
            [
              'raw ws server CPU / generator CPU (cores)',
              `${formatNumber(raw.server.cpuCores, 2)} / ${formatNumber(raw.generator.cpuCores, 2)}`,
            ],
            ['raw ws server waiting for a free core (cores)', formatNumber(raw.server.waitingCores, 2)],
            ['Peyk best saturating delivered/s', formatNumber(bestDelivered)],
            ['Peyk over the raw ws ceiling', `${formatNumber(ratio * 100, 1)}%`],
          ],
        ),
      ].join('\n');
      const headline: Record<string, number> = {
        rawWsDeliveredPerSecond: raw.deliveredPerSecond,
        ratioToRawWs: ratio,
      };
      for (const r of results) {
        headline[`size${r.size}SaturatedDeliveredPerSecond`] = r.saturated.deliveredPerSecond;
        headline[`size${r.size}HalfLoadP99Ms`] = r.halfLoad.latency.p99;
        headline[`size${r.size}HalfLoadDeliveredPerSecond`] = r.halfLoad.deliveredPerSecond;
      }
      return {
        markdown,
        figures: {
          connect: { ...connect, latency: connect.latency.summaryMs() },
          sizes: results,
          rawWs: raw,
        },
        headline,
      };
    } finally {
      await world.close();
    }
  },
};
