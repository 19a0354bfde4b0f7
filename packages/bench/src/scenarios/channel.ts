import type { Domain } from '../../../server/src/domain/index.js';
import type { Store } from '../../../server/src/store/store.js';
import type { SlowestAnswer } from '../generator/commands.js';
import type { LatencyMs } from '../histogram.js';
import { addMembersDirectly } from '../members.js';
import type { Scenario } from '../scenario.js';
import { callerOf, type SeededUser } from '../seed.js';
import { lastDeliveries } from '../slowest.js';
import { formatNumber, renderTable } from '../table.js';
import { countTableRows, rowChanges } from '../table-rows.js';
import { runTraffic, type TrafficFigures, trafficTable } from '../traffic.js';
import { BenchWorld } from '../world.js';

/** Subscribers of the small channel that rows per post are compared with. */
const SMALL_CHANNEL = 10;

interface Setup {
  channelId: string;
  supergroupId: string;
  /** Rows the store wrote for one post, in a channel of SMALL_CHANNEL and of all subscribers. */
  rowsPerPost: { small: number; large: number };
  membersSeconds: number;
}

/**
 * One post to many online subscribers. A channel of N subscribers (made straight through the
 * store), M of them connected over WebSockets: the admin posts at a fixed rate and every
 * connected subscriber's delivery is timed, with each post's last delivery. Rows per post come
 * from the store's own counter (in-process, before the server starts) and from the row counts
 * of the server's SQLite file around the posts. Then a supergroup whose members are all online
 * chats at a fixed aggregate rate.
 */
export const scenario: Scenario = {
  name: 'channel',
  summary:
    'a post to N subscribers, M online: last-delivery latency, rows per post; a 1,000-member supergroup chatting',
  flags: {
    subscribers: { type: 'int', default: 100_000, help: 'channel subscribers (N), made through the store' },
    online: { type: 'int', default: 10_000, help: 'subscribers connected over WebSockets (M)' },
    rate: { type: 'number', default: 1, help: 'posts per second the admin offers' },
    seconds: { type: 'number', default: 10, help: 'how long the admin posts' },
    'group-size': { type: 'int', default: 1000, help: 'supergroup members, all online' },
    'group-rate': { type: 'number', default: 10, help: 'messages per second over all supergroup members' },
    'group-seconds': { type: 'number', default: 10, help: 'how long the supergroup chats' },
    workers: { type: 'int', default: 2, help: 'load-generator processes' },
    concurrency: { type: 'int', default: 200, help: 'connects in progress at once per worker' },
  },
  async run(options, context) {
    const subscribers = options.int('subscribers');
    const online = options.int('online');
    const groupSize = options.int('group-size');
    if (online < SMALL_CHANNEL || online > subscribers)
      throw new Error(`--online: from ${SMALL_CHANNEL} to --subscribers`);
    if (groupSize < 2 || groupSize > online + 1) throw new Error('--group-size: from 2 to --online + 1');
    const world = await BenchWorld.create({
      // User 0 is the channel's admin; users 1..online are the connected subscribers.
      users: online + 1,
      workers: options.int('workers'),
      profileDir: context.profileDir,
      setup: (domain, users, store) => setUp(domain, store, users, subscribers, groupSize),
    });
    try {
      const connect = await world.connectAll(options.int('concurrency'));
      console.log(
        `connected ${formatNumber(connect.connected)} in ${formatNumber(connect.seconds, 1)} s (${connect.failed} failed)`,
      );
      const { channelId, supergroupId } = world.setup;
      await world.pool.all({ kind: 'trackSlowest', on: true });
      const rowsBefore = countTableRows(world.databasePath);
      const posts = await runTraffic(world, {
        label: `channel: ${formatNumber(subscribers)} subscribers, ${formatNumber(online)} online`,
        senders: [{ index: 0, chatId: channelId }],
        rate: options.number('rate'),
        seconds: options.number('seconds'),
        recipients: connect.connected - 1,
      });
      const last = lastDeliveries(await world.pool.all<SlowestAnswer>({ kind: 'slowest' })).summaryMs();
      await world.pool.all({ kind: 'trackSlowest', on: false });
      const tableChanges = rowChanges(rowsBefore, countTableRows(world.databasePath));
      const netRowsPerPost = Object.values(tableChanges).reduce((a, b) => a + b, 0) / posts.acked;
      const chatting = await runTraffic(world, {
        label: `supergroup of ${formatNumber(groupSize)}, all online`,
        senders: world.users.slice(0, groupSize).map((_, index) => ({ index, chatId: supergroupId })),
        rate: options.number('group-rate'),
        seconds: options.number('group-seconds'),
        recipients: groupSize - 1,
      });
      const figures = {
        subscribers,
        online: connect.connected,
        membersSeconds: world.setup.membersSeconds,
        connect: { ...connect, latency: connect.latency.summaryMs() },
        posts,
        lastDelivery: last,
        rowsPerPost: world.setup.rowsPerPost,
        netRowsPerPost,
        tableChanges,
        supergroup: chatting,
      };
      return {
        markdown: report(figures, posts, last, chatting, world.pool.size),
        figures,
        headline: {
          lastDeliveryP50Ms: last.p50,
          lastDeliveryP99Ms: last.p99,
          lastDeliveryMaxMs: last.max,
          deliveryP50Ms: posts.latency.p50,
          deliveryP99Ms: posts.latency.p99,
          postsPerSecond: posts.acked / options.number('seconds'),
          channelDeliveredPerSecond: posts.deliveredPerSecond,
          rowsPerPost: world.setup.rowsPerPost.large,
          serverCpuCores: posts.server.cpuCores,
          serverRssMaxMb: posts.server.rssMaxMb,
          groupDeliveredPerSecond: chatting.deliveredPerSecond,
          groupP50Ms: chatting.latency.p50,
          groupP99Ms: chatting.latency.p99,
        },
      };
    } finally {
      await world.close();
    }
  },
};

/**
 * Before the server starts: the channel with its audience and the supergroup, and the rows the
 * store writes for a post in a small channel and in this one (the store's own counter).
 */
async function setUp(
  domain: Domain,
  store: Store,
  users: SeededUser[],
  subscribers: number,
  groupSize: number,
): Promise<Setup> {
  const admin = callerOf(users[0] as SeededUser);
  const connected = users.slice(1).map((user) => user.userId);
  const channel = (title: string) =>
    domain.channels.create(admin, { title, username: '', broadcast: true, signatures: false });
  const small = await channel('Bench small channel');
  await addMembersDirectly(store, Number(small.id), connected.slice(0, SMALL_CHANNEL), 0);
  const started = performance.now();
  const large = await channel('Bench channel');
  await addMembersDirectly(store, Number(large.id), connected, subscribers - connected.length);
  const membersSeconds = (performance.now() - started) / 1000;
  console.log(`added ${formatNumber(subscribers)} subscribers in ${formatNumber(membersSeconds, 1)} s`);
  const supergroup = await domain.channels.create(admin, {
    title: 'Bench supergroup',
    username: '',
    broadcast: false,
    signatures: false,
  });
  await addMembersDirectly(store, Number(supergroup.id), connected.slice(0, Math.max(0, groupSize - 1)), 0);
  return {
    channelId: large.id,
    supergroupId: supergroup.id,
    rowsPerPost: {
      small: await rowsPerPost(domain, store, admin, Number(small.id)),
      large: await rowsPerPost(domain, store, admin, Number(large.id)),
    },
    membersSeconds,
  };
}

/** Rows written by the second of two posts (the first may create what later posts reuse). */
async function rowsPerPost(
  domain: Domain,
  store: Store,
  admin: ReturnType<typeof callerOf>,
  chatId: number,
): Promise<number> {
  const post = (n: number) =>
    domain.messages.send(admin, {
      chatId,
      randomId: `${chatId}${n}${Date.now()}`,
      text: `rows ${n}`,
      entities: [],
      replyToId: 0,
    });
  await post(1);
  const before = store.rowsWritten();
  await post(2);
  return store.rowsWritten() - before;
}

function latencyCells(latency: LatencyMs): string {
  return `${formatNumber(latency.p50, 1)} / ${formatNumber(latency.p99, 1)} / ${formatNumber(latency.max, 1)}`;
}

function report(
  figures: {
    subscribers: number;
    online: number;
    membersSeconds: number;
    rowsPerPost: { small: number; large: number };
    netRowsPerPost: number;
  },
  posts: TrafficFigures,
  last: LatencyMs,
  chatting: TrafficFigures,
  workers: number,
): string {
  return [
    `channel: ${formatNumber(figures.subscribers)} subscribers (added through the store in ${formatNumber(figures.membersSeconds, 1)} s), ${formatNumber(figures.online)} of them online from ${workers} generator processes; latency from each post's due time`,
    '',
    renderTable(
      ['figure', 'value'],
      [
        [
          'posts offered / acknowledged',
          `${formatNumber(posts.offeredPerSecond, 1)}/s / ${formatNumber(posts.acked)}`,
        ],
        ['deliveries / expected', `${formatNumber(posts.delivered)} / ${formatNumber(posts.expected)}`],
        ['last delivery of a post p50 / p99 / max (ms)', latencyCells(last)],
        ['every delivery p50 / p99 / max (ms)', latencyCells(posts.latency)],
        [
          'post acknowledged p50 / p99 (ms)',
          `${formatNumber(posts.ack.p50, 1)} / ${formatNumber(posts.ack.p99, 1)}`,
        ],
        ['delivered/s', formatNumber(posts.deliveredPerSecond)],
        [
          `rows written per post (store counter): ${SMALL_CHANNEL} / ${formatNumber(figures.subscribers)} subscribers`,
          `${figures.rowsPerPost.small} / ${figures.rowsPerPost.large}`,
        ],
        ['rows added per post (SQLite file, during the run)', formatNumber(figures.netRowsPerPost, 2)],
        [
          'server CPU / waiting for a core (cores)',
          `${formatNumber(posts.server.cpuCores, 2)} / ${formatNumber(posts.server.waitingCores, 2)}`,
        ],
        [
          'server RSS start / max (MB)',
          `${formatNumber(posts.server.rssStartMb, 0)} / ${formatNumber(posts.server.rssMaxMb, 0)}`,
        ],
        ['generator CPU (cores)', formatNumber(posts.generator.cpuCores, 2)],
        ['note', posts.saturated ? 'SATURATED' : ''],
      ],
    ),
    '',
    trafficTable([posts, chatting]),
  ].join('\n');
}
