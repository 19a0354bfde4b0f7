import type { Kysely } from 'kysely';
import type { Dialect } from './migrations.js';
import type { RateCounters } from './rate-counters.js';
import type { Database } from './schema.js';
import { AccountsRepo } from './sql/accounts-repo.js';
import { BotsRepo } from './sql/bots-repo.js';
import { ChannelsRepo } from './sql/channels-repo.js';
import { ChatsRepo } from './sql/chats-repo.js';
import { DirectoryRepo } from './sql/directory-repo.js';
import { FilesRepo } from './sql/files-repo.js';
import { InlineQueriesRepo } from './sql/inline-queries-repo.js';
import { MessagesRepo } from './sql/messages-repo.js';
import { PeopleRepo } from './sql/people-repo.js';
import { PollsRepo } from './sql/polls-repo.js';
import { PostgresSearchIndex } from './sql/postgres-search-index.js';
import { PushRepo } from './sql/push-repo.js';
import type { SearchIndex } from './sql/search-index.js';
import { SettingsRepo } from './sql/settings-repo.js';
import { SqliteSearchIndex } from './sql/sqlite-search-index.js';
import { UpdatesRepo } from './sql/updates-repo.js';

/** Every repository, bound to one connection or transaction. */
export interface Repositories {
  accounts: AccountsRepo;
  people: PeopleRepo;
  chats: ChatsRepo;
  messages: MessagesRepo;
  updates: UpdatesRepo;
  search: SearchIndex;
  push: PushRepo;
  files: FilesRepo;
  channels: ChannelsRepo;
  bots: BotsRepo;
  directory: DirectoryRepo;
  settings: SettingsRepo;
  polls: PollsRepo;
  inline: InlineQueriesRepo;
}

export function repositoriesOn(db: Kysely<Database>, dialect: Dialect): Repositories {
  return {
    accounts: new AccountsRepo(db),
    people: new PeopleRepo(db),
    chats: new ChatsRepo(db),
    messages: new MessagesRepo(db),
    updates: new UpdatesRepo(db),
    search: dialect === 'sqlite' ? new SqliteSearchIndex(db) : new PostgresSearchIndex(db),
    push: new PushRepo(db),
    files: new FilesRepo(db),
    channels: new ChannelsRepo(db),
    bots: new BotsRepo(db),
    directory: new DirectoryRepo(db),
    settings: new SettingsRepo(db),
    polls: new PollsRepo(db),
    inline: new InlineQueriesRepo(db),
  };
}

/**
 * Peyk's storage. Implementations: SQLite (embedded) and PostgreSQL (cluster).
 *
 * Guarantees every implementation keeps:
 * - `write` runs its work in a transaction: all of it is stored or none of it. A work function
 *   that throws changes nothing, and does not disturb other work in the same batch.
 * - `write` resolves only after the transaction is durable (fsync'd): a crash after it resolves
 *   loses nothing. Concurrent writes are grouped into transactions (group commit), so the
 *   cost of a durable commit is shared. Sequence numbers (message ids, pts) are taken under the
 *   row's lock, so writes that touch the same chat or user are ordered and gapless; writes that
 *   touch different rows may commit in any order (in a cluster, every node has its own batches).
 * - A work function may run more than once (the batch is retried after a serialization failure
 *   or deadlock); it must not have effects outside the transaction.
 * - `read` sees only committed data.
 */
export interface Store {
  readonly dialect: Dialect;
  readonly read: Repositories;
  write<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Abuse-limit counters, shared by every node that uses this store. */
  readonly counters: RateCounters;
  /** Rows inserted, updated or deleted through `write` since the store opened (migrations included). */
  rowsWritten(): number;
  /**
   * Statements run since the store opened, reads and writes (a round trip each on PostgreSQL); a
   * subquery is part of its statement, and a statement that failed is not counted.
   */
  statementsRun(): number;
  close(): Promise<void>;
}
