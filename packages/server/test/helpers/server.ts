import { mkdtempSync, rmSync } from 'node:fs';
import type { Agent as HttpsAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PeykClient, type PeykClientOptions } from '@peyk/client';
import pino from 'pino';
import { WebSocket } from 'ws';
import { type App, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import {
  type AccountLimits,
  type BlobStorage,
  type Clock,
  MemorySmsProvider,
} from '../../src/domain/index.js';
import type { BotFloodLimits } from '../../src/transport/botapi/flood-control.js';
import type { ConnectionLimits } from '../../src/transport/ws/connection.js';
import type { StoreKind, TestStore } from './stores.js';

/** A server on a free port with a fresh store, and clients that talk to it over real sockets. */
export interface TestServer {
  app: App;
  /** Files, uploads and scratch space of this server; removed by stop(). */
  dataDir: string;
  sms: MemorySmsProvider;
  storeHandle: TestStore;
  /** A connected, not yet signed-in client. */
  client(options?: Partial<PeykClientOptions>): Promise<PeykClient>;
  /** A new user signed in on a new client. */
  user(name: string, options?: Partial<PeykClientOptions>): Promise<PeykClient>;
  /** Another device of an existing user (same username and password). */
  device(of: PeykClient, options?: Partial<PeykClientOptions>): Promise<PeykClient>;
  stop(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

export interface TestServerOptions {
  connectionLimits?: Partial<ConnectionLimits>;
  pushAgent?: HttpsAgent;
  allowedOrigins?: string[];
  accountLimits?: Partial<AccountLimits>;
  /** Environment the config is loaded from, beside the test defaults. */
  env?: Record<string, string>;
  clock?: Clock;
  blobStorage?: BlobStorage;
  /** A group with more members than this becomes a supergroup. */
  largeChatThreshold?: number;
  botFloodLimits?: Partial<BotFloodLimits>;
  /** How often polls past their close date are looked for (a moved clock is seen then). */
  pollCloseCheckMs?: number;
}

export async function startTestServer(kind: StoreKind, options: TestServerOptions = {}): Promise<TestServer> {
  const storeHandle = await kind.open();
  const sms = new MemorySmsProvider();
  const dataDir = mkdtempSync(join(tmpdir(), 'peyk-data-'));
  const app = await startApp({
    // Bot webhooks in tests go to servers on loopback.
    config: loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      PEYK_ALLOWED_ORIGINS: options.allowedOrigins?.join(',') ?? '',
      PEYK_DATA_DIR: dataDir,
      ...(options.largeChatThreshold
        ? { PEYK_LARGE_CHAT_THRESHOLD: String(options.largeChatThreshold) }
        : {}),
      PEYK_BOT_WEBHOOK_ALLOW_PRIVATE: '1',
      ...options.env,
    }),
    blobStorage: options.blobStorage,
    store: storeHandle.store,
    sms,
    logger: pino({ level: process.env.PEYK_TEST_LOG ?? 'silent' }),
    clock: options.clock,
    // Every test client signs up from 127.0.0.1.
    accountLimits: {
      signUpsPerOriginHour: 100_000,
      signUpsPerNetworkBeforeChallenge: 100_000,
      ...options.accountLimits,
    },
    connectionLimits: { pingIntervalMs: 1000, ...options.connectionLimits },
    pushAgent: options.pushAgent,
    botFloodLimits: options.botFloodLimits,
    pollCloseCheckMs: options.pollCloseCheckMs,
  });
  const clients: PeykClient[] = [];
  const server: TestServer = {
    app,
    dataDir,
    sms,
    storeHandle,
    async client(options = {}) {
      const client = new PeykClient({
        url: app.wsUrl,
        WebSocket: WebSocket as never,
        requestTimeoutMs: 10_000,
        reconnect: { minMs: 20, maxMs: 200 },
        ...options,
      } as PeykClientOptions);
      clients.push(client);
      await client.connect();
      return client;
    },
    async user(name, options) {
      const client = await server.client(options);
      await client.signUp({ username: name, password: PASSWORD, displayName: name });
      return client;
    },
    async device(of, options) {
      const client = await server.client(options);
      await client.signIn({ username: of.user?.username ?? '', password: PASSWORD });
      return client;
    },
    async stop() {
      for (const client of clients) client.close();
      await app.close();
      await storeHandle.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Collects a client's updates for assertions. */
export function recordUpdates(client: PeykClient) {
  const updates: import('@peyk/protocol').Update[] = [];
  client.on('update', (update) => updates.push(update));
  return updates;
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
