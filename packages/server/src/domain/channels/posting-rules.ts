import { ChatKind, ErrorCode } from '@peyk/protocol';
import type { ChatMemberRow, ChatRow } from '../../store/schema.js';
import { isAdmin } from '../chats/access.js';
import { isLarge } from '../chats/large-chats.js';
import { DomainError } from '../errors.js';
import { hasRight, Restriction, Right, restrictionsOf } from './rights.js';

export interface PostAttempt {
  now: number;
  hasLink: boolean;
  hasMedia: boolean;
  anonymous: boolean;
}

/**
 * May this member post here now? A channel needs the post right; an anonymous message needs the
 * right to stay anonymous (supergroups); a restricted member may not send (or send media or links) until
 * the restriction ends; slow mode spaces a member's messages. Throws the refusal.
 */
export function requireMayPost(chat: ChatRow, member: ChatMemberRow, attempt: PostAttempt): void {
  if (chat.kind === ChatKind.CHANNEL && !hasRight(chat, member, Right.POST_MESSAGES)) {
    throw new DomainError(ErrorCode.CHAT_WRITE_FORBIDDEN, 'Only admins post in a channel');
  }
  if (
    attempt.anonymous &&
    (chat.kind !== ChatKind.SUPERGROUP || !hasRight(chat, member, Right.POST_ANONYMOUSLY))
  ) {
    throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'Only admins with the right may post anonymously');
  }
  if (!isLarge(chat)) return;
  const restrictions = restrictionsOf(member, attempt.now);
  if (restrictions & Restriction.NO_MESSAGES) {
    throw new DomainError(ErrorCode.CHAT_WRITE_FORBIDDEN, 'You may not send messages here for now');
  }
  if (restrictions & Restriction.NO_MEDIA && attempt.hasMedia) {
    throw new DomainError(ErrorCode.CHAT_WRITE_FORBIDDEN, 'You may not send media here for now');
  }
  if (restrictions & Restriction.NO_LINKS && attempt.hasLink) {
    throw new DomainError(ErrorCode.CHAT_WRITE_FORBIDDEN, 'You may not send links here for now');
  }
  if (inSlowMode(chat, member)) {
    const wait = member.last_sent_at + chat.slow_mode_seconds - attempt.now;
    if (wait > 0) throw new DomainError(ErrorCode.SLOW_MODE_WAIT, `Slow mode: wait ${wait} s`, wait);
  }
}

/** Slow mode holds this member (admins are free of it): their sends are timed. */
export function inSlowMode(chat: ChatRow, member: ChatMemberRow): boolean {
  return chat.kind === ChatKind.SUPERGROUP && chat.slow_mode_seconds > 0 && !isAdmin(member);
}
