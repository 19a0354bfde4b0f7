import { create } from '@bufbuild/protobuf';
import {
  AdminAction,
  type AdminLog,
  AdminLogSchema,
  type AdminRights,
  type BannedList,
  BannedListSchema,
  type Chat,
  ChatKind,
  type ChatList,
  ChatListSchema,
  ErrorCode,
  Limits,
  type MemberList,
  MemberListSchema,
  MemberRole,
  type Restrictions,
  ServiceKind,
} from '@peyk/protocol';
import { isUniqueViolation } from '../../store/errors.js';
import type { ChatMemberRow, ChatRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import { normalizeUsername, requireUsernameFree } from '../accounts/usernames.js';
import type { Caller } from '../caller.js';
import { isAdmin, requireMembership } from '../chats/access.js';
import { membersForView, viewChat, viewMembers } from '../chats/chat-view.js';
import { type ChatsService, requireTitle } from '../chats/chats-service.js';
import type { Clock } from '../clock.js';
import { isLarge, LARGE_CHAT_KINDS } from '../chats/large-chats.js';
import { DomainError, invalidInput, notFound } from '../errors.js';
import { wireId } from '../ids.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import { directoryQuery } from '../search/directory-service.js';
import { cleanText, isId, requireLimit } from '../validate.js';
import { logAdminAction, viewLogEntry } from './admin-log.js';
import { requireNotBanned } from './bans.js';
import { admitJoiner, publicSearchName } from './joining.js';
import {
  Right,
  requireRight,
  restrictionsFromView,
  rightsForKind,
  rightsFromView,
  rightsOf,
} from './rights.js';

export interface ChannelsDeps {
  store: Store;
  chats: ChatsService;
  online: OnlineCheck;
  clock: Clock;
}

const SLOW_MODE_SECONDS = [0, 10, 30, 60, 300, 900, 3600];

export interface CreateChannelInput {
  title: string;
  /** Empty: a private chat. */
  username: string;
  /** A channel; else a supergroup. */
  broadcast: boolean;
  signatures: boolean;
}

/** Channels and supergroups: creating them, public @usernames, joining public ones. */
export class ChannelsService {
  constructor(private readonly deps: ChannelsDeps) {}

  async create(caller: Caller, input: CreateChannelInput): Promise<Chat> {
    const title = requireTitle(input.title);
    const username = optionalUsername(input.username);
    const kind = input.broadcast ? ChatKind.CHANNEL : ChatKind.SUPERGROUP;
    return this.claimingUsername(() =>
      this.deps.chats.commit(async (tx, now) => {
        if (username) await requireUsernameFree(tx, username, { chatId: 0 });
        const chat = await tx.chats.createChat(kind, title, now, {
          username,
          signatures: input.broadcast && input.signatures ? 1 : 0,
          search_name: publicSearchName(title, username),
        });
        const deliveries = await this.deps.chats.admit(tx, chat, caller.userId, MemberRole.OWNER, 0, now);
        const created = input.broadcast ? ServiceKind.CHANNEL_CREATED : ServiceKind.GROUP_CREATED;
        deliveries.push(
          ...(await this.deps.chats.service(
            tx,
            chat.id,
            caller.userId,
            { kind: created, userIds: [], title },
            now,
          )),
        );
        return { result: await this.deps.chats.chatFor(tx, chat.id, caller.userId), deliveries };
      }),
    );
  }

  /**
   * Joins a public channel or supergroup, or (to comment) the discussion group of a channel the
   * caller is in, public or not; joining one's own chat again changes nothing.
   */
  async join(caller: Caller, chatId: number): Promise<Chat> {
    return this.deps.chats.commit(async (tx, now) => {
      const chat = isId(chatId) ? await tx.chats.chatById(chatId) : undefined;
      if (!chat || !isLarge(chat)) throw notFound.chat();
      if (!chat.username && !(await discussesChannelOf(tx, chat, caller.userId))) throw notFound.chat();
      if (await tx.chats.member(chatId, caller.userId))
        return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries: [] };
      await requireNotBanned(tx, chatId, caller.userId, now);
      const deliveries = await admitJoiner(tx, this.deps.chats, chat, caller.userId, now);
      return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  /** A public channel or supergroup by its @username, as the caller sees it (member or not). */
  async resolve(caller: Caller, usernameInput: string): Promise<Chat> {
    const repos = this.deps.store.read;
    const chat = await repos.chats.chatByUsername(normalizeUsername(usernameInput));
    if (!chat) throw notFound.chat();
    return viewChat(chat, await membersForView(repos, chat, caller.userId), caller.userId);
  }

  /**
   * Discovery: public channels and supergroups whose title or username contains every word of
   * the query, normalized as message search normalizes (letter variants, diacritics, digits,
   * case), most members first.
   */
  async searchPublic(caller: Caller, query: string, limitInput: number): Promise<ChatList> {
    const limit = requireLimit(limitInput, 20, 50, 'limit');
    const repos = this.deps.store.read;
    const chats = await repos.directory.chats(directoryQuery(query, limit));
    const views: Chat[] = [];
    for (const chat of chats)
      views.push(viewChat(chat, await membersForView(repos, chat, caller.userId), caller.userId));
    return create(ChatListSchema, { chats: views });
  }

  /**
   * Links a supergroup to a channel as its discussion group (0 unlinks); the caller needs
   * change_info in both. A group serves one channel at a time.
   */
  async setDiscussionGroup(caller: Caller, channelId: number, groupId: number): Promise<Chat> {
    return this.deps.chats.commit(async (tx, now) => {
      const { chat: channel, member } = await requireMembership(tx, channelId, caller.userId);
      if (channel.kind !== ChatKind.CHANNEL)
        throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channels');
      requireRight(channel, member, Right.CHANGE_INFO);
      let group: ChatRow | undefined;
      if (groupId !== 0) {
        const membership = await requireMembership(tx, groupId, caller.userId);
        group = membership.chat;
        if (group.kind !== ChatKind.SUPERGROUP)
          throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only supergroups');
        requireRight(group, membership.member, Right.CHANGE_INFO);
        if (group.linked_chat_id !== 0 && group.linked_chat_id !== channelId) {
          throw invalidInput('this group is the discussion group of another channel');
        }
      }
      if (channel.linked_chat_id === groupId)
        return { result: await this.deps.chats.chatFor(tx, channelId, caller.userId), deliveries: [] };
      const changed: ChatRow[] = [await tx.chats.updateChat(channelId, { linked_chat_id: groupId })];
      if (channel.linked_chat_id !== 0) {
        changed.push(await tx.chats.updateChat(channel.linked_chat_id, { linked_chat_id: 0 }));
      }
      if (group) changed.push(await tx.chats.updateChat(group.id, { linked_chat_id: channelId }));
      const deliveries = [];
      for (const chat of changed) deliveries.push(...(await this.deps.chats.chatChanged(tx, chat, now)));
      return { result: await this.deps.chats.chatFor(tx, channelId, caller.userId), deliveries };
    });
  }

  /** The large chats whose updates the user's connections receive on the chats' subjects. */
  watchedChats(userId: number): Promise<number[]> {
    return this.deps.store.read.chats.chatIdsOfKinds(userId, LARGE_CHAT_KINDS);
  }

  /** Sets or clears the @username of a channel or supergroup: its owner only. */
  async setUsername(caller: Caller, chatId: number, input: string): Promise<Chat> {
    const username = optionalUsername(input);
    return this.claimingUsername(() =>
      this.deps.chats.commit(async (tx, now) => {
        const { chat, member } = await requireMembership(tx, chatId, caller.userId);
        if (!isLarge(chat))
          throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channels and supergroups');
        if (member.role !== MemberRole.OWNER) {
          throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only the owner can change the username');
        }
        if (chat.username === username)
          return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries: [] };
        if (username) await requireUsernameFree(tx, username, { chatId });
        const changed = await tx.chats.updateChat(chatId, {
          username,
          search_name: publicSearchName(chat.title, username),
        });
        await logAdminAction(tx, chat, caller.userId, AdminAction.USERNAME_CHANGED, now, {
          details: username ?? '',
        });
        const deliveries = await this.deps.chats.chatChanged(tx, changed, now);
        return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries };
      }),
    );
  }

  /**
   * Makes a member an admin with these rights, changes an admin's, or (none) makes them a plain
   * member. The caller needs manage_admins and grants only rights they hold; only the owner
   * changes the rights of another admin.
   */
  async setAdminRights(
    caller: Caller,
    chatId: number,
    userId: number,
    view: AdminRights | undefined,
  ): Promise<Chat> {
    return this.deps.chats.commit(async (tx, now) => {
      const { chat, member } = await this.requireLargeChat(tx, chatId, caller.userId);
      requireRight(chat, member, Right.MANAGE_ADMINS);
      const target = await this.requireTarget(tx, chatId, userId, member);
      const rights = rightsForKind(chat, rightsFromView(view));
      if ((rights & ~rightsOf(member)) !== 0) {
        throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'You can grant only rights you hold');
      }
      const role = rights === 0 ? MemberRole.MEMBER : MemberRole.ADMIN;
      await tx.chats.setMemberRole(chatId, userId, role, rights);
      if (role === MemberRole.ADMIN)
        await tx.chats.updateMember(chatId, userId, { restrictions: 0, restricted_until: 0 });
      await logAdminAction(tx, chat, caller.userId, AdminAction.RIGHTS_CHANGED, now, {
        userId,
        details: describeRights(rights),
      });
      const deliveries =
        target.role === role && target.rights === rights
          ? []
          : [
              ...(await this.deps.chats.tellMember(tx, chatId, userId, now)),
              ...(await this.deps.chats.memberChanged(tx, chat, userId, caller.userId, target, now)),
            ];
      return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  /** Removes the user (if a member) and keeps them out until `until` (0: until unbanned). */
  async ban(caller: Caller, chatId: number, userId: number, until: number): Promise<void> {
    await this.deps.chats.commit(async (tx, now) => {
      const { chat, member } = await this.requireLargeChat(tx, chatId, caller.userId);
      requireRight(chat, member, Right.BAN_USERS);
      if (until !== 0 && until <= now) throw invalidInput('until must be in the future, or 0');
      const user = isId(userId) ? await tx.accounts.userById(userId) : undefined;
      if (!user || userId === caller.userId) throw notFound.user();
      const target = await tx.chats.member(chatId, userId);
      if (target) requireOutranked(target, member);
      await tx.channels.ban({ chat_id: chatId, user_id: userId, until, actor_id: caller.userId, date: now });
      await logAdminAction(tx, chat, caller.userId, AdminAction.BANNED, now, {
        userId,
        details: String(until),
      });
      const deliveries = target
        ? await this.deps.chats.depart(tx, chat, userId, caller.userId, ServiceKind.MEMBER_REMOVED, now)
        : [];
      return { result: undefined, deliveries };
    });
  }

  async unban(caller: Caller, chatId: number, userId: number): Promise<void> {
    await this.deps.chats.commit(async (tx, now) => {
      const { chat, member } = await this.requireLargeChat(tx, chatId, caller.userId);
      requireRight(chat, member, Right.BAN_USERS);
      if (await tx.channels.unban(chatId, userId)) {
        await logAdminAction(tx, chat, caller.userId, AdminAction.UNBANNED, now, { userId });
      }
      return { result: undefined, deliveries: [] };
    });
  }

  /** Those whose ban still holds, newest ban first: for admins who may ban. */
  async listBanned(caller: Caller, chatId: number): Promise<BannedList> {
    const repos = this.deps.store.read;
    const { chat, member } = await this.requireLargeChat(repos, chatId, caller.userId);
    requireRight(chat, member, Right.BAN_USERS);
    const bans = await repos.channels.bans(chatId, this.deps.clock.now());
    const users = await repos.accounts.usersByIds([...new Set(bans.flatMap((b) => [b.user_id, b.actor_id]))]);
    return create(BannedListSchema, {
      banned: bans.map((b) => ({
        userId: wireId(b.user_id),
        until: b.until,
        actorId: wireId(b.actor_id),
        date: b.date,
      })),
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
    });
  }

  /** Sets (or, none set, lifts) what a plain member may not do, until `until` (0: until lifted). */
  async restrict(
    caller: Caller,
    chatId: number,
    userId: number,
    view: Restrictions | undefined,
  ): Promise<void> {
    await this.deps.chats.commit(async (tx, now) => {
      const { chat, member } = await this.requireLargeChat(tx, chatId, caller.userId);
      requireRight(chat, member, Right.BAN_USERS);
      const target = await this.requireTarget(tx, chatId, userId, member);
      if (target.role !== MemberRole.MEMBER) throw invalidInput('admins cannot be restricted');
      const restrictions = restrictionsFromView(view);
      const until = restrictions === 0 ? 0 : (view?.until ?? 0);
      if (until !== 0 && until <= now) throw invalidInput('until must be in the future, or 0');
      await tx.chats.updateMember(chatId, userId, { restrictions, restricted_until: until });
      await logAdminAction(tx, chat, caller.userId, AdminAction.RESTRICTED, now, {
        userId,
        details: `${restrictions} until ${until}`,
      });
      const deliveries = await this.deps.chats.tellMember(tx, chatId, userId, now);
      deliveries.push(...(await this.deps.chats.memberChanged(tx, chat, userId, caller.userId, target, now)));
      return { result: undefined, deliveries };
    });
  }

  /** Supergroups: one message per `seconds` for members who are not admins (0: off). */
  async setSlowMode(caller: Caller, chatId: number, seconds: number): Promise<Chat> {
    if (!SLOW_MODE_SECONDS.includes(seconds)) {
      throw invalidInput(`slow mode is one of ${SLOW_MODE_SECONDS.join(', ')} seconds`);
    }
    return this.deps.chats.commit(async (tx, now) => {
      const { chat, member } = await this.requireLargeChat(tx, chatId, caller.userId);
      if (chat.kind !== ChatKind.SUPERGROUP)
        throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only supergroups');
      requireRight(chat, member, Right.CHANGE_INFO);
      if (chat.slow_mode_seconds === seconds)
        return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries: [] };
      const changed = await tx.chats.updateChat(chatId, { slow_mode_seconds: seconds });
      await logAdminAction(tx, chat, caller.userId, AdminAction.SLOW_MODE_CHANGED, now, {
        details: String(seconds),
      });
      const deliveries = await this.deps.chats.chatChanged(tx, changed, now);
      return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  /** Channels: whether posts carry their author's name from now on. */
  async setSignatures(caller: Caller, chatId: number, enabled: boolean): Promise<Chat> {
    return this.deps.chats.commit(async (tx, now) => {
      const { chat, member } = await this.requireLargeChat(tx, chatId, caller.userId);
      if (chat.kind !== ChatKind.CHANNEL) throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channels');
      requireRight(chat, member, Right.CHANGE_INFO);
      if ((chat.signatures === 1) === enabled)
        return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries: [] };
      const changed = await tx.chats.updateChat(chatId, { signatures: enabled ? 1 : 0 });
      const deliveries = await this.deps.chats.chatChanged(tx, changed, now);
      return { result: await this.deps.chats.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  /** A page of the members, in join order, whose name or username contains `query`. */
  async searchMembers(
    caller: Caller,
    chatId: number,
    queryInput: string,
    offset: number,
    limitInput: number,
  ): Promise<MemberList> {
    const limit = requireLimit(limitInput, 50, 200, 'limit');
    const query = (cleanText(queryInput) ?? '').toLowerCase().replace(/^@/, '');
    if (query.length > Limits.searchQuery) throw invalidInput('query is too long');
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    const members = await repos.channels.searchMembers(chatId, query, offset, limit);
    const users = await repos.accounts.usersByIds(members.map((m) => m.user_id));
    return create(MemberListSchema, {
      members: viewMembers(members),
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
    });
  }

  /** The admin log, newest first; admins only. */
  async adminLog(caller: Caller, chatId: number, beforeId: number, limitInput: number): Promise<AdminLog> {
    const limit = requireLimit(limitInput, 50, 100, 'limit');
    const repos = this.deps.store.read;
    const { member } = await this.requireLargeChat(repos, chatId, caller.userId);
    if (!isAdmin(member))
      throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only admins read the admin log');
    const rows = await repos.channels.logPage(
      chatId,
      beforeId > 0 ? beforeId : Number.MAX_SAFE_INTEGER,
      limit,
    );
    const userIds = new Set(rows.flatMap((r) => [r.actor_id, r.user_id]).filter((id) => id !== 0));
    const users = await repos.accounts.usersByIds([...userIds]);
    return create(AdminLogSchema, {
      entries: rows.map(viewLogEntry),
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
    });
  }

  private async requireLargeChat(repos: Repositories, chatId: number, userId: number) {
    const membership = await requireMembership(repos, chatId, userId);
    if (!isLarge(membership.chat)) {
      throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channels and supergroups');
    }
    return membership;
  }

  /** Another member whom the caller outranks. */
  private async requireTarget(repos: Repositories, chatId: number, userId: number, actor: ChatMemberRow) {
    const target = isId(userId) ? await repos.chats.member(chatId, userId) : undefined;
    if (!target || userId === actor.user_id) throw notFound.user();
    requireOutranked(target, actor);
    return target;
  }

  /** Two chats claiming one username at once: the unique index decides, the loser hears it is taken. */
  private async claimingUsername(claim: () => Promise<Chat>): Promise<Chat> {
    try {
      return await claim();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.USERNAME_TAKEN, 'This username is taken');
      throw error;
    }
  }
}

/** Whether the group is the discussion group of a channel the user is a member of. */
async function discussesChannelOf(repos: Repositories, group: ChatRow, userId: number): Promise<boolean> {
  if (group.kind !== ChatKind.SUPERGROUP || group.linked_chat_id === 0) return false;
  const channel = await repos.chats.chatById(group.linked_chat_id);
  return channel?.linked_chat_id === group.id && (await repos.chats.member(channel.id, userId)) !== undefined;
}

function optionalUsername(input: string): string | null {
  return input.trim() === '' ? null : normalizeUsername(input);
}

/** Nobody acts on the owner; only the owner acts on another admin. */
function requireOutranked(target: ChatMemberRow, actor: ChatMemberRow): void {
  if (
    target.role === MemberRole.OWNER ||
    (target.role === MemberRole.ADMIN && actor.role !== MemberRole.OWNER)
  ) {
    throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only the owner acts on an admin');
  }
}

function describeRights(rights: number): string {
  return Object.entries(Right)
    .filter(([, right]) => (rights & right) !== 0)
    .map(([name]) => name.toLowerCase())
    .join(',');
}
