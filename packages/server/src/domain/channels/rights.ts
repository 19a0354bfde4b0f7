import { create } from '@bufbuild/protobuf';
import {
  type AdminRights,
  AdminRightsSchema,
  ChatKind,
  ErrorCode,
  MemberRole,
  type Restrictions,
  RestrictionsSchema,
} from '@peyk/protocol';
import type { ChatMemberRow, ChatRow } from '../../store/schema.js';
import { isAdmin } from '../chats/access.js';
import { isLarge } from '../chats/large-chats.js';
import { DomainError } from '../errors.js';

/** An admin's rights in a large chat, as stored (`chat_members.rights`). */
export const Right = {
  CHANGE_INFO: 1,
  DELETE_MESSAGES: 2,
  BAN_USERS: 4,
  INVITE_USERS: 8,
  PIN_MESSAGES: 16,
  MANAGE_ADMINS: 32,
  POST_ANONYMOUSLY: 64,
  POST_MESSAGES: 128,
  EDIT_MESSAGES: 256,
} as const;
export type Right = (typeof Right)[keyof typeof Right];

const ALL_RIGHTS = Object.values(Right).reduce((all, right) => all | right, 0);

/**
 * What an admin of a small group may do, kept when the group becomes a supergroup (and given to
 * an admin made with set_member_role): everything but managing other admins.
 */
export const DEFAULT_ADMIN_RIGHTS = ALL_RIGHTS & ~Right.MANAGE_ADMINS;

/** A member's restrictions, as stored (`chat_members.restrictions`). */
export const Restriction = { NO_MESSAGES: 1, NO_MEDIA: 2, NO_LINKS: 4 } as const;

/** The member's rights: all for the owner, an admin's own, none for anyone else. */
export function rightsOf(member: ChatMemberRow | undefined): number {
  if (!member) return 0;
  if (member.role === MemberRole.OWNER) return ALL_RIGHTS;
  return member.role === MemberRole.ADMIN ? member.rights : 0;
}

/** In a large chat the member needs the right; in a small group, being an admin is enough. */
export function hasRight(chat: ChatRow, member: ChatMemberRow, right: Right): boolean {
  return isLarge(chat) ? (rightsOf(member) & right) !== 0 : isAdmin(member);
}

export function requireRight(chat: ChatRow, member: ChatMemberRow, right: Right): void {
  if (!hasRight(chat, member, right)) {
    throw new DomainError(ErrorCode.CHAT_ADMIN_REQUIRED, 'You need an admin right for this');
  }
}

/** The member's restrictions in force at `now` (0 when none, or when they expired). */
export function restrictionsOf(member: ChatMemberRow, now: number): number {
  const expired = member.restricted_until !== 0 && member.restricted_until <= now;
  return expired ? 0 : member.restrictions;
}

export function viewRights(rights: number): AdminRights {
  return create(AdminRightsSchema, {
    changeInfo: (rights & Right.CHANGE_INFO) !== 0,
    deleteMessages: (rights & Right.DELETE_MESSAGES) !== 0,
    banUsers: (rights & Right.BAN_USERS) !== 0,
    inviteUsers: (rights & Right.INVITE_USERS) !== 0,
    pinMessages: (rights & Right.PIN_MESSAGES) !== 0,
    manageAdmins: (rights & Right.MANAGE_ADMINS) !== 0,
    postAnonymously: (rights & Right.POST_ANONYMOUSLY) !== 0,
    postMessages: (rights & Right.POST_MESSAGES) !== 0,
    editMessages: (rights & Right.EDIT_MESSAGES) !== 0,
  });
}

export function rightsFromView(view: AdminRights | undefined): number {
  if (!view) return 0;
  const flags: [boolean, Right][] = [
    [view.changeInfo, Right.CHANGE_INFO],
    [view.deleteMessages, Right.DELETE_MESSAGES],
    [view.banUsers, Right.BAN_USERS],
    [view.inviteUsers, Right.INVITE_USERS],
    [view.pinMessages, Right.PIN_MESSAGES],
    [view.manageAdmins, Right.MANAGE_ADMINS],
    [view.postAnonymously, Right.POST_ANONYMOUSLY],
    [view.postMessages, Right.POST_MESSAGES],
    [view.editMessages, Right.EDIT_MESSAGES],
  ];
  return flags.reduce((rights, [set, right]) => (set ? rights | right : rights), 0);
}

/** As stored: `until` tells a client when they end. */
export function viewRestrictions(member: ChatMemberRow): Restrictions {
  const { restrictions } = member;
  return create(RestrictionsSchema, {
    noMessages: (restrictions & Restriction.NO_MESSAGES) !== 0,
    noMedia: (restrictions & Restriction.NO_MEDIA) !== 0,
    noLinks: (restrictions & Restriction.NO_LINKS) !== 0,
    until: restrictions ? member.restricted_until : 0,
  });
}

export function restrictionsFromView(view: Restrictions | undefined): number {
  if (!view) return 0;
  return (
    (view.noMessages ? Restriction.NO_MESSAGES : 0) |
    (view.noMedia ? Restriction.NO_MEDIA : 0) |
    (view.noLinks ? Restriction.NO_LINKS : 0)
  );
}

/** Rights that only make sense in one kind of chat are dropped for the other. */
export function rightsForKind(chat: ChatRow, rights: number): number {
  return chat.kind === ChatKind.CHANNEL
    ? rights & ~Right.POST_ANONYMOUSLY
    : rights & ~(Right.POST_MESSAGES | Right.EDIT_MESSAGES);
}
