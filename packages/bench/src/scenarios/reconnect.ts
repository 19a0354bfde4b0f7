import type { ReconnectAnswer } from '../generator/commands.js';
import { Histogram } from '../histogram.js';
import type { Scenario } from '../scenario.js';
import { callerOf, type SeededUser } from '../seed.js';
import { formatNumber, renderTable } from '../table.js';
import { runTraffic } from '../traffic.js';
import { BenchWorld } from '../world.js';

/**
 * N clients in groups drop at once; while they are away one more member of each group, who
 * stays online, posts; then all N reconnect at once and catch up with getDifference. Measures
 * the time until the last one has caught up, and checks that each got exactly the messages
 * posted, with no gap in its pts and no duplicate.
 */
export const scenario: Scenario = {
  name: 'reconnect',
  summary: 'N clients drop and reconnect at once and catch up: time until all caught up, nothing lost',
  flags: {
    clients: { type: 'int', default: 2000, help: 'clients that drop and reconnect' },
    'group-size': {
      type: 'int',
      default: 100,
      help: 'members of each group (one more stays online and posts)',
    },
    messages: { type: 'int', default: 5, help: 'messages posted to each group while its members are away' },
    workers: { type: 'int', default: 2, help: 'load-generator processes' },
    concurrency: {
      type: 'int',
      default: 100_000,
      help: 'reconnects in progress at once per worker (all by default)',
    },
  },
  async run(options, context) {
    const clients = options.int('clients');
    const size = options.int('group-size');
    const perGroup = options.int('messages');
    const groups = Math.ceil(clients / size);
    const world = await BenchWorld.create({
      // Users 0..clients-1 drop; user clients+g stays online and posts to group g.
      users: clients + groups,
      workers: options.int('workers'),
      profileDir: context.profileDir,
      setup: async (domain, users) => {
        const chats: string[] = [];
        for (let g = 0; g < groups; g++) {
          const poster = users[clients + g] as SeededUser;
          const members = users.slice(g * size, Math.min(clients, (g + 1) * size));
          const chat = await domain.chats.createGroup(
            callerOf(poster),
            `Bench group ${g}`,
            members.map((m) => m.userId),
          );
          chats.push(chat.id);
        }
        return chats;
      },
    });
    try {
      const connect = await world.connectAll(200);
      await world.pool.all({ kind: 'drop', below: clients });
      const posted = await runTraffic(world, {
        label: 'posted while away',
        senders: world.setup.map((chatId, g) => ({ index: clients + g, chatId })),
        rate: Math.min(groups * 50, 2000),
        seconds: (groups * perGroup) / Math.min(groups * 50, 2000),
        recipients: 0,
        // As people's apps do: the node is busy telling everyone who went offline, and a
        // connection's second request at once is refused then (FLOOD_WAIT), so it waits and retries.
        oneAtATime: true,
        // The server first tells every member of the groups that the others went offline.
        quietMs: 120_000,
      });
      if (posted.acked !== groups * perGroup) {
        throw new Error(
          `only ${posted.acked} of ${groups * perGroup} posts were acknowledged: ${JSON.stringify(posted.ackErrors)}`,
        );
      }
      const watch = world.watch();
      const answers = await world.pool.all<ReconnectAnswer>({
        kind: 'reconnect',
        url: world.server.wsUrl,
        concurrency: options.int('concurrency'),
      });
      const usage = watch.stop();
      const counts = answers.flatMap((a) => a.caughtUpMessages);
      const catchUp = new Histogram();
      for (const answer of answers) catchUp.merge(Histogram.fromJSON(answer.catchUpMicros));
      const seconds =
        (Math.max(...answers.map((a) => a.lastDoneMicros)) -
          Math.min(...answers.map((a) => a.firstStartMicros))) /
        1e6;
      const expectedPerClient = posted.acked / groups;
      const figures = {
        clients,
        groups,
        posted: posted.acked,
        postErrors: posted.ackErrors,
        reconnected: answers.reduce((sum, a) => sum + a.reconnected, 0),
        retries: answers.reduce((sum, a) => sum + a.retries, 0),
        errors: answers.map((a) => a.errors),
        failed: answers.reduce((sum, a) => sum + a.failed, 0),
        seconds,
        catchUp: catchUp.summaryMs(),
        expectedPerClient,
        wrongCount: counts.filter((count) => count !== expectedPerClient).length,
        duplicates: answers.reduce((sum, a) => sum + a.duplicates, 0),
        gaps: answers.reduce((sum, a) => sum + a.gaps, 0),
        server: usage.server,
        generator: usage.generator,
      };
      const markdown = [
        `reconnect: ${formatNumber(clients)} clients in ${groups} groups of ${size} (+1 poster each), ${world.pool.size} generator processes; connected first in ${formatNumber(connect.seconds, 1)} s`,
        '',
        renderTable(
          ['figure', 'value'],
          [
            [
              'messages posted while away (per client)',
              `${formatNumber(figures.posted)} (${formatNumber(expectedPerClient, 1)})`,
            ],
            [
              'reconnected and caught up / failed',
              `${formatNumber(figures.reconnected)} / ${formatNumber(figures.failed)}`,
            ],
            ['connect attempts retried (refused or reset)', formatNumber(figures.retries)],
            ['time until all caught up (s)', formatNumber(seconds, 2)],
            [
              'per client p50 / p99 / max (ms)',
              `${formatNumber(figures.catchUp.p50, 0)} / ${formatNumber(figures.catchUp.p99, 0)} / ${formatNumber(figures.catchUp.max, 0)}`,
            ],
            ['clients with a wrong message count', formatNumber(figures.wrongCount)],
            ['duplicates / pts gaps', `${figures.duplicates} / ${figures.gaps}`],
            [
              'server CPU / generator CPU (cores)',
              `${formatNumber(usage.server.cpuCores, 2)} / ${formatNumber(usage.generator.cpuCores, 2)}`,
            ],
            ['server waiting for a free core (cores)', formatNumber(usage.server.waitingCores, 2)],
          ],
        ),
      ].join('\n');
      return {
        markdown,
        figures,
        headline: {
          secondsUntilAllCaughtUp: seconds,
          catchUpP99Ms: figures.catchUp.p99,
          failedOrWrongCount: figures.wrongCount,
          retries: figures.retries,
          duplicates: figures.duplicates,
        },
      };
    } finally {
      await world.close();
    }
  },
};
