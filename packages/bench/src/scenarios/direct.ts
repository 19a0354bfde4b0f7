import type { HelloAnswer } from '../generator/commands.js';
import type { Scenario } from '../scenario.js';
import { openPairChats } from '../seed.js';
import { formatNumber } from '../table.js';
import { runTraffic, trafficTable } from '../traffic.js';
import { BenchWorld } from '../world.js';

/** Kept under the server's 100 requests/s per connection. */
const MAX_PER_SENDER = 80;
/** A WebSocket frame from the server of under 126 bytes has a 2-byte header (no mask). */
const SMALL_FRAME_HEADER = 2;

/**
 * Pairs of users in private chats, one side of each sending at a fixed total rate: delivered/s
 * and send-to-deliver latency; and the bytes on the wire for a "hello" delivered.
 */
export const scenario: Scenario = {
  name: 'direct',
  summary: 'pairs chatting in private chats at a fixed offered rate: delivered/s, p50/p99/max latency',
  flags: {
    pairs: { type: 'int', default: 500, help: 'sender/receiver pairs, each its own private chat' },
    rate: { type: 'number', default: 200, help: 'messages per second over all senders' },
    seconds: { type: 'number', default: 10, help: 'how long to send' },
    workers: { type: 'int', default: 2, help: 'load-generator processes' },
  },
  async run(options, context) {
    const pairs = options.int('pairs');
    const rate = options.number('rate');
    if (rate / pairs > MAX_PER_SENDER) {
      throw new Error(
        `--rate ${rate} over --pairs ${pairs} exceeds ${MAX_PER_SENDER}/s per sender: use more pairs`,
      );
    }
    const world = await BenchWorld.create({
      users: pairs * 2,
      workers: options.int('workers'),
      profileDir: context.profileDir,
      // Users 2i and 2i+1 share a chat; both live in the same worker for the "hello".
      setup: (domain, users) => openPairChats(domain, users, pairs),
    });
    try {
      const connect = await world.connectAll(100);
      const chats = world.setup;
      const hello = await world.pool.call<HelloAnswer>(world.workerOf(0), {
        kind: 'hello',
        sender: { index: 0, chatId: chats[0] as string },
        receiver: 1,
        text: 'hello',
      });
      const step = await runTraffic(world, {
        label: `${formatNumber(pairs)} pairs`,
        senders: chats.map((chatId, i) => ({ index: 2 * i, chatId })),
        rate,
        seconds: options.number('seconds'),
        recipients: 1,
      });
      const helloWire = hello.payloadBytes + SMALL_FRAME_HEADER;
      const markdown = [
        `direct: ${formatNumber(connect.connected)} clients in ${formatNumber(pairs)} private chats, ${world.pool.size} generator processes; latency from each message's due time to its delivery`,
        '',
        trafficTable([step]),
        '',
        `"hello" delivered to the receiver: ${hello.payloadBytes} bytes of WebSocket payload, ${helloWire} bytes with the frame header (TCP/IP headers not counted)`,
      ].join('\n');
      return {
        markdown,
        figures: {
          connect: { ...connect, latency: connect.latency.summaryMs() },
          step,
          hello: { ...hello, wireBytes: helloWire },
        },
        headline: {
          deliveredPerSecond: step.deliveredPerSecond,
          p50Ms: step.latency.p50,
          p99Ms: step.latency.p99,
          maxMs: step.latency.max,
          serverCpu: step.server.cpuCores,
          generatorCpu: step.generator.cpuCores,
          helloWireBytes: helloWire,
        },
      };
    } finally {
      await world.close();
    }
  },
};
