import { ErrorCode, type InviteLink } from '@peyk/protocol';
import { DomainError, type InviteLinkInput } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { type BotCall, resolveChat } from './bot-context.js';
import type { BotMethod } from './message-methods.js';
import { inviteLinkJson, type Json } from './objects.js';

/** Telegram's bounds for member_limit. */
const MEMBER_LIMIT = { min: 1, max: 99_999 };

/** Telegram's answers for the domain's refusals of invite link calls. */
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.CHAT_ADMIN_REQUIRED]: 'not enough rights to manage chat invite links',
  // COMPAT: small groups have no invite links in Peyk (admins add members).
  [ErrorCode.CHAT_KIND_INVALID]: 'method is available for supergroup and channel chats only',
  [ErrorCode.INVITE_LINK_INVALID]: 'INVITE_HASH_EXPIRED',
};

/** Runs an invite link call on the chat in chat_id, answering refusals as Telegram does. */
async function inviting<T>(call: BotCall, work: (chatId: number) => Promise<T>): Promise<T> {
  const chatId = await resolveChat(call);
  try {
    return await work(chatId);
  } catch (error) {
    const refusal = error instanceof DomainError ? REFUSALS[error.code] : undefined;
    throw refusal ? badRequest(refusal) : error;
  }
}

/** The invite_link parameter: the token, or a link that ends in it (as a bot may keep it). */
function linkParam(call: BotCall): string {
  const raw = call.params.requireString('invite_link', 'invite_link is empty').trim();
  return /[A-Za-z0-9_-]{16}$/.exec(raw)?.[0] ?? raw;
}

/** createChatInviteLink's and editChatInviteLink's name, expire_date, member_limit, creates_join_request. */
function linkInput(call: BotCall): InviteLinkInput {
  const memberLimit = call.params.int('member_limit');
  const requiresApproval = call.params.bool('creates_join_request') ?? false;
  const outOfBounds = (limit: number) => limit < MEMBER_LIMIT.min || limit > MEMBER_LIMIT.max;
  if (memberLimit !== undefined && outOfBounds(memberLimit))
    throw badRequest('member_limit must be between 1 and 99999');
  if (requiresApproval && memberLimit !== undefined)
    throw badRequest("member limit can't be specified for links requiring administrator approval");
  return {
    name: call.params.string('name') ?? '',
    expiresAt: call.params.int('expire_date') ?? 0,
    usageLimit: memberLimit ?? 0,
    requiresApproval,
  };
}

/** The domain's link as the bot sees it, in Telegram's form. */
async function linkJson(call: BotCall, link: InviteLink): Promise<Json> {
  return inviteLinkJson(await call.domain.bots.viewInviteLink(call.session.caller, link));
}

export const inviteMethods: Record<string, BotMethod> = {
  async exportChatInviteLink(call) {
    const link = await inviting(call, (chatId) =>
      call.domain.invites.exportPrimary(call.session.caller, chatId),
    );
    return link.link;
  },

  async createChatInviteLink(call) {
    const input = linkInput(call);
    const link = await inviting(call, (chatId) =>
      call.domain.invites.create(call.session.caller, chatId, input),
    );
    return linkJson(call, link);
  },

  async editChatInviteLink(call) {
    const input = linkInput(call);
    const link = await inviting(call, (chatId) =>
      call.domain.invites.edit(call.session.caller, chatId, linkParam(call), input),
    );
    return linkJson(call, link);
  },

  async revokeChatInviteLink(call) {
    const link = await inviting(call, (chatId) =>
      call.domain.invites.revoke(call.session.caller, chatId, linkParam(call)),
    );
    return linkJson(call, link);
  },
};
