import type { PeykClient } from '@peyk/client';
import type { Message } from '@peyk/protocol';
import { retryingUser } from '../../server/test/helpers/retrying-client.js';
import { eventually } from '../../server/test/helpers/server.js';
import type { ServerProcess } from '../../server/test/helpers/server-process.js';
import {
  caughtUp,
  essence,
  followedState,
  fullHistory,
  persist,
} from '../../server/test/helpers/sync-tools.js';

/** A fault thrown at the system once `at` messages are acknowledged. */
export interface Fault {
  name: string;
  at: number;
  run(): Promise<void>;
}

/** What a chaos run found: the figures that must be exact, and how long it took. */
export interface ChaosFigures {
  label: string;
  faults: string[];
  sent: number;
  acked: number;
  stored: number;
  /** Acknowledged messages missing from the chat's history. */
  lost: number;
  /** Texts stored more than once. */
  duplicated: number;
  /** Each sender's messages in the order sent, and message ids without a gap. */
  orderIntact: boolean;
  /** Each device's last 100 messages equal the server's. */
  viewsEqual: boolean;
  seconds: number;
}

/**
 * Two people in a group, one on the first node and one on the last, each sending `perSender`
 * messages through `PeykClient` (which retries through disconnects) while `faults` strike at
 * their points; then the history, the order and each device's view are checked against the
 * server's.
 */
export async function runChaos(
  label: string,
  nodes: readonly ServerProcess[],
  perSender: number,
  faults: readonly Fault[],
): Promise<ChaosFigures> {
  const started = performance.now();
  const clients: PeykClient[] = [];
  const user = async (username: string, node: ServerProcess) => {
    const client = await retryingUser(node.wsUrl, username);
    clients.push(client);
    return client;
  };
  try {
    const suffix = Date.now().toString(36);
    const writer = await user(`chaos_w_${suffix}`, nodes[0] as ServerProcess);
    const reader = await user(`chaos_r_${suffix}`, nodes.at(-1) as ServerProcess);
    const group = await writer.request('createGroup', { title: 'Chaos', memberIds: [reader.user?.id ?? ''] });
    const states = [await followedState(writer), await followedState(reader)];
    let acked = 0;
    const sends: Promise<Message>[] = [];
    for (const [from, prefix] of [
      [writer, 'w'],
      [reader, 'r'],
    ] as const) {
      for (let i = 0; i < perSender; i++) {
        const send = from.sendMessage(group.id, `${prefix} ${i}`);
        void send.then(() => acked++);
        sends.push(send);
      }
    }
    for (const fault of [...faults].sort((a, b) => a.at - b.at)) {
      await eventually(() => acked >= fault.at, `${fault.at} acknowledged before ${fault.name}`, 180_000);
      await fault.run();
    }
    const sent = await Promise.all(sends);
    const history = await persist(() => fullHistory(writer, group.id));
    const texts = history.filter((m) => /^[wr] \d+$/.test(m.text)).map((m) => m.text);
    const stored = new Set(texts);
    const expected = ['w', 'r'].flatMap((p) => Array.from({ length: perSender }, (_, i) => `${p} ${i}`));
    const orderIntact =
      ['w', 'r'].every((p) => {
        const own = texts.filter((text) => text.startsWith(p));
        return own.every((text, i) => text === `${p} ${i}`);
      }) && history.every((m, i) => m.id === (history[0]?.id ?? 0) + i);
    let viewsEqual = true;
    for (const [i, device] of [writer, reader].entries()) {
      await eventually(() => device.status === 'ready', 'the device to be connected', 60_000);
      await caughtUp(device);
      const seen = states[i]?.messages(group.id).map(essence);
      viewsEqual &&= JSON.stringify(seen?.slice(-100)) === JSON.stringify(history.slice(-100).map(essence));
    }
    return {
      label,
      faults: [...faults].sort((a, b) => a.at - b.at).map((f) => f.name),
      sent: expected.length,
      acked: new Set(sent.map((m) => m.id)).size,
      stored: texts.length,
      lost: expected.filter((text) => !stored.has(text)).length,
      duplicated: texts.length - stored.size,
      orderIntact,
      viewsEqual,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const client of clients) client.close();
  }
}
