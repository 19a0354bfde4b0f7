import type { Agent as HttpsAgent } from 'node:https';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino, { type Logger } from 'pino';
import type { Bus } from './bus/bus.js';
import { LocalBus } from './bus/local-bus.js';
import { NatsBus } from './bus/nats-bus.js';
import { type Config, sqlitePath } from './config.js';
import {
  type AccountLimits,
  type BlobStorage,
  type Clock,
  createDomain,
  type Domain,
  type DomainDeps,
  ffmpegAvailable,
  LogSmsProvider,
  type SmsProvider,
  systemClock,
} from './domain/index.js';
import { vapidKeys, WebPushSender } from './push/web-push-sender.js';
import { openBlobStorage } from './storage/open-blob-storage.js';
import { openPostgresStore } from './store/postgres-store.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';
import { registerBotApi } from './transport/botapi/bot-api.js';
import { type BotFloodLimits, defaultBotFloodLimits } from './transport/botapi/flood-control.js';
import { registerHealth } from './transport/http/health.js';
import { registerMediaFiles } from './transport/http/media-files.js';
import { registerSecurityHeaders } from './transport/http/security-headers.js';
import { trackUnusedSockets } from './transport/http/unused-sockets.js';
import { registerUploads } from './transport/http/uploads.js';
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
  /** Tests: replaces the file storage the config names. */
  blobStorage?: BlobStorage;
  botFloodLimits?: Partial<BotFloodLimits>;
  /** Tests: how often to look for polls whose close date has come (a moved clock is seen then). */
  pollCloseCheckMs?: number;
}

export interface App {
  /** ws://host:port/ws */
  wsUrl: string;
  httpUrl: string;
  domain: Domain;
  store: Store;
  /** Removes expired uploads and files past their grace period (also done every hour). */
  cleanUpMedia(): Promise<{ expiredUploads: number; collectedFiles: number }>;
  /** Stops accepting, says goodbye to every client, finishes writes, closes the store. */
  close(): Promise<void>;
}

/** The one place where concrete implementations are wired together. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const log = options.logger ?? pino({ level: config.logLevel });
  const store = options.store ?? (await openStore(config, log));
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
    accountLimits: {
      signUpsPerNetworkBeforeChallenge: config.signUpChallengeAfter,
      ...options.accountLimits,
    },
    media: await mediaDeps(config, log, options.blobStorage),
    largeChatThreshold: config.largeChatThreshold,
    webhookAllowPrivate: config.botWebhookAllowPrivate,
    chatMessagesPer10s: config.chatMessagesPer10s,
    pollCloseCheckMs: options.pollCloseCheckMs,
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
  registerSecurityHeaders(http);
  registerHealth(http, store);
  const botApi = await registerBotApi(http, domain, bus, {
    floodLimits: { ...defaultBotFloodLimits, ...options.botFloodLimits },
    counters: store.counters,
    log: log.child({ part: 'botapi' }),
    webhookAllowPrivate: config.botWebhookAllowPrivate,
    scratchDir: join(config.dataDir, 'bot-uploads'),
  });
  await registerWebApp(http, config.webDir, (line) => log.warn(line));
  const gateway = new Gateway(
    domain,
    bus,
    log.child({ part: 'ws' }),
    {
      ...defaultConnectionLimits,
      requestsInFlightPerNode: config.requestsInFlight,
      requestsPerSecond: config.connectionRequestsPerSecond,
      requestBurst: config.connectionRequestBurst,
      requestsPerUser: config.userRequestsPer10s,
      ...options.connectionLimits,
    },
    config.trustProxy,
    config.allowedOrigins,
    store.counters,
  );
  const uploads = registerUploads(http, domain, {
    directory: join(config.dataDir, 'uploads'),
    maxBytes: config.media.uploadMaxBytes,
    expireSeconds: config.media.uploadExpireSeconds,
  });
  registerMediaFiles(http, domain);
  const cleanUpMedia = async () => ({
    expiredUploads: await uploads.removeExpired(),
    collectedFiles: await domain.media.collectGarbage(),
  });
  const janitor = setInterval(() => {
    cleanUpMedia().catch((error) => log.warn({ err: error }, 'cleaning up media'));
  }, JANITOR_INTERVAL_MS);
  janitor.unref();
  gateway.attach(http.server);
  const unusedSockets = trackUnusedSockets(http.server);
  try {
    await http.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG });
  } catch (error) {
    clearInterval(janitor);
    cluster?.stop();
    await bus.close();
    if (!options.store) await store.close();
    throw error;
  }
  await domain.botFather.start();
  domain.pollCloser.start();
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
    cleanUpMedia,
    close() {
      closing ??= (async () => {
        clearInterval(janitor);
        await gateway.close();
        await domain.sessionTouches.flush();
        await domain.botFather.stop();
        await domain.pollCloser.stop();
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

/** Expired uploads and unreferenced files are removed this often. */
const JANITOR_INTERVAL_MS = 60 * 60 * 1000;
/**
 * Connections the kernel may hold before the server accepts them (capped by `somaxconn`). Node's
 * 511 overflowed when 10,000 clients reconnected at once: the dropped handshakes were retried by
 * the clients' kernels after 1, 3, 7... seconds, while the server sat idle.
 */
const LISTEN_BACKLOG = 8192;

/** File storage, limits and tools for the media feature. */
export async function mediaDeps(
  config: Config,
  log: Logger,
  storage?: BlobStorage,
): Promise<DomainDeps['media']> {
  const ffmpeg = await ffmpegAvailable();
  if (!ffmpeg) log.warn('ffmpeg/ffprobe not found: videos get no poster, recordings no duration or waveform');
  return {
    storage: storage ?? openBlobStorage(config.media, config.dataDir),
    scratchDir: join(config.dataDir, 'scratch'),
    limits: {
      uploadMaxBytes: config.media.uploadMaxBytes,
      maxPixels: config.media.maxPixels,
      orphanGraceSeconds: config.media.orphanGraceSeconds,
    },
    ffmpeg,
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

export function openStore(config: Config, log?: Logger): Promise<Store> {
  return config.store === 'sqlite'
    ? openSqliteStore(sqlitePath(config))
    : openPostgresStore({
        url: config.store,
        poolSize: config.postgresPool,
        onConnectionError: (error) =>
          log?.warn({ err: error }, 'a PostgreSQL connection failed: reconnecting'),
      });
}
