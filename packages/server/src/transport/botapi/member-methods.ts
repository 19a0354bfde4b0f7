import { create } from '@bufbuild/protobuf';
import {
  type AdminRights,
  AdminRightsSchema,
  type ChatKind,
  MemberRole,
  RestrictionsSchema,
} from '@peyk/protocol';
import type { BotChatMember } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { type BotCall, resolveChat } from './bot-context.js';
import { chatMemberJson, isLargeKind } from './member-objects.js';
import type { BotMethod } from './message-methods.js';
import { type Json, userJson } from './objects.js';

/** Telegram's until_date: less than 30 s or more than 366 days away means "forever" (0). */
function untilDate(call: BotCall): number {
  const until = call.params.int('until_date') ?? 0;
  const now = Math.floor(Date.now() / 1000);
  return until - now < 30 || until - now > 366 * 86_400 ? 0 : until;
}

async function kindOf(call: BotCall, chatId: number): Promise<ChatKind> {
  return (await call.domain.chats.getChat(call.session.caller, chatId)).kind;
}

function requireLarge(kind: ChatKind): void {
  if (!isLargeKind(kind)) throw badRequest('method is available for supergroup and channel chats only');
}

async function memberJson(call: BotCall, kind: ChatKind, member: BotChatMember): Promise<Json> {
  const user = userJson(await call.domain.bots.viewUser(call.session.caller, member.userId));
  return chatMemberJson(user, member.standing, kind);
}

/** Telegram's ChatPermissions as Peyk's restrictions: what is not permitted is restricted. */
function restrictionsFromPermissions(call: BotCall) {
  const permissions = call.params.json('permissions') as Json | undefined;
  if (typeof permissions !== 'object' || permissions === null) throw badRequest('permissions is empty');
  const denied = (...names: string[]) => names.some((name) => permissions[name] === false);
  return create(RestrictionsSchema, {
    noMessages: denied('can_send_messages'),
    noMedia: denied(
      'can_send_media_messages',
      'can_send_audios',
      'can_send_documents',
      'can_send_photos',
      'can_send_videos',
      'can_send_video_notes',
      'can_send_voice_notes',
    ),
    noLinks: denied('can_add_web_page_previews'),
    until: untilDate(call),
  });
}

/** promoteChatMember's can_* parameters as Peyk's admin rights. */
function rightsFromParams(call: BotCall): AdminRights {
  const can = (name: string) => call.params.bool(name) ?? false;
  return create(AdminRightsSchema, {
    changeInfo: can('can_change_info'),
    deleteMessages: can('can_delete_messages'),
    banUsers: can('can_restrict_members'),
    inviteUsers: can('can_invite_users'),
    pinMessages: can('can_pin_messages'),
    manageAdmins: can('can_promote_members'),
    postAnonymously: can('is_anonymous'),
    postMessages: can('can_post_messages'),
    editMessages: can('can_edit_messages'),
  });
}

function anyRight(rights: AdminRights): boolean {
  return Object.entries(rights).some(([key, value]) => key !== '$typeName' && value === true);
}

export const memberMethods: Record<string, BotMethod> = {
  async getChatMember(call) {
    const chatId = await resolveChat(call);
    const userId = call.params.requireInt('user_id', 'user_id is empty');
    const { kind, member } = await call.domain.botMembers.member(call.session.caller, chatId, userId);
    return memberJson(call, kind, member);
  },

  async getChatMemberCount(call) {
    const chat = await call.domain.chats.getChat(call.session.caller, await resolveChat(call));
    return chat.memberCount;
  },

  async getChatAdministrators(call) {
    const chatId = await resolveChat(call);
    const { kind, admins } = await call.domain.botMembers.admins(call.session.caller, chatId);
    return Promise.all(admins.map((m) => memberJson(call, kind, m)));
  },

  async banChatMember(call) {
    const chatId = await resolveChat(call);
    const userId = call.params.requireInt('user_id', 'user_id is empty');
    // COMPAT: revoke_messages is not applied; a small group keeps no ban list, so a ban there removes the member.
    if (isLargeKind(await kindOf(call, chatId))) {
      await call.domain.channels.ban(call.session.caller, chatId, userId, untilDate(call));
    } else {
      await call.domain.chats.removeMember(call.session.caller, chatId, userId);
    }
    return true;
  },

  async unbanChatMember(call) {
    const chatId = await resolveChat(call);
    const userId = call.params.requireInt('user_id', 'user_id is empty');
    // COMPAT: unbanning a member does not remove them (Telegram's does unless only_if_banned).
    if (isLargeKind(await kindOf(call, chatId))) {
      await call.domain.channels.unban(call.session.caller, chatId, userId);
    }
    return true;
  },

  async restrictChatMember(call) {
    const chatId = await resolveChat(call);
    const userId = call.params.requireInt('user_id', 'user_id is empty');
    requireLarge(await kindOf(call, chatId));
    await call.domain.channels.restrict(
      call.session.caller,
      chatId,
      userId,
      restrictionsFromPermissions(call),
    );
    return true;
  },

  async promoteChatMember(call) {
    const chatId = await resolveChat(call);
    const userId = call.params.requireInt('user_id', 'user_id is empty');
    const rights = rightsFromParams(call);
    if (isLargeKind(await kindOf(call, chatId))) {
      await call.domain.channels.setAdminRights(
        call.session.caller,
        chatId,
        userId,
        anyRight(rights) ? rights : undefined,
      );
    } else {
      const role = anyRight(rights) ? MemberRole.ADMIN : MemberRole.MEMBER;
      await call.domain.chats.setMemberRole(call.session.caller, chatId, userId, role);
    }
    return true;
  },

  async approveChatJoinRequest(call) {
    return decide(call, true);
  },

  async declineChatJoinRequest(call) {
    return decide(call, false);
  },
};
memberMethods.getChatMembersCount = memberMethods.getChatMemberCount as BotMethod;

async function decide(call: BotCall, approve: boolean) {
  const chatId = await resolveChat(call);
  const userId = call.params.requireInt('user_id', 'user_id is empty');
  try {
    await call.domain.invites.decide(call.session.caller, chatId, userId, approve);
  } catch (error) {
    if ((error as { code?: string }).code === 'USER_NOT_FOUND') throw badRequest('HIDE_REQUESTER_MISSING');
    throw error;
  }
  return true;
}
