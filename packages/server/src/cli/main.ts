import pino from 'pino';
import { mediaDeps, openStore, startApp } from '../app.js';
import { LocalBus } from '../bus/local-bus.js';
import { resolve } from 'node:path';
import { loadConfig, sqlitePath } from '../config.js';
import { createDomain, type Domain, LogSmsProvider, systemClock } from '../domain/index.js';
import { vapidKeys, WebPushSender } from '../push/web-push-sender.js';
import { backupSqlite, restoreSqlite } from '../store/sqlite-backup.js';
import type { Store } from '../store/store.js';
import { parseArgs } from './args.js';

const USAGE = `Usage:
  peyk start [--port 8080] [--host 0.0.0.0] [--data-dir ./data] [--store sqlite|postgres://...]
             [--bus local|nats://host:4222[,nats://...]] [--bus-prefix PREFIX]
  peyk user create --username NAME --password PASSWORD [--name "Display name"]
  peyk backup --to FILE [--data-dir ./data]      (embedded store; the server may keep running)
  peyk restore --from FILE [--data-dir ./data]   (embedded store; stop the server first)
  peyk bot create --owner USERNAME --username NAME_bot [--name "Display name"]   (prints the token last)`;

/** The peyk command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { words, flags } = parseArgs(argv);
  try {
    if (words[0] === 'start') return await start(flags);
    if (words[0] === 'user' && words[1] === 'create') return await createUser(flags);
    if (words[0] === 'backup' && flags.to) return await backup(flags.to, flags);
    if (words[0] === 'restore' && flags.from) return await restore(flags.from, flags);
    if (words[0] === 'bot' && words[1] === 'create') return await createBot(flags);
  } catch (error) {
    console.error(`peyk: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.error(USAGE);
  return 2;
}

async function start(flags: Record<string, string>): Promise<number> {
  const app = await startApp({ config: loadConfig(process.env, flags) });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await app.close();
  return 0;
}

async function createUser(flags: Record<string, string>): Promise<number> {
  if (!flags.username || !flags.password) {
    console.error(USAGE);
    return 2;
  }
  return withDomain(flags, async (domain) => {
    const user = await domain.accounts.register({
      username: flags.username as string,
      password: flags.password as string,
      displayName: flags.name ?? (flags.username as string),
    });
    console.log(`created user ${user.username} with id ${user.id}`);
    return 0;
  });
}

async function createBot(flags: Record<string, string>): Promise<number> {
  if (!flags.owner || !flags.username) {
    console.error(USAGE);
    return 2;
  }
  return withDomain(flags, async (domain, store) => {
    const owner = await store.read.accounts.userByUsername(
      flags.owner?.replace(/^@/, '').toLowerCase() ?? '',
    );
    if (!owner) throw new Error(`no user ${flags.owner}`);
    const { user, token } = await domain.bots.create(
      owner.id,
      flags.username as string,
      flags.name ?? (flags.username as string),
    );
    console.log(`created bot @${user.username} with id ${user.id}, owned by @${owner.username}`);
    console.log(token);
    return 0;
  });
}

/** Runs `work` against the configured store with the domain wired to an in-process bus. */
async function withDomain(
  flags: Record<string, string>,
  work: (domain: Domain, store: Store) => Promise<number>,
): Promise<number> {
  const config = loadConfig(process.env, flags);
  const store = await openStore(config);
  try {
    const domain = createDomain({
      store,
      bus: new LocalBus(),
      clock: systemClock,
      sms: new LogSmsProvider(() => {}),
      push: new WebPushSender(await vapidKeys(store, config.vapid)),
      logError: (error) => console.error(error),
      media: await mediaDeps(config, pino({ level: 'silent' })),
    });
    return await work(domain, store);
  } finally {
    await store.close();
  }
}

/** The embedded store's file; PostgreSQL has its own tools (docs/OPERATIONS.md). */
function embeddedStorePath(flags: Record<string, string>): string {
  const config = loadConfig(process.env, flags);
  if (config.store !== 'sqlite') {
    throw new Error(
      'backup and restore here are for the embedded store: use pg_dump and pg_restore (docs/OPERATIONS.md)',
    );
  }
  return sqlitePath(config);
}

async function backup(to: string, flags: Record<string, string>): Promise<number> {
  const { pages } = await backupSqlite(embeddedStorePath(flags), resolve(to));
  console.log(`backed up ${pages} pages to ${resolve(to)}`);
  return 0;
}

async function restore(from: string, flags: Record<string, string>): Promise<number> {
  const target = embeddedStorePath(flags);
  const { pages } = await restoreSqlite(resolve(from), target);
  console.log(`restored ${pages} pages into ${target}`);
  return 0;
}
