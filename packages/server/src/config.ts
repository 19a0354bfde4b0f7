import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSubjectPrefix } from './bus/subjects.js';

/** The web package's build output, next to this package in the repository. */
const defaultWebDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/** Everything an operator can set, from the environment and `peyk start` flags. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** The built web app served at `/`. */
  webDir: string;
  /** "sqlite" (embedded, in dataDir) or a postgres:// URL. */
  store: string;
  /** "local" (in process) or a nats:// URL (several, comma-separated, for a NATS cluster). */
  bus: string;
  /** Prepended to every bus subject: deployments (or test runs) sharing one NATS stay apart. */
  busPrefix: string;
  /** How often a cluster node tells the others whom it holds online; dead after 3 of these. */
  presenceHeartbeatMs: number;
  /** PostgreSQL connections per node. */
  postgresPool: number;
  /**
   * Behind a load balancer: take the client's address from the last X-Forwarded-For entry the
   * balancer appended, for per-address limits. Off by default (a client could forge it).
   */
  trustProxy: boolean;
  /** Web Push: VAPID keys (made once and kept in the store when not set) and contact. */
  vapid: { publicKey?: string; privateKey?: string; subject: string };
  logLevel: string;
  /**
   * Bot webhooks may go to plain HTTP and to private, loopback and link-local addresses. Off by
   * default: a bot owner could otherwise make the server call into its own network (SSRF).
   */
  botWebhookAllowPrivate: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: Record<string, string> = {}): Config {
  const port = Number(flags.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0-65535, not ${env.PORT}`);
  const store = flags.store ?? env.PEYK_STORE ?? 'sqlite';
  if (store !== 'sqlite' && !/^postgres(ql)?:\/\//.test(store)) {
    throw new Error(`PEYK_STORE must be "sqlite" or a postgres:// URL, not ${store}`);
  }
  const bus = flags.bus ?? env.PEYK_BUS ?? 'local';
  if (bus !== 'local' && !bus.split(',').every((url) => /^(nats|tls):\/\/[^\s,]+$/.test(url.trim()))) {
    throw new Error(`PEYK_BUS must be "local" or nats:// URLs (comma-separated), not ${bus}`);
  }
  const busPrefix = flags['bus-prefix'] ?? env.PEYK_BUS_PREFIX ?? '';
  try {
    checkSubjectPrefix(busPrefix);
  } catch (error) {
    throw new Error(`PEYK_BUS_PREFIX: ${(error as Error).message}`);
  }
  const presenceHeartbeatMs = Number(env.PEYK_PRESENCE_HEARTBEAT_MS ?? 5000);
  if (!Number.isInteger(presenceHeartbeatMs) || presenceHeartbeatMs < 100) {
    throw new Error(
      `PEYK_PRESENCE_HEARTBEAT_MS must be an integer of at least 100, not ${presenceHeartbeatMs}`,
    );
  }
  const postgresPool = Number(env.PEYK_PG_POOL ?? 10);
  if (!Number.isInteger(postgresPool) || postgresPool < 2 || postgresPool > 1000) {
    throw new Error(`PEYK_PG_POOL must be an integer from 2 to 1000, not ${env.PEYK_PG_POOL}`);
  }
  const trustProxy =
    (flags['trust-proxy'] ?? env.PEYK_TRUST_PROXY ?? '') === '1' || flags['trust-proxy'] === 'true';
  return {
    host: flags.host ?? env.HOST ?? '0.0.0.0',
    port,
    dataDir: resolve(flags['data-dir'] ?? env.PEYK_DATA_DIR ?? './data'),
    webDir: resolve(flags['web-dir'] ?? env.PEYK_WEB_DIR ?? defaultWebDir),
    store,
    bus,
    busPrefix,
    presenceHeartbeatMs,
    postgresPool,
    trustProxy,
    vapid: {
      publicKey: env.PEYK_VAPID_PUBLIC_KEY || undefined,
      privateKey: env.PEYK_VAPID_PRIVATE_KEY || undefined,
      subject: env.PEYK_VAPID_SUBJECT ?? 'mailto:push@localhost',
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    botWebhookAllowPrivate: env.PEYK_BOT_WEBHOOK_ALLOW_PRIVATE === '1',
  };
}

export function sqlitePath(config: Config): string {
  return join(config.dataDir, 'peyk.db');
}
