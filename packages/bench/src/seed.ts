import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBus } from '../../server/src/bus/local-bus.js';
import { hashPassword } from '../../server/src/domain/accounts/passwords.js';
import { hashToken, newSessionToken } from '../../server/src/domain/accounts/tokens.js';
import { createDomain, type Domain, LogSmsProvider, systemClock } from '../../server/src/domain/index.js';
import { vapidKeys, WebPushSender } from '../../server/src/push/web-push-sender.js';
import { LocalBlobStorage } from '../../server/src/storage/local-blob-storage.js';
import type { Store } from '../../server/src/store/store.js';

/** A user made for a benchmark, with a signed-in session the load generator authenticates with. */
export interface SeededUser {
  userId: number;
  sessionId: number;
  token: string;
}

const USERS_PER_TRANSACTION = 500;

/**
 * Creates `count` users, each with one session, straight through the store's repositories in
 * large transactions. Argon2 makes a sign-up cost tens of milliseconds by design; the benchmarks
 * measure connections and messages, not password hashing, so the password is hashed once and
 * the hash shared. The rows are those sign-up writes (a user, a session holding the SHA-256 of
 * a random token, last used a day ago); the server then authenticates the tokens as it would
 * any client's.
 */
export async function seedUsers(store: Store, count: number): Promise<SeededUser[]> {
  const passwordHash = await hashPassword('bench password');
  const users: SeededUser[] = [];
  const now = systemClock.now();
  // Last used a day ago, so each first connect pays for the session's durable touch, as a
  // client that comes back after a while does.
  const lastSignIn = now - 86_400;
  for (let start = 0; start < count; start += USERS_PER_TRANSACTION) {
    const batch = await store.write(async (tx) => {
      const made: SeededUser[] = [];
      for (let i = start; i < Math.min(count, start + USERS_PER_TRANSACTION); i++) {
        const user = await tx.accounts.createUser({
          username: `bench_${i}`,
          phone: null,
          displayName: `Bench ${i}`,
          passwordHash,
          now,
        });
        const token = newSessionToken();
        const session = await tx.accounts.createSession(user.id, hashToken(token), 'bench', lastSignIn);
        made.push({ userId: user.id, sessionId: session.id, token });
      }
      return made;
    });
    users.push(...batch);
  }
  return users;
}

/** A domain on `store` with an in-process bus, to open chats and groups before the server starts. */
export async function seedingDomain(store: Store): Promise<Domain> {
  return createDomain({
    store,
    bus: new LocalBus((error) => console.error('bus handler failed', error)),
    clock: systemClock,
    sms: new LogSmsProvider(() => {}),
    push: new WebPushSender(await vapidKeys(store, { subject: 'mailto:bench@localhost' })),
    logError: (error, message) => console.error(message, error),
    // Every benchmark user signs up from the same address.
    accountLimits: { signUpsPerOriginHour: 1_000_000, signUpsPerNetworkBeforeChallenge: 1_000_000 },
    // Benchmarks send text only: no file is ever stored.
    media: {
      storage: new LocalBlobStorage(join(tmpdir(), 'peyk-bench-files')),
      scratchDir: tmpdir(),
      ffmpeg: false,
    },
  });
}

export const callerOf = (user: SeededUser) => ({ userId: user.userId, sessionId: user.sessionId });

/** Opens a private chat for each pair of users 2i and 2i+1 (the first `pairs` pairs): their ids. */
export async function openPairChats(
  domain: Domain,
  users: readonly SeededUser[],
  pairs: number,
): Promise<string[]> {
  const chats: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const chat = await domain.chats.openPrivateChat(
      callerOf(users[2 * i] as SeededUser),
      (users[2 * i + 1] as SeededUser).userId,
    );
    chats.push(chat.id);
  }
  return chats;
}
