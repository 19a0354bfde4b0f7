import type { Agent as HttpsAgent } from 'node:https';
import { hostname } from 'node:os';
import Fastify from 'fastify';
import pino, { type Logger } from 'pino';
import type { Bus } from './bus/bus.js';
import { LocalBus } from './bus/local-bus.js';
import { NatsBus } from './bus/nats-bus.js';
import { type Config, sqlitePath } from './config.js';
import {
  type AccountLimits,
  type Clock,
  createDomain,
  type Domain,
  LogSmsProvider,
  type SmsProvider,
  systemClock,
} from './domain/index.js';
import { vapidKeys, WebPushSender } from './push/web-push-sender.js';
import { openPostgresStore } from './store/postgres-store.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';
import { registerBotApi } from './transport/botapi/bot-api.js';
import { type BotFloodLimits, defaultBotFloodLimits } from './transport/botapi/flood-control.js';
import { registerHealth } from './transport/http/health.js';
import { trackUnusedSockets } from './transport/http/unused-sockets.js';
import { registerWebApp } from './transport/http/web-app.js';
import { type ConnectionLimits, defaultConnectionLimits } from './transport/ws/connection.js';
import { Gateway } from './transport/ws/gateway.js';

export interface AppOptions {
  config: Config;
  /** Replaces the store the config names (tests pass one per test). */
  store?: Store;
  sms?: SmsProvider;
  clock?: Clock;
  logger?: Logger;
  accountLimits?: Partial<AccountLimits>;
  connectionLimits?: Partial<ConnectionLimits>;
  /** Tests: an HTTPS agent that trusts their local push service. */
  pushAgent?: HttpsAgent;
  botFloodLimits?: Partial<BotFloodLimits>;
}

export interface App {
  /** ws://host:port/ws */
  wsUrl: string;
  httpUrl: string;
  domain: Domain;
  store: Store;
  /** Stops accepting, says goodbye to every client, finishes writes, closes the store. */
  close(): Promise<void>;
}

/** The one place where concrete implementations are wired together. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const log = options.logger ?? pino({ level: config.logLevel });
  const store = options.store ?? (await openStore(config));
  let bus: Bus;
  try {
    bus = await openBus(config, log);
  } catch (error) {
    if (!options.store) await store.close();
    throw error;
  }
  const domain = createDomain({
    store,
    bus,
    clock: options.clock ?? systemClock,
    sms: options.sms ?? new LogSmsProvider((line) => log.info(line)),
    push: new WebPushSender(await vapidKeys(store, config.vapid), options.pushAgent),
    logError: (error, message) => log.error({ err: error }, message),
    accountLimits: options.accountLimits,
    webhookAllowPrivate: config.botWebhookAllowPrivate,
  });
  // In a cluster the nodes share who is online; alone, presence is this process's connections.
  const cluster =
    config.bus === 'local'
      ? undefined
      : domain.presence.joinCluster(bus, {
          heartbeatMs: config.presenceHeartbeatMs,
          onError: (error) => log.warn({ err: error }, 'cluster presence'),
        });
  const http = Fastify({ logger: false });
  registerHealth(http, store);
  const botApi = await registerBotApi(http, domain, bus, {
    floodLimits: { ...defaultBotFloodLimits, ...options.botFloodLimits },
    log: log.child({ part: 'botapi' }),
    webhookAllowPrivate: config.botWebhookAllowPrivate,
  });
  await registerWebApp(http, config.webDir, (line) => log.warn(line));
  const gateway = new Gateway(
    domain,
    bus,
    log.child({ part: 'ws' }),
    {
      ...defaultConnectionLimits,
      ...options.connectionLimits,
    },
    config.trustProxy,
  );
  gateway.attach(http.server);
  const unusedSockets = trackUnusedSockets(http.server);
  try {
    await http.listen({ host: config.host, port: config.port });
  } catch (error) {
    cluster?.stop();
    await bus.close();
    if (!options.store) await store.close();
    throw error;
  }
  await domain.botFather.start();
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  log.info(
    { port, store: store.dialect, bus: config.bus === 'local' ? 'local' : 'nats', node: cluster?.nodeId },
    'Peyk is listening',
  );

  let closing: Promise<void> | undefined;
  return {
    wsUrl: `ws://${host}:${port}/ws`,
    httpUrl: `http://${host}:${port}`,
    domain,
    store,
    close() {
      closing ??= (async () => {
        await gateway.close();
        await domain.botFather.stop();
        await botApi.close();
        const httpClosed = http.close();
        unusedSockets.destroy();
        await httpClosed;
        await store.close();
        cluster?.stop();
        await bus.close();
      })();
      return closing;
    },
  };
}

/** The in-process bus, or NATS for a cluster (a node does not start without reaching NATS). */
export async function openBus(config: Config, log: Logger): Promise<Bus> {
  const onHandlerError = (error: unknown) => log.error({ err: error }, 'bus handler failed');
  if (config.bus === 'local') return new LocalBus(onHandlerError);
  return NatsBus.connect({
    servers: config.bus,
    prefix: config.busPrefix,
    name: `peyk ${hostname()}:${config.port} pid ${process.pid}`,
    log: log.child({ part: 'bus' }),
  });
}

export function openStore(config: Config): Promise<Store> {
  return config.store === 'sqlite'
    ? openSqliteStore(sqlitePath(config))
    : openPostgresStore({ url: config.store, poolSize: config.postgresPool });
}
