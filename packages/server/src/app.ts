import Fastify from 'fastify';
import pino, { type Logger } from 'pino';
import type { Bus } from './bus/bus.js';
import { LocalBus } from './bus/local-bus.js';
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
import { openPostgresStore } from './store/postgres-store.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';
import { Gateway } from './transport/ws/gateway.js';
import { registerHealth } from './transport/http/health.js';

export interface AppOptions {
  config: Config;
  /** Replaces the store the config names (tests pass one per test). */
  store?: Store;
  sms?: SmsProvider;
  clock?: Clock;
  logger?: Logger;
  accountLimits?: Partial<AccountLimits>;
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
  const bus: Bus = new LocalBus((error) => log.error({ err: error }, 'bus handler failed'));
  const domain = createDomain({
    store,
    bus,
    clock: options.clock ?? systemClock,
    sms: options.sms ?? new LogSmsProvider((line) => log.info(line)),
    accountLimits: options.accountLimits,
  });
  const http = Fastify({ logger: false });
  registerHealth(http, store);
  const gateway = new Gateway(domain, bus, log.child({ part: 'ws' }));
  gateway.attach(http.server);
  await http.listen({ host: config.host, port: config.port });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  log.info({ port, store: store.dialect }, 'Peyk is listening');

  let closing: Promise<void> | undefined;
  return {
    wsUrl: `ws://${host}:${port}/ws`,
    httpUrl: `http://${host}:${port}`,
    domain,
    store,
    close() {
      closing ??= (async () => {
        await gateway.close();
        await http.close();
        await store.close();
        await bus.close();
      })();
      return closing;
    },
  };
}

export function openStore(config: Config): Promise<Store> {
  return config.store === 'sqlite'
    ? openSqliteStore(sqlitePath(config))
    : openPostgresStore({ url: config.store });
}
