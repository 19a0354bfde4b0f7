import { create } from '@bufbuild/protobuf';
import {
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
import type { ChatMemberRow, ChatRow } from '../../store/schema.js';
import type { DialogCursor } from '../../store/sql/chats-repo.js';
import type { Repositories, Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput, notFound } from '../errors.js';
import { wireId } from '../ids.js';
import { postMessage } from '../messages/posting.js';
import { canSee } from '../people/people-service.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import type { Delivery, Fanout } from '../updates/fanout.js';
import { cleanText, isId, requireLimit } from '../validate.js';
import { isAdmin, requireAdmin, requireGroup, requireMembership } from './access.js';
import { viewChat, viewDialog, viewMembers } from './chat-view.js';

export interface ChatsDeps {
  store: Store;
  clock: Clock;
  fanout: Fanout;
  online: OnlineCheck;
}

/** Private chats, Saved Messages, groups, membership, roles and the dialog list. */
export class ChatsService {
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
      if (!peer || !(await canSee(tx, caller.userId, peer))) throw notFound.user();
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
      await this.join(tx, chat, caller.userId, MemberRole.OWNER, 0, now);
      for (const id of invited) await this.join(tx, chat, id, MemberRole.MEMBER, caller.userId, now);
      const all = [caller.userId, ...invited];
      const deliveries = await this.ensureDialogs(tx, chat.id, all, now);
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
      const { chat } = await requireMembership(tx, chatId, caller.userId);
      requireGroup(chat);
      const current = new Set((await tx.chats.members(chatId)).map((m) => m.user_id));
      const added = [...new Set(userIds)].filter((id) => !current.has(id));
      if (added.length === 0)
        return { result: await this.chatFor(tx, chatId, caller.userId), deliveries: [] };
      if (current.size + added.length > Limits.groupMembers) throw tooManyMembers();
      await this.requireInvitable(tx, caller.userId, added);
      for (const id of added) await this.join(tx, chat, id, MemberRole.MEMBER, caller.userId, now);
      const deliveries = await this.ensureDialogs(tx, chatId, added, now);
      deliveries.push(...(await this.chatUpdated(tx, chatId, [...current], now)));
      deliveries.push(
        ...(await this.service(
          tx,
          chatId,
          caller.userId,
          { kind: ServiceKind.MEMBERS_ADDED, userIds: added },
          now,
        )),
      );
      return { result: await this.chatFor(tx, chatId, caller.userId), deliveries };
    });
  }

  async removeMember(caller: Caller, chatId: number, userId: number): Promise<Chat> {
    return this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      requireGroup(chat);
      if (userId === caller.userId) throw invalidInput('use leave_chat to leave');
      requireAdmin(member);
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
      requireAdmin(member);
      if (chat.title === title)
        return { result: await this.chatFor(tx, chatId, caller.userId), deliveries: [] };
      await tx.chats.updateChat(chatId, { title });
      const members = (await tx.chats.members(chatId)).map((m) => m.user_id);
      const deliveries = await this.chatUpdated(tx, chatId, members, now);
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
      await tx.chats.setMemberRole(chatId, userId, role);
      const members = (await tx.chats.members(chatId)).map((m) => m.user_id);
      return {
        result: await this.chatFor(tx, chatId, caller.userId),
        deliveries: await this.chatUpdated(tx, chatId, members, now),
      };
    });
  }

  async getChat(caller: Caller, chatId: number): Promise<Chat> {
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    return this.chatFor(repos, chatId, caller.userId);
  }

  async listMembers(caller: Caller, chatId: number): Promise<MemberList> {
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    const members = await repos.chats.members(chatId);
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
  private async commit<T>(
    change: (tx: Repositories, now: number) => Promise<{ result: T; deliveries: Delivery[] }>,
  ): Promise<T> {
    const now = this.deps.clock.now();
    const { result, deliveries } = await this.deps.store.write((tx) => change(tx, now));
    this.deps.fanout.publish(deliveries);
    return result;
  }

  private async chatFor(repos: Repositories, chatId: number, viewerId: number): Promise<Chat> {
    const chat = (await repos.chats.chatById(chatId)) as ChatRow;
    return viewChat(chat, await repos.chats.members(chatId), viewerId);
  }

  private async join(
    tx: Repositories,
    chat: ChatRow,
    userId: number,
    role: MemberRole,
    inviter: number,
    now: number,
  ) {
    await tx.chats.addMember({
      chat_id: chat.id,
      user_id: userId,
      role,
      joined_at: now,
      inviter_id: inviter,
      read_inbox_max_id: chat.last_message_id,
    });
    const { member_count } = (await tx.chats.chatById(chat.id)) as ChatRow;
    await tx.chats.updateChat(chat.id, { member_count: member_count + 1 });
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
    return this.chatUpdated(tx, chatId, missing, now);
  }

  /** The chat and its members, as each of these users sees them. */
  private async chatUpdated(tx: Repositories, chatId: number, userIds: readonly number[], now: number) {
    const chat = (await tx.chats.chatById(chatId)) as ChatRow;
    const members = await tx.chats.members(chatId);
    const deliveries: Delivery[] = [];
    for (const userId of userIds) {
      const value = create(ChatUpdatedSchema, {
        chat: viewChat(chat, members, userId),
        members: viewMembers(members),
      });
      deliveries.push(await this.deps.fanout.userEvent(tx, userId, { case: 'chatUpdated', value }, now));
    }
    return deliveries;
  }

  private async service(
    tx: Repositories,
    chatId: number,
    actorId: number,
    action: { kind: ServiceKind; userIds: number[]; title?: string },
    now: number,
  ): Promise<Delivery[]> {
    const chat = (await tx.chats.chatById(chatId)) as ChatRow;
    const { deliveries } = await postMessage(tx, this.deps.fanout, {
      chat,
      members: await tx.chats.members(chatId),
      senderId: actorId,
      randomId: 0,
      text: '',
      entities: [],
      service: action,
      now,
    });
    return deliveries;
  }

  /** A member leaves or is removed: the others see a service message and the new member list. */
  private async depart(
    tx: Repositories,
    chat: ChatRow,
    userId: number,
    actorId: number,
    kind: ServiceKind,
    now: number,
  ): Promise<Delivery[]> {
    const deliveries = await this.service(tx, chat.id, actorId, { kind, userIds: [userId] }, now);
    await tx.chats.removeMember(chat.id, userId);
    await tx.chats.deleteDialog(userId, chat.id);
    const { member_count } = (await tx.chats.chatById(chat.id)) as ChatRow;
    await tx.chats.updateChat(chat.id, { member_count: member_count - 1 });
    deliveries.push(
      await this.deps.fanout.userEvent(
        tx,
        userId,
        { case: 'chatRemoved', value: { chatId: wireId(chat.id) } },
        now,
      ),
    );
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

function requireTitle(input: string): string {
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
