import { create } from '@bufbuild/protobuf';
import { ChatKind, EntityType, type MessageEntity, MessageEntitySchema, ServiceKind } from '@peyk/protocol';
import {
  type BotChat,
  type BotInviteLink,
  type BotMessage,
  type BotUpdate,
  type BotUser,
  botPollId,
} from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { inlineKeyboardJson } from './keyboards.js';
import { mediaJson } from './media-objects.js';
import { chatMemberJson } from './member-objects.js';
import { isPollInlineUpdate, pollInlineUpdateJson, pollJson } from './poll-inline-objects.js';

/** Telegram's JSON objects, built from what the domain returns to a bot. */
export type Json = Record<string, unknown>;

const ENTITY_NAMES: Record<number, string> = {
  [EntityType.BOLD]: 'bold',
  [EntityType.ITALIC]: 'italic',
  [EntityType.UNDERLINE]: 'underline',
  [EntityType.STRIKETHROUGH]: 'strikethrough',
  [EntityType.CODE]: 'code',
  [EntityType.PRE]: 'pre',
  [EntityType.TEXT_LINK]: 'text_link',
  [EntityType.MENTION]: 'mention',
  [EntityType.HASHTAG]: 'hashtag',
  [EntityType.TEXT_MENTION]: 'text_mention',
  [EntityType.URL]: 'url',
};
const ENTITY_TYPES = new Map(Object.entries(ENTITY_NAMES).map(([type, name]) => [name, Number(type)]));

export function userJson(user: BotUser): Json {
  const json: Json = { id: user.id, is_bot: user.isBot, first_name: user.displayName };
  if (user.username) json.username = user.username;
  return json;
}

/**
 * Telegram's ChatInviteLink. COMPAT: `invite_link` is the link's token (the web app opens it at
 * `/#/+<token>`; the server does not know the address it is reached at), and
 * `pending_join_request_count` is left out.
 */
export function inviteLinkJson(link: BotInviteLink): Json {
  const json: Json = {
    invite_link: link.link,
    creator: userJson(link.creator),
    creates_join_request: link.requiresApproval,
    is_primary: link.primary,
    is_revoked: link.revoked,
  };
  if (link.name) json.name = link.name;
  if (link.expiresAt) json.expire_date = link.expiresAt;
  if (link.usageLimit) json.member_limit = link.usageLimit;
  return json;
}

/**
 * COMPAT: a private chat's id is the other person's user id, as Telegram's; a group's, a
 * supergroup's and a channel's is minus Peyk's chat id (no -100 prefix: Peyk's chat ids are
 * unique across kinds, and a prefix would make some ids ambiguous).
 */
export function chatId(chat: BotChat): number {
  return chat.kind === ChatKind.PRIVATE ? (chat.peer?.id ?? 0) : -chat.id;
}

export function chatJson(chat: BotChat): Json {
  if (chat.kind === ChatKind.PRIVATE && chat.peer) {
    const json: Json = { id: chat.peer.id, type: 'private', first_name: chat.peer.displayName };
    if (chat.peer.username) json.username = chat.peer.username;
    return json;
  }
  const json: Json = { id: -chat.id, type: CHAT_TYPES[chat.kind] ?? 'group', title: chat.title };
  if (chat.username) json.username = chat.username;
  return json;
}

const CHAT_TYPES: Partial<Record<ChatKind, string>> = {
  [ChatKind.GROUP]: 'group',
  [ChatKind.SUPERGROUP]: 'supergroup',
  [ChatKind.CHANNEL]: 'channel',
};

export function messageJson(view: BotMessage): Json {
  const { message } = view;
  const json: Json = { message_id: message.id };
  // A channel post is the channel's, as Telegram's: sender_chat instead of from.
  if (view.chat.kind === ChatKind.CHANNEL) {
    json.sender_chat = chatJson(view.chat);
    if (message.authorSignature) json.author_signature = message.authorSignature;
  } else json.from = userJson(view.from);
  json.chat = chatJson(view.chat);
  json.date = message.date;
  if (message.editDate) json.edit_date = message.editDate;
  if (view.replyTo) json.reply_to_message = messageJson(view.replyTo);
  if (message.forward && view.forwardFrom) {
    json.forward_origin = {
      type: 'user',
      sender_user: userJson(view.forwardFrom),
      date: message.forward.date,
    };
    json.forward_from = userJson(view.forwardFrom);
    json.forward_date = message.forward.date;
  }
  const service = message.service;
  if (service && service.kind !== ServiceKind.UNSPECIFIED) {
    Object.assign(json, serviceJson(view));
    return json;
  }
  if (view.viaBot) json.via_bot = userJson(view.viaBot);
  const keyboard = inlineKeyboardJson(message.replyMarkup);
  if (keyboard) json.reply_markup = keyboard;
  if (message.poll) {
    json.poll = pollJson(botPollId(view.chat.id, message.id), message.poll);
    return json;
  }
  const entities = [...message.entities.map((e) => entityJson(e, view)), ...botCommands(message.text)].sort(
    (a, b) => (a.offset as number) - (b.offset as number),
  );
  // A message with media has a caption (maybe none) instead of a text, as Telegram's.
  if (message.media) {
    Object.assign(json, mediaJson(view));
    if (message.text) json.caption = message.text;
    if (message.text && entities.length > 0) json.caption_entities = entities;
    if (message.albumId && message.albumId !== '0') json.media_group_id = message.albumId;
    return json;
  }
  json.text = message.text;
  if (entities.length > 0) json.entities = entities;
  return json;
}

function serviceJson(view: BotMessage): Json {
  const service = view.message.service;
  switch (service?.kind) {
    case ServiceKind.GROUP_CREATED:
      return { group_chat_created: true };
    case ServiceKind.MEMBERS_ADDED: {
      const members = view.serviceUsers.map(userJson);
      return { new_chat_members: members, new_chat_member: members[0], new_chat_participant: members[0] };
    }
    case ServiceKind.MEMBER_REMOVED:
    case ServiceKind.MEMBER_LEFT: {
      const user = view.serviceUsers[0];
      return user ? { left_chat_member: userJson(user), left_chat_participant: userJson(user) } : {};
    }
    case ServiceKind.TITLE_CHANGED:
      return { new_chat_title: service.title };
    case ServiceKind.MESSAGE_PINNED:
      // COMPAT: pinned_message carries only the id and chat of the pinned message, not its content.
      return { pinned_message: { message_id: service.messageId, chat: chatJson(view.chat), date: 0 } };
    default:
      return {};
  }
}

/** Telegram marks commands itself (Peyk clients do not send them as entities). */
function botCommands(text: string): Json[] {
  const entities: Json[] = [];
  for (const match of text.matchAll(/(?<![\w/])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/g)) {
    entities.push({ type: 'bot_command', offset: match.index, length: match[0].length });
  }
  return entities;
}

function entityJson(entity: MessageEntity, view: BotMessage): Json {
  const json: Json = {
    type: ENTITY_NAMES[entity.type] ?? 'unknown',
    offset: entity.offset,
    length: entity.length,
  };
  if (entity.type === EntityType.TEXT_LINK) json.url = entity.url;
  if (entity.type === EntityType.PRE && entity.language) json.language = entity.language;
  if (entity.type === EntityType.TEXT_MENTION) {
    const id = Number(entity.userId);
    const known = [view.from, ...view.serviceUsers, view.chat.peer].find((u) => u?.id === id);
    json.user = known ? userJson(known) : { id, is_bot: false, first_name: '' };
  }
  return json;
}

/** Telegram's MessageEntity objects as the protocol's; types Peyk lacks are dropped (COMPAT). */
export function entitiesFromJson(value: unknown): MessageEntity[] {
  if (!Array.isArray(value)) throw badRequest("can't parse entities: expected an Array");
  const entities: MessageEntity[] = [];
  for (const item of value as Json[]) {
    if (typeof item !== 'object' || item === null)
      throw badRequest("can't parse entities: expected an Object");
    const type = ENTITY_TYPES.get(String(item.type));
    const offset = Number(item.offset);
    const length = Number(item.length);
    if (!Number.isInteger(offset) || !Number.isInteger(length)) {
      throw badRequest('can\'t parse entities: field "offset" and "length" must be integers');
    }
    // COMPAT: bot_command, cashtag, email, phone_number, spoiler, blockquote and custom_emoji are dropped.
    if (type === undefined) continue;
    const user = item.user as Json | undefined;
    entities.push(
      create(MessageEntitySchema, {
        type,
        offset,
        length,
        url: typeof item.url === 'string' ? item.url : '',
        userId: user && Number.isSafeInteger(user.id) ? String(user.id) : '0',
        language: typeof item.language === 'string' ? item.language : '',
      }),
    );
  }
  return entities;
}

export function updateJson(update: BotUpdate): Json {
  const json: Json = { update_id: update.updateId };
  if (update.kind === 'message_reaction') {
    const { reaction } = update;
    json.message_reaction = {
      chat: chatJson(reaction.chat),
      message_id: reaction.messageId,
      user: userJson(reaction.user),
      date: update.date,
      // COMPAT: old_reaction is always empty (Peyk's event carries the new reaction only).
      old_reaction: [],
      new_reaction: reaction.emoji ? [{ type: 'emoji', emoji: reaction.emoji }] : [],
    };
    return json;
  }
  if (update.kind === 'callback_query') {
    const query = update.callbackQuery;
    const query_json: Json = {
      id: query.id,
      from: userJson(query.from),
      chat_instance: query.chatInstance,
      data: query.data,
    };
    // COMPAT: a pressed message deleted since is left out (Telegram sends an InaccessibleMessage).
    if (query.message) query_json.message = messageJson(query.message);
    json.callback_query = query_json;
    return json;
  }
  if (update.kind === 'my_chat_member' || update.kind === 'chat_member') {
    const change = update.memberChange;
    const user = userJson(change.user);
    json[update.kind] = {
      chat: chatJson(change.chat),
      from: userJson(change.from),
      date: update.date,
      old_chat_member: chatMemberJson(user, change.old, change.chat.kind),
      new_chat_member: chatMemberJson(user, change.new, change.chat.kind),
    };
    return json;
  }
  if (update.kind === 'chat_join_request') {
    const request = update.joinRequest;
    json.chat_join_request = {
      chat: chatJson(request.chat),
      from: userJson(request.from),
      // The requester's private chat with the bot has the requester's id, as Telegram's.
      user_chat_id: request.from.id,
      date: update.date,
      invite_link: inviteLinkJson(request.inviteLink),
    };
    return json;
  }
  if (isPollInlineUpdate(update)) return { ...json, ...pollInlineUpdateJson(update) };
  if ('message' in update) json[update.kind] = messageJson(update.message);
  return json;
}
