import { openStore, startApp } from '../app.js';
import { LocalBus } from '../bus/local-bus.js';
import { loadConfig } from '../config.js';
import { createDomain, type Domain, LogSmsProvider, systemClock } from '../domain/index.js';
import { vapidKeys, WebPushSender } from '../push/web-push-sender.js';
import type { Store } from '../store/store.js';
import { parseArgs } from './args.js';

const USAGE = `Usage:
  peyk start [--port 8080] [--host 0.0.0.0] [--data-dir ./data] [--store sqlite|postgres://...]
             [--bus local|nats://host:4222[,nats://...]] [--bus-prefix PREFIX]
  peyk user create --username NAME --password PASSWORD [--name "Display name"]
  peyk bot create --owner USERNAME --username NAME_bot [--name "Display name"]   (prints the token last)`;

/** The peyk command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { words, flags } = parseArgs(argv);
  try {
    if (words[0] === 'start') return await start(flags);
    if (words[0] === 'user' && words[1] === 'create') return await createUser(flags);
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
    });
    return await work(domain, store);
  } finally {
    await store.close();
  }
}
