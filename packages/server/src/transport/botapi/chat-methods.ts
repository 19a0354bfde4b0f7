import { ChatKind, MemberRole } from '@peyk/protocol';
import { parseId } from '../../domain/index.js';
import { type BotCall, resolveChat } from './bot-context.js';
import type { BotMethod } from './message-methods.js';
import { chatJson, type Json, userJson } from './objects.js';

const STATUS: Record<number, string> = {
  [MemberRole.OWNER]: 'creator',
  [MemberRole.ADMIN]: 'administrator',
  [MemberRole.MEMBER]: 'member',
};

async function members(call: BotCall, chatId: number): Promise<{ userId: number; role: MemberRole }[]> {
  const list = await call.domain.chats.listMembers(call.session.caller, chatId);
  return list.members.map((m) => ({ userId: parseId(m.userId), role: m.role }));
}

async function memberJson(call: BotCall, userId: number, role: MemberRole | undefined): Promise<Json> {
  const user = userJson(await call.domain.bots.viewUser(call.session.caller, userId));
  const status = role === undefined ? 'left' : (STATUS[role] ?? 'member');
  const json: Json = { status, user };
  if (status === 'creator') json.is_anonymous = false;
  // COMPAT: Peyk's admins have every right; the rights below say so.
  if (status === 'administrator') {
    Object.assign(json, {
      can_be_edited: false,
      is_anonymous: false,
      can_manage_chat: true,
      can_delete_messages: true,
      can_manage_video_chats: false,
      can_restrict_members: true,
      can_promote_members: true,
      can_change_info: true,
      can_invite_users: true,
      can_pin_messages: true,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
    });
  }
  return json;
}

export const chatMethods: Record<string, BotMethod> = {
  async getChat(call) {
    const chatId = await resolveChat(call);
    const chat = await call.domain.chats.getChat(call.session.caller, chatId);
    const json =
      chat.kind === ChatKind.PRIVATE
        ? chatJson({
            id: chatId,
            kind: chat.kind,
            title: '',
            peer: await call.domain.bots.viewUser(call.session.caller, parseId(chat.peerUserId)),
          })
        : chatJson({ id: chatId, kind: chat.kind, title: chat.title });
    return { ...json, accent_color_id: 0, max_reaction_count: 1 };
  },

  async getChatMember(call) {
    const chatId = await resolveChat(call);
    const userId = call.params.requireInt('user_id', 'user_id is empty');
    const member = (await members(call, chatId)).find((m) => m.userId === userId);
    return memberJson(call, userId, member?.role);
  },

  async getChatMemberCount(call) {
    return (await members(call, await resolveChat(call))).length;
  },

  async getChatAdministrators(call) {
    const list = await members(call, await resolveChat(call));
    const admins = list.filter((m) => m.role === MemberRole.ADMIN || m.role === MemberRole.OWNER);
    return Promise.all(admins.map((m) => memberJson(call, m.userId, m.role)));
  },

  // COMPAT: a ban removes the member from the group; Peyk keeps no ban list, so unban does nothing.
  async banChatMember(call) {
    const chatId = await resolveChat(call);
    await call.domain.chats.removeMember(call.session.caller, chatId, call.params.requireInt('user_id'));
    return true;
  },

  async unbanChatMember(call) {
    await resolveChat(call);
    call.params.requireInt('user_id');
    return true;
  },

  async setChatTitle(call) {
    const chatId = await resolveChat(call);
    await call.domain.chats.renameChat(
      call.session.caller,
      chatId,
      call.params.requireString('title', 'chat title is empty'),
    );
    return true;
  },

  async leaveChat(call) {
    await call.domain.chats.leaveChat(call.session.caller, await resolveChat(call));
    return true;
  },
};
chatMethods.getChatMembersCount = chatMethods.getChatMemberCount as BotMethod;
