import { ChatKind } from '@peyk/protocol';
import type { ChatMemberRow, ChatRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';

/** A group with more members than this becomes a supergroup, unless configured otherwise. */
export const DEFAULT_LARGE_CHAT_THRESHOLD = 200;

/** The kinds of chat synced per chat (their own pts) rather than through each member's sequence. */
export const LARGE_CHAT_KINDS: readonly number[] = [ChatKind.CHANNEL, ChatKind.SUPERGROUP];

/**
 * Channels and supergroups: a post writes O(1) rows whatever the member count (no per-member
 * update rows, no per-member dialog touch) and reaches online members through the chat's subject.
 */
export function isLarge(chat: Pick<ChatRow, 'kind'>): boolean {
  return LARGE_CHAT_KINDS.includes(chat.kind);
}

/** Any chat with members beyond a pair: groups, supergroups and channels. */
export function isMultiMember(chat: Pick<ChatRow, 'kind'>): boolean {
  return chat.kind !== ChatKind.PRIVATE;
}

/**
 * Every member of a small chat, who each get the chat's events in their own sequence; none for a
 * large chat, whose events go out once on the chat's subject.
 */
export async function fanoutMembers(repos: Repositories, chat: ChatRow): Promise<ChatMemberRow[]> {
  return isLarge(chat) ? [] : repos.chats.members(chat.id);
}
