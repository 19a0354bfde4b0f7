import { measureRawWs } from '../ceilings/raw-ws.js';
import { sampleProcess } from '../proc-stats.js';
import type { Scenario } from '../scenario.js';
import { formatNumber, renderTable } from '../table.js';
import { BenchWorld } from '../world.js';

const SETTLE_MS = 2000;

/**
 * N authenticated connections held idle: the server's memory per connection (its RSS growth
 * over N, read from /proc) and how fast they connect and authenticate, with the same count of
 * plain `ws` connections to a bare server as the anchor.
 */
export const scenario: Scenario = {
  name: 'idle',
  summary: 'N authenticated idle connections: server memory per connection, connects/s',
  flags: {
    connections: { type: 'int', default: 5000, help: 'authenticated connections (one user each)' },
    workers: { type: 'int', default: 2, help: 'load-generator processes' },
    concurrency: { type: 'int', default: 200, help: 'connects in progress at once per worker' },
  },
  async run(options, context) {
    const world = await BenchWorld.create({
      users: options.int('connections'),
      workers: options.int('workers'),
      profileDir: context.profileDir,
      setup: async () => undefined,
      extraConnections: options.int('connections'),
      traceGc: true,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const rssBefore = sampleProcess(world.server.pid).rssBytes;
      const liveBeforeMb = await world.server.liveHeapMb();
      const watch = world.watch();
      const connect = await world.connectAll(options.int('concurrency'));
      const usage = watch.stop();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const rssAfter = sampleProcess(world.server.pid).rssBytes;
      const bytesPerConnection = (rssAfter - rssBefore) / connect.connected;
      // Read after RSS, as the full collection it runs can hand memory back to the system.
      const liveHeapBytesPerConnection =
        (((await world.server.liveHeapMb()) - liveBeforeMb) * 2 ** 20) / connect.connected;
      const raw = await measureRawWs(world.pool, connect.connected, new Uint8Array(16), 0.1);
      const latency = connect.latency.summaryMs();
      const figures = {
        connections: options.int('connections'),
        connect: { ...connect, latency },
        rssBeforeMb: rssBefore / 2 ** 20,
        rssAfterMb: rssAfter / 2 ** 20,
        bytesPerConnection,
        liveHeapBytesPerConnection,
        rawWsBytesPerConnection: raw.bytesPerIdleConnection,
        server: usage.server,
        generator: usage.generator,
      };
      const markdown = [
        `idle: ${formatNumber(connect.connected)} authenticated connections (${connect.failed} failed${
          connect.failed ? `: ${JSON.stringify(connect.errors)}` : ''
        }), ${world.pool.size} generator processes`,
        '',
        renderTable(
          ['figure', 'value'],
          [
            [
              'server RSS before / after (MB)',
              `${formatNumber(figures.rssBeforeMb, 1)} / ${formatNumber(figures.rssAfterMb, 1)}`,
            ],
            ['server memory per connection (KB)', formatNumber(bytesPerConnection / 1024, 2)],
            [
              'of which its live JavaScript heap (KB, after a full collection)',
              formatNumber(liveHeapBytesPerConnection / 1024, 2),
            ],
            [
              'plain ws server, per connection (KB, same run)',
              formatNumber(raw.bytesPerIdleConnection / 1024, 2),
            ],
            ['connects + authenticates per second', formatNumber(connect.perSecond)],
            [
              'connect + authenticate p50 / p99 (ms)',
              `${formatNumber(latency.p50, 1)} / ${formatNumber(latency.p99, 1)}`,
            ],
            ['server CPU while connecting (cores)', formatNumber(usage.server.cpuCores, 2)],
            ['generator CPU while connecting (cores)', formatNumber(usage.generator.cpuCores, 2)],
            ['server waiting for a free core (cores)', formatNumber(usage.server.waitingCores, 2)],
          ],
        ),
      ].join('\n');
      return {
        markdown,
        figures,
        headline: {
          kbPerConnection: bytesPerConnection / 1024,
          liveHeapKbPerConnection: liveHeapBytesPerConnection / 1024,
          rawWsKbPerConnection: raw.bytesPerIdleConnection / 1024,
          connectsPerSecond: connect.perSecond,
          connectP99Ms: latency.p99,
        },
      };
    } finally {
      await world.close();
    }
  },
};
