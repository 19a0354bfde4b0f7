import { ChatKind, ErrorCode, MemberRole } from '@peyk/protocol';
import type { ChatMemberRow, ChatRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { DomainError, notFound } from '../errors.js';
import { isLarge } from './large-chats.js';
import { isId } from '../validate.js';

export interface Membership {
  chat: ChatRow;
  member: ChatMemberRow;
}

/** The chat as its member sees it; for anyone else it does not exist. */
export async function requireMembership(
  repos: Repositories,
  chatId: number,
  userId: number,
): Promise<Membership> {
  if (!isId(chatId)) throw notFound.chat();
  const member = await repos.chats.member(chatId, userId);
  const chat = member && (await repos.chats.chatById(chatId));
  if (!member || !chat) throw notFound.chat();
  return { chat, member };
}

/**
 * The membership and, for a small chat, every member (none for a large chat, as
 * `fanoutMembers`). A small chat's caller is found in its member list: two statements, not three.
 */
export async function requireMembershipAndMembers(
  repos: Repositories,
  chatId: number,
  userId: number,
): Promise<Membership & { members: ChatMemberRow[] }> {
  if (!isId(chatId)) throw notFound.chat();
  const chat = await repos.chats.chatById(chatId);
  if (!chat) throw notFound.chat();
  if (isLarge(chat)) {
    const member = await repos.chats.member(chatId, userId);
    if (!member) throw notFound.chat();
    return { chat, member, members: [] };
  }
  const members = await repos.chats.members(chatId);
  const member = members.find((m) => m.user_id === userId);
  if (!member) throw notFound.chat();
  return { chat, member, members };
}

/** A group, supergroup or channel: not a private chat. */
export function requireGroup(chat: ChatRow): void {
  if (chat.kind === ChatKind.PRIVATE)
    throw new DomainError(ErrorCode.CHAT_KIND_INVALID, 'Only groups and channels can do this');
}

export function isAdmin(member: ChatMemberRow): boolean {
  return member.role === MemberRole.ADMIN || member.role === MemberRole.OWNER;
}

/** The other member of a private chat (oneself for Saved Messages). */
export function peerOf(members: readonly ChatMemberRow[], userId: number): number {
  return members.find((m) => m.user_id !== userId)?.user_id ?? userId;
}
