import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Limits } from '@peyk/protocol';
import { checkSubjectPrefix } from './bus/subjects.js';
import { DEFAULT_LARGE_CHAT_THRESHOLD } from './domain/index.js';

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
  /**
   * Pages on other origins whose WebSocket upgrades are accepted (the server's own origin
   * always is): a web app served elsewhere, such as the development server. `*` allows any.
   */
  allowedOrigins: string[];
  /** Sign-ups (and code requests) per network and hour before each needs a proof of work. */
  signUpChallengeAfter: number;
  /** Requests running at once on this node before it answers more with FLOOD_WAIT. */
  requestsInFlight: number;
  /** Requests one connection may make per second, and in a burst, before FLOOD_WAIT. */
  connectionRequestsPerSecond: number;
  connectionRequestBurst: number;
  /** Requests per account over all its connections on every node, per 10 s. */
  userRequestsPer10s: number;
  /** Messages per group, supergroup or channel on every node, per 10 s. */
  chatMessagesPer10s: number;
  /** Web Push: VAPID keys (made once and kept in the store when not set) and contact. */
  vapid: { publicKey?: string; privateKey?: string; subject: string };
  logLevel: string;
  /** A group with more members than this becomes a supergroup (synced per chat). */
  largeChatThreshold: number;
  /**
   * Bot webhooks may go to plain HTTP and to private, loopback and link-local addresses. Off by
   * default: a bot owner could otherwise make the server call into its own network (SSRF).
   */
  botWebhookAllowPrivate: boolean;
  /** Media and files. */
  media: MediaConfig;
}

export interface MediaConfig {
  /** Largest upload in bytes (default 2 GiB). */
  uploadMaxBytes: number;
  /** Seconds an unfinished upload is kept before it expires. */
  uploadExpireSeconds: number;
  /** Largest image in decoded pixels: larger ones (pixel bombs) are refused before decoding. */
  maxPixels: number;
  /** Seconds a file no message carries is kept before garbage collection. */
  orphanGraceSeconds: number;
  /** http(s)://KEY:SECRET@host:port/bucket of an S3-compatible store; files go under dataDir when unset. */
  s3Url?: string;
  s3Region: string;
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
  const largeChatThreshold = Number(env.PEYK_LARGE_CHAT_THRESHOLD ?? DEFAULT_LARGE_CHAT_THRESHOLD);
  if (
    !Number.isInteger(largeChatThreshold) ||
    largeChatThreshold < 1 ||
    largeChatThreshold >= Limits.groupMembers
  ) {
    throw new Error(
      `PEYK_LARGE_CHAT_THRESHOLD must be an integer from 1 to ${Limits.groupMembers - 1}, not ${env.PEYK_LARGE_CHAT_THRESHOLD}`,
    );
  }
  const trustProxy =
    (flags['trust-proxy'] ?? env.PEYK_TRUST_PROXY ?? '') === '1' || flags['trust-proxy'] === 'true';
  const allowedOrigins = (flags['allowed-origins'] ?? env.PEYK_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of allowedOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`PEYK_ALLOWED_ORIGINS: ${origin} is not an origin like https://chat.example.org`);
    }
  }
  const signUpChallengeAfter = Number(
    flags['sign-up-challenge-after'] ?? env.PEYK_SIGNUP_CHALLENGE_AFTER ?? 20,
  );
  if (!Number.isInteger(signUpChallengeAfter) || signUpChallengeAfter < 0) {
    throw new Error(
      `PEYK_SIGNUP_CHALLENGE_AFTER must be an integer of 0 or more, not ${signUpChallengeAfter}`,
    );
  }
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
    allowedOrigins,
    signUpChallengeAfter,
    requestsInFlight: positiveInteger(env, 'PEYK_REQUESTS_IN_FLIGHT', 128),
    connectionRequestsPerSecond: positiveInteger(env, 'PEYK_CONNECTION_REQUESTS_PER_SECOND', 100),
    connectionRequestBurst: positiveInteger(env, 'PEYK_CONNECTION_REQUEST_BURST', 200),
    userRequestsPer10s: positiveInteger(env, 'PEYK_USER_REQUESTS_PER_10S', 3000),
    chatMessagesPer10s: positiveInteger(env, 'PEYK_CHAT_MESSAGES_PER_10S', 1000),
    vapid: {
      publicKey: env.PEYK_VAPID_PUBLIC_KEY || undefined,
      privateKey: env.PEYK_VAPID_PRIVATE_KEY || undefined,
      subject: env.PEYK_VAPID_SUBJECT ?? 'mailto:push@localhost',
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    largeChatThreshold,
    botWebhookAllowPrivate: env.PEYK_BOT_WEBHOOK_ALLOW_PRIVATE === '1',
    media: loadMediaConfig(env),
  };
}

/** The integer of at least 1 in `env[name]`, or `fallback` when unset; anything else is refused. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, not ${env[name]}`);
  return value;
}

function loadMediaConfig(env: NodeJS.ProcessEnv): MediaConfig {
  const positive = (name: string, fallback: number) => positiveInteger(env, name, fallback);
  const s3Url = env.PEYK_S3_URL || undefined;
  if (s3Url && !/^https?:\/\/[^/]+\/[^/]+\/?$/.test(s3Url)) {
    throw new Error('PEYK_S3_URL must look like http(s)://KEY:SECRET@host:port/bucket');
  }
  return {
    uploadMaxBytes: positive('PEYK_UPLOAD_MAX_BYTES', 2 * 1024 ** 3),
    uploadExpireSeconds: positive('PEYK_UPLOAD_EXPIRE_SECONDS', 24 * 60 * 60),
    maxPixels: positive('PEYK_MEDIA_MAX_PIXELS', 100_000_000),
    orphanGraceSeconds: positive('PEYK_MEDIA_GRACE_SECONDS', 24 * 60 * 60),
    s3Url,
    s3Region: env.PEYK_S3_REGION ?? 'us-east-1',
  };
}

export function sqlitePath(config: Config): string {
  return join(config.dataDir, 'peyk.db');
}
