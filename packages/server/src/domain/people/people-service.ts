import { ErrorCode, LastSeenPrivacy, Limits, type User } from '@peyk/protocol';
import type { UserRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import { requireDisplayName } from '../accounts/accounts-service.js';
import { normalizeUsername, requireUsernameFree } from '../accounts/usernames.js';
import type { Caller } from '../caller.js';
import { LARGE_CHAT_KINDS } from '../chats/large-chats.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput, notFound } from '../errors.js';
import type { Delivery, Fanout } from '../updates/fanout.js';
import { cleanText, isId } from '../validate.js';
import { type OnlineCheck, viewUser, viewUsers } from './user-view.js';

export interface PeopleDeps {
  store: Store;
  clock: Clock;
  fanout: Fanout;
  online: OnlineCheck;
}

/** Profiles, usernames, privacy, contacts and blocks. */
export class PeopleService {
  constructor(private readonly deps: PeopleDeps) {}

  async updateProfile(caller: Caller, displayNameInput: string, bioInput: string): Promise<User> {
    const displayName = requireDisplayName(displayNameInput);
    const bio = cleanText(bioInput);
    if (bio === undefined || bio.length > Limits.bioMax) {
      throw new DomainError(ErrorCode.BIO_TOO_LONG, `A bio has at most ${Limits.bioMax} characters`);
    }
    return this.changeProfile(caller, (tx, now) =>
      tx.accounts.updateUser(caller.userId, { display_name: displayName, bio, updated_at: now }),
    );
  }

  async setUsername(caller: Caller, input: string): Promise<User> {
    const username = input.trim() === '' ? null : normalizeUsername(input);
    return this.changeProfile(caller, async (tx, now) => {
      if (username) await requireUsernameFree(tx, username, { userId: caller.userId });
      return tx.accounts.setUsername(caller.userId, username, now);
    });
  }

  async setPrivacy(caller: Caller, lastSeen: LastSeenPrivacy): Promise<void> {
    if (![LastSeenPrivacy.EVERYBODY, LastSeenPrivacy.CONTACTS, LastSeenPrivacy.NOBODY].includes(lastSeen)) {
      throw invalidInput('last_seen must be EVERYBODY, CONTACTS or NOBODY');
    }
    await this.deps.store.write((tx) =>
      tx.accounts.updateUser(caller.userId, { last_seen_privacy: lastSeen }),
    );
  }

  async getUsers(caller: Caller, ids: readonly number[]): Promise<User[]> {
    if (ids.length > 200) throw invalidInput('at most 200 users at once');
    const repos = this.deps.store.read;
    const rows = await repos.accounts.usersByIds(ids.filter(isId));
    const visible: UserRow[] = [];
    for (const row of rows) if (await canSee(repos, caller.userId, row)) visible.push(row);
    return viewUsers(repos, this.deps.online, caller.userId, visible);
  }

  async resolveUsername(caller: Caller, input: string): Promise<User> {
    const username = input.trim().replace(/^@/, '').toLowerCase();
    const row = username ? await this.deps.store.read.accounts.userByUsername(username) : undefined;
    if (!row) throw notFound.user();
    return viewUser(this.deps.store.read, this.deps.online, caller.userId, row);
  }

  addContact(caller: Caller, userId: number): Promise<User> {
    return this.changeRelation(caller, userId, (tx, now) => tx.people.addContact(caller.userId, userId, now));
  }

  removeContact(caller: Caller, userId: number): Promise<User> {
    return this.changeRelation(caller, userId, (tx) => tx.people.removeContact(caller.userId, userId));
  }

  blockUser(caller: Caller, userId: number): Promise<User> {
    return this.changeRelation(
      caller,
      userId,
      (tx, now) => tx.people.block(caller.userId, userId, now),
      true,
    );
  }

  unblockUser(caller: Caller, userId: number): Promise<User> {
    return this.changeRelation(caller, userId, (tx) => tx.people.unblock(caller.userId, userId), false);
  }

  async listContacts(caller: Caller): Promise<User[]> {
    const repos = this.deps.store.read;
    return this.viewInOrder(caller, await repos.people.contactIds(caller.userId));
  }

  async listBlocked(caller: Caller): Promise<User[]> {
    const repos = this.deps.store.read;
    return this.viewInOrder(caller, await repos.people.blockedIds(caller.userId));
  }

  /**
   * Everyone whose copy of this user must change when the profile does (and who sees their
   * presence): contacts and the members of their private chats and small groups. Not the members
   * of channels and supergroups: telling up to 200,000 of them of every sign-in would cost each
   * one O(members); they read a member's profile when they look at it.
   */
  static async audience(tx: Repositories, userId: number): Promise<number[]> {
    const [coMembers, contactOf] = await Promise.all([
      tx.chats.coMemberIds(userId, LARGE_CHAT_KINDS),
      tx.people.contactOfIds(userId),
    ]);
    return [...new Set([userId, ...coMembers, ...contactOf])];
  }

  private async viewInOrder(caller: Caller, ids: number[]): Promise<User[]> {
    const repos = this.deps.store.read;
    const rows = new Map((await repos.accounts.usersByIds(ids)).map((r) => [r.id, r]));
    const ordered = ids.map((id) => rows.get(id)).filter((r): r is UserRow => r !== undefined);
    return viewUsers(repos, this.deps.online, caller.userId, ordered);
  }

  /**
   * Erases the caller's profile, contacts and blocks, telling everyone who could see the profile
   * that it is now a deleted account; `alongside` runs in the same transaction.
   */
  async erase<T>(caller: Caller, alongside: (tx: Repositories) => Promise<T>): Promise<T> {
    let result: T | undefined;
    await this.changeProfile(caller, async (tx, now) => {
      result = await alongside(tx);
      await tx.people.forgetRelations(caller.userId);
      return tx.accounts.eraseUser(caller.userId, now);
    });
    return result as T;
  }

  private async changeProfile(
    caller: Caller,
    change: (tx: Repositories, now: number) => Promise<UserRow>,
  ): Promise<User> {
    const now = this.deps.clock.now();
    const { user, deliveries } = await this.deps.store.write(async (tx) => {
      const row = await change(tx, now);
      const deliveries: Delivery[] = [];
      for (const viewerId of await PeopleService.audience(tx, caller.userId)) {
        const view = await viewUser(tx, this.deps.online, viewerId, row);
        deliveries.push(
          await this.deps.fanout.userEvent(tx, viewerId, { case: 'userUpdated', value: view }, now),
        );
      }
      return { user: await viewUser(tx, this.deps.online, caller.userId, row), deliveries };
    });
    this.deps.fanout.publish(deliveries);
    return user;
  }

  /** A contact or block change: seen by the caller's devices only. */
  private async changeRelation(
    caller: Caller,
    userId: number,
    change: (tx: Repositories, now: number) => Promise<void>,
    /** Blocking (true) or unblocking (false): a bot hears of it in their private chat. */
    blocking?: boolean,
  ): Promise<User> {
    if (!isId(userId) || userId === caller.userId) throw notFound.user();
    const now = this.deps.clock.now();
    const { user, deliveries } = await this.deps.store.write(async (tx) => {
      const row = await tx.accounts.userById(userId);
      if (!row || !(await canSee(tx, caller.userId, row))) throw notFound.user();
      const wasBlocked = (await tx.people.blockedAmong(caller.userId, [userId])).has(userId);
      await change(tx, now);
      const user = await viewUser(tx, this.deps.online, caller.userId, row);
      const deliveries = [
        await this.deps.fanout.userEvent(tx, caller.userId, { case: 'userUpdated', value: user }, now),
      ];
      if (row.is_bot && blocking !== undefined && blocking !== wasBlocked) {
        deliveries.push(...(await this.tellBot(tx, caller.userId, userId, blocking, now)));
      }
      return { user, deliveries };
    });
    this.deps.fanout.publish(deliveries);
    return user;
  }

  /** A bot learns that the person blocked or unblocked it (my_chat_member in their private chat). */
  private async tellBot(tx: Repositories, personId: number, botId: number, blocked: boolean, now: number) {
    const [low, high] = personId < botId ? [personId, botId] : [botId, personId];
    const chatId = await tx.chats.privateChatId(low, high);
    if (chatId === undefined) return [];
    return this.deps.fanout.memberChanged(
      tx,
      { chatId, userId: botId, actorId: personId, blocked: { before: !blocked, after: blocked } },
      now,
    );
  }
}

/**
 * A user is visible to the viewer when they have a public username, are in a contact relation
 * either way, or share a chat. Others get USER_NOT_FOUND, as if they did not exist.
 */
export async function canSee(repos: Repositories, viewerId: number, target: UserRow): Promise<boolean> {
  if (target.id === viewerId || target.username !== null) return true;
  const [theirs, mine] = await Promise.all([
    repos.people.contactsAmong(target.id, [viewerId]),
    repos.people.contactsAmong(viewerId, [target.id]),
  ]);
  if (theirs.size > 0 || mine.size > 0) return true;
  return repos.chats.sharesChat(viewerId, target.id);
}
