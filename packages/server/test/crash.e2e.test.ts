import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PeykClient } from '@peyk/client';
import type { Message } from '@peyk/protocol';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort, ServerProcess } from './helpers/server-process.js';
import { DATABASE_URL, storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

interface Target {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function target(kind: string): Promise<Target> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'peyk-crash-'));
    return {
      env: { PEYK_DATA_DIR: dir },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = `peyk_crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  return {
    env: { PEYK_STORE: url.toString() },
    async cleanup() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
    },
  };
}

async function fullHistory(client: PeykClient, chatId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let anchorId = 0;
  for (;;) {
    const page = await client.request('getHistory', { chatId, anchorId, before: 100 });
    messages.unshift(...page.messages);
    if (page.messages.length < 100) return messages;
    anchorId = page.messages[0]?.id ?? 0;
  }
}

describe.each(kinds)('kill -9 on $name', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('keeps every acknowledged message exactly once, with no gaps, and finishes the rest after restart', async () => {
    const { env, cleanup } = await target(kind.name);
    cleanups.push(cleanup);
    const server = new ServerProcess(await freePort(), env);
    cleanups.push(async () => void (await server.kill()));
    await server.start();

    const clients: PeykClient[] = [];
    const connect = async (name: string) => {
      const client = new PeykClient({
        url: server.wsUrl,
        WebSocket: WebSocket as never,
        reconnect: { minMs: 50, maxMs: 300 },
        requestTimeoutMs: 20_000,
      });
      clients.push(client);
      await client.connect();
      await client.signUp({ username: name, password: 'crash test password', displayName: name });
      return client;
    };
    cleanups.push(async () => {
      for (const client of clients) client.close();
    });
    const hub = await connect(`hub_${kind.name}`);
    const senders = await Promise.all([1, 2, 3, 4].map((i) => connect(`sender${i}_${kind.name}`)));
    const group = await hub.request('createGroup', {
      title: 'crash',
      memberIds: senders.map((s) => s.user?.id ?? ''),
    });
    const privateChats = await Promise.all(
      senders.map(async (s) => (await s.request('openPrivateChat', { userId: hub.user?.id })).id),
    );

    const acked: Message[] = [];
    const sends: Promise<Message>[] = [];
    let killed = false;
    for (let round = 0; round < 60; round++) {
      senders.forEach((sender, i) => {
        for (const chatId of [group.id, privateChats[i] as string]) {
          const text = `${sender.user?.username} ${chatId} #${round}`;
          const send = sender.sendMessage(chatId, text);
          send.then((m) => {
            if (!killed) acked.push(m);
          });
          sends.push(send);
        }
      });
    }
    while (acked.length < 100) await new Promise((r) => setTimeout(r, 2));
    killed = true;
    const ackedBeforeKill = [...acked];
    await server.kill();
    await server.start();

    const all = await Promise.all(sends);
    expect(all).toHaveLength(480);
    for (const chatId of [group.id, ...privateChats]) {
      const messages = await fullHistory(hub, chatId);
      const texts = messages.filter((m) => !m.service).map((m) => m.text);
      const ids = messages.map((m) => m.id);
      expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => (ids[0] ?? 1) + i));
      expect(new Set(texts).size).toBe(texts.length);
      const expected = chatId === group.id ? 240 : 60;
      expect(texts).toHaveLength(expected);
    }
    for (const message of ackedBeforeKill) {
      const found = await hub.request('getMessages', { chatId: message.chatId, messageIds: [message.id] });
      expect(found.messages[0]?.text).toBe(message.text);
    }
    expect(ackedBeforeKill.length).toBeGreaterThanOrEqual(100);
  }, 120_000);
});
