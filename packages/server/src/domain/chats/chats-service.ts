import { create } from '@bufbuild/protobuf';
import {
  AdminAction,
  type Chat,
  ChatKind,
  ChatUpdatedSchema,
  type Dialog,
  type DialogList,
  DialogListSchema,
  ErrorCode,
  Limits,
  type MemberList,
  MemberListSchema,
  MemberRole,
  ServiceKind,
} from '@peyk/protocol';
import { isUniqueViolation } from '../../store/errors.js';
import type { ChatMemberRow, ChatRow, MessageRow } from '../../store/schema.js';
import type { DialogCursor } from '../../store/sql/chats-repo.js';
import type { Repositories, Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { logAdminAction } from '../channels/admin-log.js';
import { requireNotBanned } from '../channels/bans.js';
import { publicSearchName } from '../channels/joining.js';
import { DEFAULT_ADMIN_RIGHTS, Right, requireRight } from '../channels/rights.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput, notFound } from '../errors.js';
import { wireId } from '../ids.js';
import { postMessage } from '../messages/posting.js';
import { canSee } from '../people/people-service.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import type { Delivery, Fanout } from '../updates/fanout.js';
import { cleanText, isId, requireLimit } from '../validate.js';
import { isAdmin, requireGroup, requireMembership } from './access.js';
import { membersForView, viewChat, viewDialog, viewMembers } from './chat-view.js';
import { fanoutMembers, isLarge } from './large-chats.js';

export interface ChatsDeps {
  store: Store;
  clock: Clock;
  fanout: Fanout;
  online: OnlineCheck;
  /** A group with more members than this becomes a supergroup (at most Limits.groupMembers). */
  largeChatThreshold: number;
  /** Told of each service message after its commit (to push it). */
  onServicePosted?: (chat: ChatRow, members: readonly ChatMemberRow[], message: MessageRow) => void;
}

type ServicePost = [chat: ChatRow, members: ChatMemberRow[], message: MessageRow];

/** Members shown by list_members for a large chat (paging comes with the member list feature). */
const LARGE_MEMBER_PAGE = 200;

/** Private chats, Saved Messages, groups, membership, roles and the dialog list. */
export class ChatsService {
  /** Service messages posted inside each transaction, told to onServicePosted after its commit. */
  private readonly servicePosts = new WeakMap<Repositories, ServicePost[]>();

  constructor(private readonly deps: ChatsDeps) {}

  /** The private chat with `userId`, made on first use; one's own id opens Saved Messages. */
  async openPrivateChat(caller: Caller, userId: number): Promise<Chat> {
    try {
      return await this.openPrivate(caller, userId);
    } catch (error) {
      // Another node made this pair's chat at the same moment: use theirs.
      if (isUniqueViolation(error)) return this.openPrivate(caller, userId);
      throw error;
    }
  }

  private async openPrivate(caller: Caller, userId: number): Promise<Chat> {
    if (!isId(userId)) throw notFound.user();
    const [low, high] = userId < caller.userId ? [userId, caller.userId] : [caller.userId, userId];
    return this.commit(async (tx, now) => {
      const peer = await tx.accounts.userById(userId);
      if (!peer || peer.deleted_at > 0 || !(await canSee(tx, caller.userId, peer))) throw notFound.user();
      let chatId = await tx.chats.privateChatId(low, high);
      if (chatId === undefined) {
        const chat = await tx.chats.createChat(ChatKind.PRIVATE, '', now);
        chatId = chat.id;
        await tx.chats.linkPrivateChat(low, high, chatId);
        for (const id of new Set([caller.userId, userId]))
          await this.join(tx, chat, id, MemberRole.MEMBER, 0, now);
      }
      const deliveries = await this.ensureDialogs(tx, chatId, [caller.userId], now);
      const chat = await this.chatFor(tx, chatId, caller.userId);
      return { result: chat, deliveries };
    });
  }

  async createGroup(caller: Caller, titleInput: string, memberIds: readonly number[]): Promise<Chat> {
    const title = requireTitle(titleInput);
    const invited = [...new Set(memberIds)].filter((id) => id !== caller.userId);
    if (invited.length + 1 > Limits.groupMembers) throw tooManyMembers();
    return this.commit(async (tx, now) => {
      await this.requireInvitable(tx, caller.userId, invited);
      const chat = await tx.chats.createChat(ChatKind.GROUP, title, now);
      const woken = await this.join(tx, chat, caller.userId, MemberRole.OWNER, 0, now);
      for (const id of invited)
        woken.push(...(await this.join(tx, chat, id, MemberRole.MEMBER, caller.userId, now)));
      const all = [caller.userId, ...invited];
      await this.growIfPastThreshold(tx, chat.id);
      const deliveries = [...woken, ...(await this.ensureDialogs(tx, chat.id, all, now))];
      deliveries.push(
        ...(await this.service(
          tx,
          chat.id,
          caller.userId,
          { kind: ServiceKind.GROUP_CREATED, userIds: invited, title },
          now,
        )),
      );
      return { result: await this.chatFor(tx, chat.id, caller.userId), deliveries };
    });
  }

  async addMembers(caller: Caller, chatId: number, userIds: readonly number[]): Promise<Chat> {
    return this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      requireGroup(chat);
      if (isLarge(chat)) requireRight(chat, member, Right.INVITE_USERS);
      const added: number[] = [];
      for (const id of new Set(userIds)) if (!(await tx.chats.member(chatId, id))) added.push(id);
      for (const id of added) await requireNotBanned(tx, chatId, id, now);
      if (added.length === 0)
        return { result: await this.chatFor(tx, chatId, caller.userId), deliveries: [] };
      if (chat.member_count + added.length > Limits.largeChatMembers) throw tooManyMembers();
      await this.requireInvitable(tx, caller.userId, added);
      // Those already in a small chat hear of the new members; a large chat does not tell them.
      const told = isLarge(chat) ? [] : (await tx.chats.members(chatId)).map((m) => m.user_id);
      const woken: Delivery[] = [];
      for (const id of added)
        woken.push(...(await this.join(tx, chat, id, MemberRole.MEMBER, caller.userId, now)));
      const grown = await this.growIfPastThreshold(tx, chatId);
      const deliveries = [...woken, ...(await this.ensureDialogs(tx, chatId, added, now))];
      // On becoming a supergroup every member learns the chat's pts and starts watching it.
      deliveries.push(...(await this.chatUpdated(tx, chatId, told, now, grown)));
      if (chat.kind !== ChatKind.CHANNEL) {
        deliveries.push(
          ...(await this.service(
            tx,
            chatId,
            caller.userId,
            { kind: ServiceKind.MEMBERS_ADDED, userIds: added },
            now,
          )),
        );
      }
      return { result: await this.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  async removeMember(caller: Caller, chatId: number, userId: number): Promise<Chat> {
    return this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      requireGroup(chat);
      if (userId === caller.userId) throw invalidInput('use leave_chat to leave');
      requireRight(chat, member, Right.BAN_USERS);
      const target = isId(userId) ? await tx.chats.member(chatId, userId) : undefined;
      if (!target) throw notFound.user();
      if (
        target.role === MemberRole.OWNER ||
        (target.role === MemberRole.ADMIN && member.role !== MemberRole.OWNER)
      ) {
        throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only the owner can remove an admin');
      }
      const deliveries = await this.depart(tx, chat, userId, caller.userId, ServiceKind.MEMBER_REMOVED, now);
      return { result: await this.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  async leaveChat(caller: Caller, chatId: number): Promise<void> {
    await this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      requireGroup(chat);
      if (member.role === MemberRole.OWNER) await this.handOver(tx, chatId, caller.userId);
      const deliveries = await this.depart(
        tx,
        chat,
        caller.userId,
        caller.userId,
        ServiceKind.MEMBER_LEFT,
        now,
      );
      return { result: undefined, deliveries };
    });
  }

  async renameChat(caller: Caller, chatId: number, titleInput: string): Promise<Chat> {
    const title = requireTitle(titleInput);
    return this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      requireGroup(chat);
      requireRight(chat, member, Right.CHANGE_INFO);
      if (chat.title === title)
        return { result: await this.chatFor(tx, chatId, caller.userId), deliveries: [] };
      const renamed = await tx.chats.updateChat(chatId, {
        title,
        search_name: publicSearchName(title, chat.username),
      });
      await logAdminAction(tx, chat, caller.userId, AdminAction.TITLE_CHANGED, now, { details: title });
      const deliveries = await this.chatChanged(tx, renamed, now);
      deliveries.push(
        ...(await this.service(
          tx,
          chatId,
          caller.userId,
          { kind: ServiceKind.TITLE_CHANGED, userIds: [], title },
          now,
        )),
      );
      return { result: await this.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  async setMemberRole(caller: Caller, chatId: number, userId: number, role: MemberRole): Promise<Chat> {
    if (role !== MemberRole.MEMBER && role !== MemberRole.ADMIN)
      throw invalidInput('role must be MEMBER or ADMIN');
    return this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      requireGroup(chat);
      if (member.role !== MemberRole.OWNER) {
        throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only the owner can change roles');
      }
      const target = isId(userId) ? await tx.chats.member(chatId, userId) : undefined;
      if (!target) throw notFound.user();
      if (target.role === MemberRole.OWNER) throw invalidInput('the owner keeps their role');
      if (target.role === role)
        return { result: await this.chatFor(tx, chatId, caller.userId), deliveries: [] };
      const rights = isLarge(chat) && role === MemberRole.ADMIN ? DEFAULT_ADMIN_RIGHTS : 0;
      await tx.chats.setMemberRole(chatId, userId, role, rights);
      // In a large chat only the member whose role changed is told; others see it in the member list.
      const told = isLarge(chat) ? [userId] : (await tx.chats.members(chatId)).map((m) => m.user_id);
      const deliveries = await this.chatUpdated(tx, chatId, told, now);
      deliveries.push(...(await this.memberChanged(tx, chat, userId, caller.userId, target, now)));
      return { result: await this.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  async getChat(caller: Caller, chatId: number): Promise<Chat> {
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    return this.chatFor(repos, chatId, caller.userId);
  }

  async listMembers(caller: Caller, chatId: number): Promise<MemberList> {
    const repos = this.deps.store.read;
    const { chat } = await requireMembership(repos, chatId, caller.userId);
    const members = isLarge(chat)
      ? await repos.chats.membersPage(chatId, 0, LARGE_MEMBER_PAGE)
      : await repos.chats.members(chatId);
    const users = await repos.accounts.usersByIds(members.map((m) => m.user_id));
    return create(MemberListSchema, {
      members: viewMembers(members),
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
    });
  }

  async getDialogs(caller: Caller, cursorInput: string, limitInput: number): Promise<DialogList> {
    const limit = requireLimit(limitInput, 50, Limits.dialogsPage, 'limit');
    const repos = this.deps.store.read;
    const rows = await repos.chats.dialogsPage(caller.userId, decodeCursor(cursorInput), limit + 1);
    const page = rows.slice(0, limit);
    const dialogs: Dialog[] = [];
    for (const row of page) {
      const dialog = await viewDialog(repos, row);
      if (dialog) dialogs.push(dialog);
    }
    const last = page.at(-1);
    const userIds = new Set<number>();
    for (const dialog of dialogs) {
      userIds.add(Number(dialog.chat?.peerUserId ?? 0));
      if (dialog.lastMessage) userIds.add(Number(dialog.lastMessage.senderId));
    }
    userIds.delete(0);
    const users = await repos.accounts.usersByIds([...userIds]);
    return create(DialogListSchema, {
      dialogs,
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ pinned: last.pinned, lastActivity: last.last_activity, chatId: last.chat_id })
          : '',
    });
  }

  setDialogPinned(caller: Caller, chatId: number, pinned: boolean): Promise<void> {
    return this.setDialogFlag(caller, chatId, { pinned: pinned ? 1 : 0 });
  }

  setDialogMuted(caller: Caller, chatId: number, muted: boolean): Promise<void> {
    return this.setDialogFlag(caller, chatId, { muted: muted ? 1 : 0 });
  }

  private async setDialogFlag(caller: Caller, chatId: number, flag: { pinned?: number; muted?: number }) {
    await this.commit(async (tx, now) => {
      await requireMembership(tx, chatId, caller.userId);
      const dialog = await tx.chats.dialog(caller.userId, chatId);
      if (!dialog) throw notFound.chat();
      const next = { ...dialog, ...flag };
      if (next.pinned === dialog.pinned && next.muted === dialog.muted)
        return { result: undefined, deliveries: [] };
      await tx.chats.updateDialog(caller.userId, chatId, flag);
      const delivery = await this.deps.fanout.userEvent(
        tx,
        caller.userId,
        {
          case: 'dialogSettings',
          value: { chatId: wireId(chatId), pinned: next.pinned === 1, muted: next.muted === 1 },
        },
        now,
      );
      return { result: undefined, deliveries: [delivery] };
    });
  }

  /** Runs a change in one write and publishes its updates after the commit. */
  async commit<T>(
    change: (tx: Repositories, now: number) => Promise<{ result: T; deliveries: Delivery[] }>,
  ): Promise<T> {
    const now = this.deps.clock.now();
    const { result, deliveries, posts } = await this.deps.store.write(async (tx) => {
      // A batch retried on a serialization failure runs the work again: start its list afresh.
      this.servicePosts.set(tx, []);
      return { ...(await change(tx, now)), posts: this.servicePosts.get(tx) ?? [] };
    });
    this.deps.fanout.publish(deliveries);
    for (const post of posts) this.deps.onServicePosted?.(...post);
    return result;
  }

  async chatFor(repos: Repositories, chatId: number, viewerId: number): Promise<Chat> {
    const chat = (await repos.chats.chatById(chatId)) as ChatRow;
    return viewChat(chat, await membersForView(repos, chat, viewerId), viewerId);
  }

  /**
   * A group past the threshold becomes a supergroup: same id, same history, synced per chat from
   * now on. True when it just did.
   */
  private async growIfPastThreshold(tx: Repositories, chatId: number): Promise<boolean> {
    const chat = (await tx.chats.chatById(chatId)) as ChatRow;
    if (chat.kind !== ChatKind.GROUP || chat.member_count <= this.deps.largeChatThreshold) return false;
    await tx.chats.updateChat(chatId, { kind: ChatKind.SUPERGROUP });
    // The group's admins keep what they could do.
    for (const admin of (await tx.chats.members(chatId)).filter((m) => m.role === MemberRole.ADMIN)) {
      await tx.chats.updateMember(chatId, admin.user_id, { rights: DEFAULT_ADMIN_RIGHTS });
    }
    return true;
  }

  /** Adds a member and gives them their dialog; the deliveries tell them (and let them watch a large chat). */
  async admit(
    tx: Repositories,
    chat: ChatRow,
    userId: number,
    role: MemberRole,
    inviter: number,
    now: number,
  ): Promise<Delivery[]> {
    const woken = await this.join(tx, chat, userId, role, inviter, now);
    return [...woken, ...(await this.ensureDialogs(tx, chat.id, [userId], now))];
  }

  /** Adds the member; the deliveries wake the bots that hear of it. */
  private async join(
    tx: Repositories,
    chat: ChatRow,
    userId: number,
    role: MemberRole,
    inviter: number,
    now: number,
  ): Promise<Delivery[]> {
    await tx.chats.addMember({
      chat_id: chat.id,
      user_id: userId,
      role,
      joined_at: now,
      inviter_id: inviter,
      read_inbox_max_id: chat.last_message_id,
    });
    await tx.chats.countMembers(chat.id, 1);
    return this.memberChanged(tx, chat, userId, inviter || userId, undefined, now);
  }

  /** Someone asked to join through a link that needs approval: the chat's admin bots hear of it. */
  joinRequested(
    tx: Repositories,
    request: { chatId: number; userId: number; link: string },
    now: number,
  ): Promise<Delivery[]> {
    return this.deps.fanout.joinRequested(tx, request, now);
  }

  /**
   * A member's standing in a group, supergroup or channel changed (`before` is their row before
   * it): the chat's bots hear of it (my_chat_member, chat_member).
   */
  async memberChanged(
    tx: Repositories,
    chat: ChatRow,
    userId: number,
    actorId: number,
    before: ChatMemberRow | undefined,
    now: number,
    bannedUntil?: number,
  ): Promise<Delivery[]> {
    if (chat.kind === ChatKind.PRIVATE) return [];
    const after = await tx.chats.member(chat.id, userId);
    return this.deps.fanout.memberChanged(
      tx,
      { chatId: chat.id, userId, actorId, before, after, bannedUntil },
      now,
    );
  }

  /**
   * Before a new message: a private chat's peer gets their dialog with the first message (group
   * members get theirs when they join).
   */
  async dialogsForMessage(
    tx: Repositories,
    chat: ChatRow,
    members: readonly ChatMemberRow[],
    now: number,
  ): Promise<Delivery[]> {
    if (chat.kind !== ChatKind.PRIVATE) return [];
    return this.ensureDialogs(
      tx,
      chat.id,
      members.map((m) => m.user_id),
      now,
    );
  }

  /**
   * Gives each of these members a dialog if they have none, telling them about the chat first
   * (chat_updated), so a client never sees a message of a chat it does not know.
   */
  async ensureDialogs(
    tx: Repositories,
    chatId: number,
    userIds: readonly number[],
    now: number,
  ): Promise<Delivery[]> {
    const missing: number[] = [];
    const existing = await tx.chats.usersWithDialog(chatId, userIds);
    for (const userId of userIds) {
      if (existing.has(userId)) continue;
      const member = await tx.chats.member(chatId, userId);
      const created = await tx.chats.createDialog({
        user_id: userId,
        chat_id: chatId,
        read_inbox_max_id: member?.read_inbox_max_id ?? 0,
        pinned: 0,
        muted: 0,
        last_activity: now,
      });
      if (created) missing.push(userId);
    }
    return this.chatUpdated(tx, chatId, missing, now, true);
  }

  /**
   * The chat and its members (a small chat's), as each of these users sees them. For a large chat
   * each user's connections are first told to watch its subject (`watch`: those who are new to it).
   */
  private async chatUpdated(
    tx: Repositories,
    chatId: number,
    userIds: readonly number[],
    now: number,
    watch = false,
  ): Promise<Delivery[]> {
    if (userIds.length === 0) return [];
    const chat = (await tx.chats.chatById(chatId)) as ChatRow;
    const large = isLarge(chat);
    // A large chat's views need each viewer's own row: all rows at once when telling many.
    const members =
      large && userIds.length === 1
        ? await membersForView(tx, chat, userIds[0] as number)
        : await tx.chats.members(chatId);
    const byUser = new Map(members.map((m) => [m.user_id, m]));
    const deliveries: Delivery[] = [];
    if (large && watch)
      for (const userId of userIds) deliveries.push(this.deps.fanout.watch(userId, chatId, true));
    const events = userIds.map((userId) => {
      const viewer = byUser.get(userId);
      const value = create(ChatUpdatedSchema, {
        chat: viewChat(chat, large ? (viewer ? [viewer] : []) : members, userId),
        members: large ? [] : viewMembers(members),
      });
      return { userId, kind: { case: 'chatUpdated', value } as const };
    });
    deliveries.push(...(await this.deps.fanout.userEvents(tx, events, now)));
    return deliveries;
  }

  /** Tells one member the chat as they now see it (their role, rights or restrictions changed). */
  tellMember(tx: Repositories, chatId: number, userId: number, now: number): Promise<Delivery[]> {
    return this.chatUpdated(tx, chatId, [userId], now);
  }

  /**
   * The chat's info changed: each member of a small chat is told in their own sequence; a large
   * chat's members get one chat event (without a viewer's role: clients keep their own).
   */
  async chatChanged(tx: Repositories, chat: ChatRow, now: number): Promise<Delivery[]> {
    if (!isLarge(chat)) {
      const members = (await tx.chats.members(chat.id)).map((m) => m.user_id);
      return this.chatUpdated(tx, chat.id, members, now);
    }
    const value = create(ChatUpdatedSchema, { chat: viewChat(chat, [], 0) });
    return this.deps.fanout.chatEvent(tx, chat, [], { case: 'chatUpdated', value }, now);
  }

  /** Posts a service message (group created, member added, ...) in the chat. */
  async service(
    tx: Repositories,
    chatId: number,
    actorId: number,
    action: { kind: ServiceKind; userIds: number[]; title?: string },
    now: number,
  ): Promise<Delivery[]> {
    const chat = (await tx.chats.chatById(chatId)) as ChatRow;
    const members = await fanoutMembers(tx, chat);
    const { row, deliveries } = await postMessage(tx, this.deps.fanout, {
      chat,
      members,
      senderId: actorId,
      randomId: 0,
      text: '',
      entities: [],
      service: action,
      now,
    });
    this.servicePosts.get(tx)?.push([chat, members, row]);
    return deliveries;
  }

  /** A member leaves or is removed: the others see a service message and the new member list. */
  async depart(
    tx: Repositories,
    chat: ChatRow,
    userId: number,
    actorId: number,
    kind: ServiceKind,
    now: number,
  ): Promise<Delivery[]> {
    const deliveries =
      chat.kind === ChatKind.CHANNEL
        ? []
        : await this.service(tx, chat.id, actorId, { kind, userIds: [userId] }, now);
    const before = await tx.chats.member(chat.id, userId);
    await tx.chats.removeMember(chat.id, userId);
    const ban = isLarge(chat) ? await tx.channels.banOf(chat.id, userId) : undefined;
    deliveries.push(...(await this.memberChanged(tx, chat, userId, actorId, before, now, ban?.until)));
    await tx.chats.deleteDialog(userId, chat.id);
    await tx.chats.countMembers(chat.id, -1);
    deliveries.push(
      await this.deps.fanout.userEvent(
        tx,
        userId,
        { case: 'chatRemoved', value: { chatId: wireId(chat.id) } },
        now,
      ),
    );
    if (isLarge(chat)) {
      deliveries.push(this.deps.fanout.watch(userId, chat.id, false));
      return deliveries;
    }
    const remaining = (await tx.chats.members(chat.id)).map((m) => m.user_id);
    deliveries.push(...(await this.chatUpdated(tx, chat.id, remaining, now)));
    return deliveries;
  }

  /**
   * The owner is leaving: the longest-serving admin, else the longest-serving member, takes over
   * (the members learn it from the chat_updated that follows the departure).
   */
  private async handOver(tx: Repositories, chatId: number, ownerId: number): Promise<void> {
    const others = (await tx.chats.members(chatId)).filter((m) => m.user_id !== ownerId);
    const heir: ChatMemberRow | undefined = others.find(isAdmin) ?? others[0];
    if (heir) await tx.chats.setMemberRole(chatId, heir.user_id, MemberRole.OWNER);
  }

  private async requireInvitable(
    tx: Repositories,
    inviterId: number,
    userIds: readonly number[],
  ): Promise<void> {
    for (const id of userIds) {
      const user = isId(id) ? await tx.accounts.userById(id) : undefined;
      if (!user || !(await canSee(tx, inviterId, user))) throw notFound.user();
      if (await tx.people.isBlocked(id, inviterId)) {
        throw new DomainError(ErrorCode.USER_BLOCKED, 'This user does not accept invitations from you');
      }
      if (user.is_bot && !(await tx.bots.bot(id))?.can_join_groups) {
        throw new DomainError(ErrorCode.BOT_GROUPS_BLOCKED, 'This bot cannot be added to groups');
      }
    }
  }
}

export function requireTitle(input: string): string {
  const title = cleanText(input);
  if (!title || title.length > Limits.chatTitleMax) {
    throw new DomainError(ErrorCode.CHAT_TITLE_INVALID, `A title has 1-${Limits.chatTitleMax} characters`);
  }
  return title;
}

function tooManyMembers(): DomainError {
  return new DomainError(ErrorCode.MEMBERS_TOO_MANY, `A group has at most ${Limits.groupMembers} members`);
}

function encodeCursor(cursor: DialogCursor): string {
  return Buffer.from(`${cursor.pinned}:${cursor.lastActivity}:${cursor.chatId}`).toString('base64url');
}

function decodeCursor(input: string): DialogCursor | undefined {
  if (!input) return undefined;
  const parts = Buffer.from(input, 'base64url').toString().split(':').map(Number);
  const [pinned, lastActivity, chatId] = parts;
  if (parts.length !== 3 || parts.some((n) => !Number.isSafeInteger(n)))
    throw invalidInput('cursor is not valid');
  return { pinned: pinned as number, lastActivity: lastActivity as number, chatId: chatId as number };
}
