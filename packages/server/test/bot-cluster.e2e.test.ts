import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramJson } from './helpers/bots.js';
import { type Cluster, startCluster } from './helpers/cluster.js';
import { requireNats } from './helpers/cluster-buses.js';
import { eventually, recordUpdates } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

// Two `peyk start` processes on PostgreSQL and NATS: a bot's long poll on one node wakes for a
// message sent on the other, a webhook gets each update once, in order, from either node, the
// flood limits hold for a bot that spreads its calls over both nodes, and an inline query asked
// on one node gets the answer the bot gave on the other.
const natsReady = await requireNats();
const postgresReady = (await storeKinds()).some((k) => k.name === 'postgres');
const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/peyk.mjs', import.meta.url));

async function call(port: number, token: string, method: string, params: Record<string, unknown> = {}) {
  const response = await fetch(`http://127.0.0.1:${port}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as TelegramJson;
}

describe.runIf(natsReady && postgresReady)('bots on a two-node cluster', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, env: { PEYK_BOT_WEBHOOK_ALLOW_PRIVATE: '1' } });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  async function botFor(owner: string, username: string): Promise<string> {
    const created = await run(
      process.execPath,
      [bin, 'bot', 'create', '--owner', owner, '--username', username],
      {
        env: { ...process.env, PEYK_STORE: cluster.storeUrl },
      },
    );
    return created.stdout.trim().split('\n').at(-1) as string;
  }

  const port = (node: number) => cluster.nodes[node]?.port as number;

  it('wakes a long poll on one node for a message sent through the other', async () => {
    const user = await cluster.user(`poller_fan_${Date.now().toString(36)}`, 0);
    const token = await botFor(user.user?.username ?? '', `poll_${Date.now().toString(36)}_bot`);
    const chat = await user.request('openPrivateChat', { userId: token.split(':')[0] });
    const started = Date.now();
    const polling = call(port(1), token, 'getUpdates', { timeout: 30 });
    await new Promise((r) => setTimeout(r, 300));
    await user.sendMessage(chat.id, 'across the cluster');
    const reply = await polling;
    expect(reply.result.map((u: TelegramJson) => u.message.text)).toEqual(['across the cluster']);
    // Woken by the bus, not by the poll's 30 s timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('delivers a webhook once per update, in order, with both nodes sending', async () => {
    const user = await cluster.user(`hook_fan_${Date.now().toString(36)}`, 0);
    const token = await botFor(user.user?.username ?? '', `hook_${Date.now().toString(36)}_bot`);
    const chat = await user.request('openPrivateChat', { userId: token.split(':')[0] });
    const received: TelegramJson[] = [];
    const hook: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`;
      expect((await call(port(1), token, 'setWebhook', { url })).ok).toBe(true);
      const other = await cluster.device(user, 1);
      for (let i = 0; i < 10; i++) await (i % 2 ? other : user).sendMessage(chat.id, `m${i}`);
      await eventually(() => received.length >= 10, 'ten deliveries', 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(received.map((u) => u.message.text)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
      const ids = received.map((u) => u.update_id as number);
      expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => (ids[0] as number) + i));
    } finally {
      hook.closeAllConnections();
      await new Promise((resolve) => hook.close(resolve));
    }
  });
  it('answers an inline query asked on one node with the bot answering on the other', async () => {
    const user = await cluster.user(`inline_fan_${Date.now().toString(36)}`, 0);
    const username = `inl_${Date.now().toString(36)}_bot`;
    const token = await botFor(user.user?.username ?? '', username);
    // The owner switches inline mode on with @botfather, as in any chat.
    const father = await user.request('resolveUsername', { username: 'botfather' });
    const fatherChat = await user.request('openPrivateChat', { userId: father.id });
    const seen = recordUpdates(user);
    const answers = () =>
      seen.filter((u) => u.kind.case === 'newMessage' && u.kind.value.senderId === father.id);
    for (const line of ['/setinline', `@${username}`, 'Search...']) {
      const before = answers().length;
      await user.sendMessage(fatherChat.id, line);
      await eventually(() => answers().length > before, `an answer to ${line}`, 20_000);
    }
    const asked = user.request('getInlineResults', { botUserId: token.split(':')[0], query: 'tea' });
    let queryId = '';
    await eventually(
      async () => {
        const updates = (await call(port(1), token, 'getUpdates', { timeout: 1 })).result as TelegramJson[];
        queryId = updates.find((u) => u.inline_query)?.inline_query.id ?? '';
        return queryId !== '';
      },
      'the inline query on the other node',
      20_000,
    );
    const answered = await call(port(1), token, 'answerInlineQuery', {
      inline_query_id: queryId,
      results: [
        { type: 'article', id: 'green', title: 'Green tea', input_message_content: { message_text: '🍵' } },
      ],
    });
    expect(answered).toEqual({ ok: true, result: true });
    expect((await asked).results.map((r) => r.title)).toEqual(['Green tea']);
  });

  it('holds a bot to its flood limit when it spreads its sends over both nodes', async () => {
    const user = await cluster.user(`flood_fan_${Date.now().toString(36)}`, 0);
    const token = await botFor(user.user?.username ?? '', `flood_${Date.now().toString(36)}_bot`);
    const chat = await user.request('openPrivateChat', { userId: token.split(':')[0] });
    await user.sendMessage(chat.id, '/start');
    // The default limit is 5 sends in a burst to one private chat. Counted per node, ten sends
    // alternating between two nodes would all pass; counted in the shared store, five do.
    const replies: TelegramJson[] = [];
    for (let i = 0; i < 10; i++) {
      replies.push(await call(port(i % 2), token, 'sendMessage', { chat_id: user.user?.id, text: `s${i}` }));
    }
    expect(replies.filter((r) => r.ok)).toHaveLength(5);
    const refused = replies.filter((r) => !r.ok);
    expect(refused).toHaveLength(5);
    for (const reply of refused) {
      expect(reply).toMatchObject({ error_code: 429, parameters: { retry_after: expect.any(Number) } });
    }
  });
});
