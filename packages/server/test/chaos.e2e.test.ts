import type { PeykClient } from '@peyk/client';
import type { Message } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateNats, PrivatePostgres, privateServicesAvailable } from './helpers/private-services.js';
import { retryingUser } from './helpers/retrying-client.js';
import { eventually } from './helpers/server.js';
import { freePort, ServerProcess } from './helpers/server-process.js';
import { caughtUp, essence, followedState, fullHistory, persist } from './helpers/sync-tools.js';

if (!privateServicesAvailable) {
  if (process.env.CI === 'true') throw new Error('the chaos test needs PostgreSQL and nats-server programs');
  console.warn('chaos test skipped: no PostgreSQL or nats-server programs on this machine');
}

/**
 * Two nodes on a PostgreSQL and a NATS of the test's own, which are restarted while both people
 * keep writing. Skipped only where the servers' programs are missing outside CI.
 */
describe.skipIf(!privateServicesAvailable)('a cluster whose PostgreSQL and NATS restart under load', () => {
  let postgres: PrivatePostgres;
  let nats: PrivateNats;
  const nodes: ServerProcess[] = [];
  const clients: PeykClient[] = [];
  beforeAll(async () => {
    [postgres, nats] = await Promise.all([PrivatePostgres.start(), PrivateNats.start()]);
    for (let i = 0; i < 2; i++) {
      const node = new ServerProcess(await freePort(), { PEYK_STORE: postgres.url, PEYK_BUS: nats.url });
      await node.start();
      nodes.push(node);
    }
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    for (const node of nodes) await node.kill();
    await nats?.stop();
    postgres?.stop();
  });

  const user = async (username: string, node: ServerProcess) => {
    const client = await retryingUser(node.wsUrl, username);
    clients.push(client);
    return client;
  };

  it('loses and doubles nothing, keeps the order, and every device ends with the server’s view', async () => {
    const writer = await user('chaos_writer', nodes[0] as ServerProcess);
    const reader = await user('chaos_reader', nodes[1] as ServerProcess);
    const group = await writer.request('createGroup', { title: 'Chaos', memberIds: [reader.user?.id ?? ''] });
    const states = [await followedState(writer), await followedState(reader)];

    let acked = 0;
    const sends: Promise<Message>[] = [];
    const queue = (from: PeykClient, label: string, count: number) => {
      for (let i = 0; i < count; i++) {
        const send = from.sendMessage(group.id, `${label} ${i}`);
        void send.then(() => acked++);
        sends.push(send);
      }
    };
    queue(writer, 'w', 120);
    queue(reader, 'r', 120);
    await eventually(() => acked >= 40, '40 messages stored before the first fault', 60_000);
    postgres.restart();
    await eventually(() => acked >= 120, '120 messages stored after PostgreSQL came back', 90_000);
    await nats.restart();
    const sent = await Promise.all(sends);

    // Both nodes lived through it. When NATS came back each node sent its clients to reconnect
    // and catch up: a read may meet that reconnect, and is repeated as a client would.
    expect(nodes.map((node) => node.running)).toEqual([true, true]);
    const history = await persist(() => fullHistory(writer, group.id));
    const texts = history.filter((m) => /^[wr] \d+$/.test(m.text)).map((m) => m.text);
    expect(texts).toHaveLength(240);
    expect(new Set(texts).size).toBe(240);
    // One sender's messages keep the order they were sent in.
    for (const label of ['w', 'r']) {
      const own = texts.filter((text) => text.startsWith(label));
      expect(own).toEqual(Array.from({ length: 120 }, (_, i) => `${label} ${i}`));
    }
    expect(history.map((m) => m.id)).toEqual(history.map((_, i) => (history[0]?.id ?? 0) + i));
    expect(new Set(sent.map((m) => m.id)).size).toBe(240);

    for (const [i, device] of [writer, reader].entries()) {
      await eventually(() => device.status === 'ready', 'the device to be connected', 30_000);
      await caughtUp(device);
      const seen = states[i]?.messages(group.id).map(essence);
      expect(seen?.slice(-100)).toEqual(history.slice(-100).map(essence));
    }
  }, 240_000);
});
