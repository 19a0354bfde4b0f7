import { ChatKind } from '@peyk/protocol';
import { parseId } from '../../domain/index.js';
import { resolveChat } from './bot-context.js';
import type { BotMethod } from './message-methods.js';
import { chatJson } from './objects.js';

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
        : chatJson({ id: chatId, kind: chat.kind, title: chat.title, username: chat.username || undefined });
    // As Telegram's: the bot's own primary link, once exportChatInviteLink made one.
    const inviteLink =
      chat.kind === ChatKind.PRIVATE
        ? undefined
        : await call.domain.invites.primaryLink(call.session.caller, chatId);
    return {
      ...json,
      accent_color_id: 0,
      max_reaction_count: 1,
      ...(inviteLink && { invite_link: inviteLink }),
    };
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
