import { create } from '@bufbuild/protobuf';
import { type AdminRights, MemberRole, type Restrictions, RestrictionsSchema } from '@peyk/protocol';
import type { ChatMemberRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { hasRight, Restriction, Right, rightsOf, viewRights } from '../channels/rights.js';
import type { BotWake, MemberChange } from '../updates/fanout.js';
import { wakeUp } from './bot-inbox.js';
import { isAllowed } from './update-kinds.js';

/** A member's standing as Telegram's ChatMember statuses name it, with Peyk's rights bits. */
export interface StoredStanding {
  status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';
  /** Admins: Peyk's right bits. Restricted: restriction bits. */
  bits?: number;
  until?: number;
}

/** The payload of a my_chat_member or chat_member update (JSON). */
export interface StoredMemberChange {
  chatId: number;
  userId: number;
  actorId: number;
  old: StoredStanding;
  new: StoredStanding;
}

/** The payload of a chat_join_request update (JSON). */
export interface StoredJoinRequest {
  chatId: number;
  userId: number;
  link: string;
}

/** A bot's standing in its private chat with a person: blocked by them reads as kicked, as Telegram's. */
function blockedStanding(blocked: boolean): StoredStanding {
  return blocked ? { status: 'kicked', until: 0 } : { status: 'member' };
}

/** A standing as a bot is shown it: the rights and restrictions spelled out. */
export interface BotStanding {
  status: StoredStanding['status'];
  rights?: AdminRights;
  restrictions?: Restrictions;
  /** Kicked: until when (0: until unbanned). */
  until?: number;
}

export function viewStanding(stored: StoredStanding): BotStanding {
  if (stored.status === 'administrator')
    return { status: stored.status, rights: viewRights(stored.bits ?? 0) };
  if (stored.status === 'restricted') {
    const bits = stored.bits ?? 0;
    const restrictions = create(RestrictionsSchema, {
      noMessages: (bits & Restriction.NO_MESSAGES) !== 0,
      noMedia: (bits & Restriction.NO_MEDIA) !== 0,
      noLinks: (bits & Restriction.NO_LINKS) !== 0,
      until: stored.until ?? 0,
    });
    return { status: stored.status, restrictions };
  }
  if (stored.status === 'kicked') return { status: stored.status, until: stored.until ?? 0 };
  return { status: stored.status };
}

/** A member's row (none: not a member, or banned until `bannedUntil`) as a standing. */
export function standingOf(row: ChatMemberRow | undefined, bannedUntil: number | undefined): StoredStanding {
  if (!row) return bannedUntil === undefined ? { status: 'left' } : { status: 'kicked', until: bannedUntil };
  if (row.role === MemberRole.OWNER) return { status: 'creator' };
  if (row.role === MemberRole.ADMIN) return { status: 'administrator', bits: rightsOf(row) };
  if (row.restrictions) return { status: 'restricted', bits: row.restrictions, until: row.restricted_until };
  return { status: 'member' };
}

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/**
 * A member's standing changed (added, promoted, restricted, removed, banned): the member, when a
 * bot, gets my_chat_member; the chat's admin bots get chat_member (when they ask for it).
 * Runs inside the change's write; the wake-ups go out after its commit.
 */
export async function feedMemberChange(
  tx: Repositories,
  change: MemberChange,
  date: number,
): Promise<BotWake[]> {
  const bots = await tx.bots.botsInChat(change.chatId);
  const subject = bots.find((bot) => bot.userId === change.userId) ?? (await subjectBot(tx, change.userId));
  const stored: StoredMemberChange = {
    chatId: change.chatId,
    userId: change.userId,
    actorId: change.actorId,
    old: change.blocked ? blockedStanding(change.blocked.before) : standingOf(change.before, undefined),
    new: change.blocked
      ? blockedStanding(change.blocked.after)
      : standingOf(change.after, change.bannedUntil),
  };
  if (stored.old.status === stored.new.status && stored.old.bits === stored.new.bits) return [];
  const payload = encode(stored);
  const wakes: BotWake[] = [];
  if (subject && isAllowed(subject.allowedUpdates, 'my_chat_member')) {
    await tx.bots.appendUpdate(subject.userId, date, 'my_chat_member', payload);
    wakes.push(wakeUp(subject.userId, subject.hasWebhook));
  }
  for (const bot of bots) {
    const admin = bot.role === MemberRole.ADMIN || bot.role === MemberRole.OWNER;
    if (bot.userId === change.userId || !admin || !isAllowed(bot.allowedUpdates, 'chat_member')) continue;
    await tx.bots.appendUpdate(bot.userId, date, 'chat_member', payload);
    wakes.push(wakeUp(bot.userId, bot.hasWebhook));
  }
  return wakes;
}

/** A bot that just left (or was removed from) the chat is no longer among its bots. */
async function subjectBot(tx: Repositories, userId: number) {
  const [bot] = await tx.bots.botsAmong([userId]);
  return bot;
}

/** Someone asked to join through a link that needs approval: the admin bots that may invite hear of it. */
export async function feedJoinRequest(
  tx: Repositories,
  request: StoredJoinRequest,
  date: number,
): Promise<BotWake[]> {
  const chat = await tx.chats.chatById(request.chatId);
  const wakes: BotWake[] = [];
  for (const bot of chat ? await tx.bots.botsInChat(request.chatId) : []) {
    if (!isAllowed(bot.allowedUpdates, 'chat_join_request')) continue;
    const member = await tx.chats.member(request.chatId, bot.userId);
    if (!chat || !member || !hasRight(chat, member, Right.INVITE_USERS)) continue;
    await tx.bots.appendUpdate(bot.userId, date, 'chat_join_request', encode(request));
    wakes.push(wakeUp(bot.userId, bot.hasWebhook));
  }
  return wakes;
}

export function decodeMemberChange(payload: Uint8Array): StoredMemberChange {
  return JSON.parse(new TextDecoder().decode(payload));
}

export function decodeJoinRequest(payload: Uint8Array): StoredJoinRequest {
  return JSON.parse(new TextDecoder().decode(payload));
}
