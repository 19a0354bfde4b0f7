import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  type Chat,
  ErrorCode,
  type InviteLink,
  type InviteLinkList,
  InviteLinkListSchema,
  InviteLinkSchema,
  type JoinRequestList,
  JoinRequestListSchema,
  Limits,
} from '@peyk/protocol';
import type { ChatRow, InviteLinkRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import { membersForView, viewChat } from '../chats/chat-view.js';
import type { ChatsService } from '../chats/chats-service.js';
import { isLarge } from '../chats/large-chats.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput, notFound } from '../errors.js';
import { wireId } from '../ids.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import { requireNotBanned } from './bans.js';
import { admitJoiner } from './joining.js';
import { hasRight, Right, requireRight } from './rights.js';

export interface InvitesDeps {
  store: Store;
  clock: Clock;
  chats: ChatsService;
  online: OnlineCheck;
}

export interface InviteLinkInput {
  expiresAt: number;
  usageLimit: number;
  requiresApproval: boolean;
  /** For the admins; cut to NAME_LENGTH characters. Absent: none. */
  name?: string;
}

const LINK = /^[A-Za-z0-9_-]{16}$/;
const NAME_LENGTH = 32;
const NO_LIMITS: InviteLinkInput = { expiresAt: 0, usageLimit: 0, requiresApproval: false };

/** Invite links to channels and supergroups (private ones above all), and join requests. */
export class InvitesService {
  constructor(private readonly deps: InvitesDeps) {}

  async create(caller: Caller, chatId: number, input: InviteLinkInput): Promise<InviteLink> {
    return this.deps.chats.commit(async (tx, now) => {
      await this.requireInviter(tx, chatId, caller.userId);
      const row = await addLink(tx, { chatId, creatorId: caller.userId, primary: false }, input, now);
      return { result: viewLink(row), deliveries: [] };
    });
  }

  /** A new primary link of the caller's, without limits; their earlier primary link is revoked. */
  async exportPrimary(caller: Caller, chatId: number): Promise<InviteLink> {
    return this.deps.chats.commit(async (tx, now) => {
      await this.requireInviter(tx, chatId, caller.userId);
      await tx.channels.revokePrimaryInviteLink(chatId, caller.userId);
      const row = await addLink(tx, { chatId, creatorId: caller.userId, primary: true }, NO_LIMITS, now);
      return { result: viewLink(row), deliveries: [] };
    });
  }

  /** Replaces the name and limits of a link the caller made; primary and revoked links stay as they are. */
  async edit(caller: Caller, chatId: number, link: string, input: InviteLinkInput): Promise<InviteLink> {
    return this.deps.chats.commit(async (tx, now) => {
      await this.requireInviter(tx, chatId, caller.userId);
      const row = await chatLink(tx, chatId, link);
      if (row.revoked) throw invalidLink();
      if (row.creator_id !== caller.userId)
        throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only its creator can edit a link');
      if (row.is_primary) throw invalidInput('a primary link cannot be edited');
      const fields = linkFields(input, now);
      await tx.channels.editInviteLink(chatId, link, fields);
      return { result: viewLink({ ...row, ...fields }), deliveries: [] };
    });
  }

  /** Revokes a link and returns it; a primary link's creator gets a new primary link in its place. */
  async revoke(caller: Caller, chatId: number, link: string): Promise<InviteLink> {
    return this.deps.chats.commit(async (tx, now) => {
      await this.requireInviter(tx, chatId, caller.userId);
      const row = await chatLink(tx, chatId, link);
      if (!row.revoked) {
        await tx.channels.revokeInviteLink(chatId, link);
        if (row.is_primary) {
          await addLink(tx, { chatId, creatorId: row.creator_id, primary: true }, NO_LIMITS, now);
        }
      }
      return { result: viewLink({ ...row, revoked: 1 }), deliveries: [] };
    });
  }

  async list(caller: Caller, chatId: number): Promise<InviteLinkList> {
    const repos = this.deps.store.read;
    await this.requireInviter(repos, chatId, caller.userId);
    return create(InviteLinkListSchema, { links: (await repos.channels.inviteLinks(chatId)).map(viewLink) });
  }

  /** The caller's live primary link, if they may invite in this channel or supergroup and have one. */
  async primaryLink(caller: Caller, chatId: number): Promise<string | undefined> {
    const repos = this.deps.store.read;
    const { chat, member } = await requireMembership(repos, chatId, caller.userId);
    if (!isLarge(chat) || !hasRight(chat, member, Right.INVITE_USERS)) return undefined;
    return (await repos.channels.primaryInviteLink(chatId, caller.userId))?.link;
  }

  /** The chat a usable link leads to, as the caller sees it before joining. */
  async check(caller: Caller, link: string): Promise<Chat> {
    const repos = this.deps.store.read;
    const { chat } = await this.usableLink(repos, link, this.deps.clock.now());
    return viewChat(chat, await membersForView(repos, chat, caller.userId), caller.userId);
  }

  /** Joins by link, or files a join request when the link needs approval (JOIN_REQUEST_SENT). */
  async join(caller: Caller, link: string): Promise<Chat> {
    let requested = false;
    const chat = await this.deps.chats.commit(async (tx, now) => {
      requested = false;
      const { chat, row } = await this.usableLink(tx, link, now);
      if (await tx.chats.member(chat.id, caller.userId))
        return { result: await this.deps.chats.chatFor(tx, chat.id, caller.userId), deliveries: [] };
      await requireNotBanned(tx, chat.id, caller.userId, now);
      if (row.requires_approval) {
        await tx.channels.fileJoinRequest({ chat_id: chat.id, user_id: caller.userId, link, date: now });
        requested = true;
        const deliveries = await this.deps.chats.joinRequested(
          tx,
          { chatId: chat.id, userId: caller.userId, link },
          now,
        );
        return { result: await this.deps.chats.chatFor(tx, chat.id, caller.userId), deliveries };
      }
      if (!(await tx.channels.useInviteLink(link))) throw invalidLink();
      const deliveries = await admitJoiner(tx, this.deps.chats, chat, caller.userId, now);
      return { result: await this.deps.chats.chatFor(tx, chat.id, caller.userId), deliveries };
    });
    if (requested)
      throw new DomainError(ErrorCode.JOIN_REQUEST_SENT, 'The admins will decide on your request');
    return chat;
  }

  async listRequests(caller: Caller, chatId: number): Promise<JoinRequestList> {
    const repos = this.deps.store.read;
    await this.requireInviter(repos, chatId, caller.userId);
    const rows = await repos.channels.joinRequests(chatId);
    const users = await repos.accounts.usersByIds(rows.map((r) => r.user_id));
    return create(JoinRequestListSchema, {
      requests: rows.map((r) => ({ userId: wireId(r.user_id), date: r.date, link: r.link })),
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
    });
  }

  /** Admits the requester (approve) or drops the request. */
  async decide(caller: Caller, chatId: number, userId: number, approve: boolean): Promise<void> {
    await this.deps.chats.commit(async (tx, now) => {
      const chat = await this.requireInviter(tx, chatId, caller.userId);
      if (!(await tx.channels.takeJoinRequest(chatId, userId))) throw notFound.user();
      if (!approve || (await tx.chats.member(chatId, userId))) return { result: undefined, deliveries: [] };
      await requireNotBanned(tx, chatId, userId, now);
      return { result: undefined, deliveries: await admitJoiner(tx, this.deps.chats, chat, userId, now) };
    });
  }

  /** A member of a large chat with the right to invite. */
  private async requireInviter(repos: Repositories, chatId: number, userId: number): Promise<ChatRow> {
    const { chat, member } = await requireMembership(repos, chatId, userId);
    if (!isLarge(chat)) throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only channels and supergroups');
    requireRight(chat, member, Right.INVITE_USERS);
    return chat;
  }

  /** A link that exists, is not revoked, has not expired and is not used up. */
  private async usableLink(repos: Repositories, link: string, now: number) {
    const row = LINK.test(link) ? await repos.channels.inviteLink(link) : undefined;
    const chat = row && (await repos.chats.chatById(row.chat_id));
    const expired = row && row.expires_at !== 0 && row.expires_at <= now;
    const usedUp = row && row.usage_limit !== 0 && row.usage_count >= row.usage_limit;
    if (!row || !chat || row.revoked || expired || usedUp) throw invalidLink();
    return { row, chat };
  }
}

/** The chat's link, revoked or not. */
async function chatLink(repos: Repositories, chatId: number, link: string): Promise<InviteLinkRow> {
  const row = LINK.test(link) ? await repos.channels.inviteLink(link) : undefined;
  if (!row || row.chat_id !== chatId) throw invalidLink();
  return row;
}

/** The stored form of a link's name and limits, checked. */
function linkFields(input: InviteLinkInput, now: number) {
  if (input.expiresAt !== 0 && input.expiresAt <= now)
    throw invalidInput('expires_at must be in the future, or 0');
  if (input.usageLimit > Limits.largeChatMembers) throw invalidInput('usage_limit is too large');
  return {
    name: [...(input.name ?? '').trim()].slice(0, NAME_LENGTH).join(''),
    expires_at: input.expiresAt,
    usage_limit: input.usageLimit,
    requires_approval: input.requiresApproval ? 1 : 0,
  };
}

async function addLink(
  tx: Repositories,
  owner: { chatId: number; creatorId: number; primary: boolean },
  input: InviteLinkInput,
  now: number,
): Promise<InviteLinkRow> {
  const row: InviteLinkRow = {
    link: randomBytes(12).toString('base64url'),
    chat_id: owner.chatId,
    creator_id: owner.creatorId,
    created_at: now,
    usage_count: 0,
    revoked: 0,
    is_primary: owner.primary ? 1 : 0,
    ...linkFields(input, now),
  };
  await tx.channels.createInviteLink(row);
  return row;
}

export function viewLink(row: InviteLinkRow): InviteLink {
  return create(InviteLinkSchema, {
    link: row.link,
    chatId: wireId(row.chat_id),
    creatorId: wireId(row.creator_id),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usageLimit: row.usage_limit,
    usageCount: row.usage_count,
    requiresApproval: row.requires_approval === 1,
    revoked: row.revoked === 1,
    name: row.name,
    primary: row.is_primary === 1,
  });
}

function invalidLink(): DomainError {
  return new DomainError(ErrorCode.INVITE_LINK_INVALID, 'This invite link is not valid');
}
