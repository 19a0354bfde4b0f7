import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PrivateNats,
  PrivatePostgres,
  privateServicesAvailable,
} from '../../../server/test/helpers/private-services.js';
import { freePort, ServerProcess } from '../../../server/test/helpers/server-process.js';
import { type ChaosFigures, type Fault, runChaos } from '../chaos-run.js';
import type { Scenario } from '../scenario.js';
import { formatNumber, renderTable } from '../table.js';

/**
 * The long chaos run (the CI one is `chaos.e2e`, `crash.e2e` and `cluster.e2e`): two people keep
 * writing while the embedded server is killed with -9 again and again, then while a cluster's
 * PostgreSQL and NATS restart and one of its nodes is killed with -9, round after round, at
 * random points. Every acknowledged message must exist exactly once, in order, and every device
 * must end with the server's view.
 */
export const scenario: Scenario = {
  name: 'chaos',
  summary:
    'kill -9 the embedded server and a cluster node, restart PostgreSQL and NATS, under sends: nothing lost',
  flags: {
    messages: { type: 'int', default: 300, help: 'messages each of the two people sends, per part' },
    kills: { type: 'int', default: 5, help: 'kill -9 of the embedded server' },
    rounds: {
      type: 'int',
      default: 2,
      help: 'cluster rounds, each restarting PostgreSQL and NATS and killing a node',
    },
  },
  async run(options) {
    const perSender = options.int('messages');
    const total = perSender * 2;
    /** `count` random points in the middle of the run, ascending. */
    const points = (count: number) =>
      Array.from({ length: count }, () => Math.floor(total * (0.1 + 0.8 * Math.random()))).sort(
        (a, b) => a - b,
      );
    const results: ChaosFigures[] = [];

    const dir = mkdtempSync(join(tmpdir(), 'peyk-chaos-'));
    const embedded = new ServerProcess(await freePort(), { PEYK_DATA_DIR: dir });
    try {
      await embedded.start();
      const kill: Fault[] = points(options.int('kills')).map((at) => ({
        name: 'kill -9 embedded',
        at,
        run: async () => {
          await embedded.kill();
          await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
          await embedded.start();
        },
      }));
      results.push(await runChaos('embedded (SQLite)', [embedded], perSender, kill));
    } finally {
      await embedded.kill();
      rmSync(dir, { recursive: true, force: true });
    }

    if (!privateServicesAvailable) {
      if (process.env.CI === 'true')
        throw new Error('the cluster part needs PostgreSQL and nats-server programs');
      console.warn('cluster part skipped: no PostgreSQL or nats-server programs on this machine');
    } else {
      const [postgres, nats] = await Promise.all([PrivatePostgres.start(), PrivateNats.start()]);
      const nodes: ServerProcess[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          const node = new ServerProcess(await freePort(), { PEYK_STORE: postgres.url, PEYK_BUS: nats.url });
          await node.start();
          nodes.push(node);
        }
        const last = nodes[1] as ServerProcess;
        for (let round = 1; round <= options.int('rounds'); round++) {
          // Which fault comes first is random too.
          const [a, b, c] = points(3).sort(() => Math.random() - 0.5);
          const faults: Fault[] = [
            { name: 'PostgreSQL restart', at: a ?? 0, run: async () => postgres.restart() },
            { name: 'NATS restart', at: b ?? 0, run: () => nats.restart() },
            {
              name: 'kill -9 node 2',
              at: c ?? 0,
              run: async () => {
                await last.kill();
                await new Promise((resolve) => setTimeout(resolve, 500));
                await last.start();
              },
            },
          ];
          results.push(await runChaos(`cluster round ${round}`, nodes, perSender, faults));
        }
      } finally {
        for (const node of nodes) await node.kill();
        await nats.stop();
        postgres.stop();
      }
    }

    const markdown = [
      `chaos: two people each sending ${formatNumber(perSender)} messages per part through PeykClient, faults at random points`,
      '',
      renderTable(
        [
          'part',
          'faults (in order)',
          'sent',
          'acknowledged',
          'stored',
          'lost',
          'duplicated',
          'order intact',
          'views equal',
          'seconds',
        ],
        results.map((r) => [
          r.label,
          r.faults.join(', '),
          formatNumber(r.sent),
          formatNumber(r.acked),
          formatNumber(r.stored),
          r.lost,
          r.duplicated,
          r.orderIntact ? 'yes' : '**no**',
          r.viewsEqual ? 'yes' : '**no**',
          formatNumber(r.seconds, 1),
        ]),
      ),
    ].join('\n');
    return {
      markdown,
      figures: { parts: results },
      headline: {
        lost: results.reduce((sum, r) => sum + r.lost, 0),
        duplicated: results.reduce((sum, r) => sum + r.duplicated, 0),
        broken: results.filter((r) => !r.orderIntact || !r.viewsEqual).length,
      },
    };
  },
};
