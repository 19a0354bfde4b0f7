import { create } from '@bufbuild/protobuf';
import {
  type InputMedia,
  type Message,
  type ReplyMarkup,
  ReplyMarkupKind,
  ReplyMarkupSchema,
} from '@peyk/protocol';
import { badRequest } from './bot-api-error.js';
import { type BotCall, freshRandomId, isGroupTarget, resolveChat } from './bot-context.js';
import { naming } from './domain-errors.js';
import { replyMarkupFromJson } from './keyboards.js';
import { entitiesFromJson, type Json, messageJson } from './objects.js';
import type { ParamReader } from './params.js';
import { type FormattedText, parseHtml, parseMarkdownV2 } from './parse-mode.js';

/** A method: reads its parameters, calls the domain, returns Telegram's result. */
export type BotMethod = (call: BotCall) => Promise<unknown>;

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

/** As Telegram's: an edit without reply_markup takes the inline keyboard away. */
export const removeInlineKeyboard = create(ReplyMarkupSchema, { kind: ReplyMarkupKind.UNSPECIFIED });

/** The text and entities of a call, from parse_mode or explicit entities. */
export function formatted(params: ParamReader, textName: string, entitiesName: string): FormattedText {
  const text = params.string(textName) ?? '';
  const mode = params.string('parse_mode');
  if (mode) {
    const lower = mode.toLowerCase();
    if (lower === 'html') return parseHtml(text);
    if (lower === 'markdownv2') return parseMarkdownV2(text);
    // COMPAT: the legacy "Markdown" mode is read as MarkdownV2.
    if (lower === 'markdown') return parseMarkdownV2(text);
    throw badRequest(`unsupported parse_mode`);
  }
  const entities = params.json(entitiesName);
  return { text, entities: entities === undefined ? [] : entitiesFromJson(entities) };
}

export function replyToId(call: BotCall): number {
  const parameters = call.params.json('reply_parameters') as Json | undefined;
  if (parameters !== undefined) {
    const id = parameters.message_id;
    if (!Number.isSafeInteger(id)) throw badRequest('invalid reply_parameters specified');
    // COMPAT: replying to a message in another chat (reply_parameters.chat_id) is not supported.
    return id as number;
  }
  return call.params.int('reply_to_message_id') ?? 0;
}

export async function viewed(call: BotCall, message: Message): Promise<Json> {
  const [view] = await call.domain.bots.viewMessages(call.session.caller, [message]);
  return messageJson(view as NonNullable<typeof view>);
}

/**
 * editMessageText and editMessageCaption: the new text (or caption) with its entities and, as
 * Telegram's, an edit without reply_markup takes the inline keyboard away.
 */
export async function editTextOrCaption(
  call: BotCall,
  textName: 'text' | 'caption',
  entitiesName: 'entities' | 'caption_entities',
): Promise<Json> {
  // COMPAT: inline messages (inline_message_id) do not exist in Peyk yet.
  if (call.params.has('inline_message_id')) throw badRequest('inline messages are not supported');
  const chatId = await resolveChat(call);
  const messageId = call.params.requireInt('message_id', 'message identifier is not specified');
  const content = formatted(call.params, textName, entitiesName);
  const markup = replyMarkupFromJson(call.params.json('reply_markup')) ?? removeInlineKeyboard;
  const message = await naming('message to edit not found', () =>
    call.domain.messages.edit(call.session.caller, chatId, messageId, content.text, content.entities, markup),
  );
  return viewed(call, message);
}

async function sendText(
  call: BotCall,
  chatId: number,
  content: FormattedText,
  replyTo: number,
  replyMarkup?: ReplyMarkup,
  media?: InputMedia,
) {
  await call.throttleSend(chatId, isGroupTarget(call));
  return naming('message to be replied not found', () =>
    call.domain.messages.send(call.session.caller, {
      chatId,
      randomId: freshRandomId(),
      text: content.text,
      entities: content.entities,
      replyToId: replyTo,
      replyMarkup,
      media,
    }),
  );
}

// COMPAT: link_preview_options, disable_notification, protect_content and message_effect_id are
// accepted and not applied (Peyk has no link previews or silent messages yet).
export const messageMethods: Record<string, BotMethod> = {
  async sendMessage(call) {
    const chatId = await resolveChat(call);
    if (!call.params.has('text')) throw badRequest('message text is empty');
    const content = formatted(call.params, 'text', 'entities');
    const markup = replyMarkupFromJson(call.params.json('reply_markup'));
    const message = await sendText(call, chatId, content, replyToId(call), markup);
    return viewed(call, message);
  },

  async forwardMessage(call) {
    const [message] = await forward(call, [
      call.params.requireInt('message_id', 'message identifier is not specified'),
    ]);
    return viewed(call, message as Message);
  },

  async forwardMessages(call) {
    const messages = await forward(call, call.params.intArray('message_ids'));
    return messages.map((m) => ({ message_id: m.id }));
  },

  async copyMessage(call) {
    const [id] = await copy(call, [
      call.params.requireInt('message_id', 'message identifier is not specified'),
    ]);
    return { message_id: id };
  },

  async copyMessages(call) {
    const ids = await copy(call, call.params.intArray('message_ids'));
    return ids.map((id) => ({ message_id: id }));
  },

  async editMessageText(call) {
    return editTextOrCaption(call, 'text', 'entities');
  },

  async editMessageReplyMarkup(call) {
    if (call.params.has('inline_message_id')) throw badRequest('inline messages are not supported');
    const chatId = await resolveChat(call);
    const messageId = call.params.requireInt('message_id', 'message identifier is not specified');
    const markup = replyMarkupFromJson(call.params.json('reply_markup')) ?? removeInlineKeyboard;
    const { messages } = await call.domain.messages.getMessages(call.session.caller, chatId, [messageId]);
    const current = messages[0];
    if (!current) throw badRequest('message to edit not found');
    const message = await call.domain.messages.edit(
      call.session.caller,
      chatId,
      messageId,
      current.text,
      current.entities,
      markup,
    );
    return viewed(call, message);
  },

  async answerCallbackQuery(call) {
    const queryId = call.params.requireString(
      'callback_query_id',
      'query is too old and response timeout expired or query ID is invalid',
    );
    // COMPAT: cache_time is ignored (answers are not cached).
    const answered = call.domain.callbacks.answer(call.session.caller, queryId, {
      text: call.params.string('text') ?? '',
      showAlert: call.params.bool('show_alert') ?? false,
      url: call.params.string('url') ?? '',
    });
    if (!answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
    return true;
  },

  async deleteMessage(call) {
    const chatId = await resolveChat(call);
    const messageId = call.params.requireInt('message_id', 'message identifier is not specified');
    // Telegram refuses a message that is not there; Peyk's delete passes over it.
    const { messages } = await call.domain.messages.getMessages(call.session.caller, chatId, [messageId]);
    if (messages.length === 0) throw badRequest('message to delete not found');
    await call.domain.messages.delete(call.session.caller, chatId, [messageId], true);
    return true;
  },

  async deleteMessages(call) {
    const chatId = await resolveChat(call);
    const ids = call.params.intArray('message_ids');
    await naming('message to delete not found', () =>
      call.domain.messages.delete(call.session.caller, chatId, ids, true),
    );
    return true;
  },

  async sendChatAction(call) {
    const chatId = await resolveChat(call);
    const action = call.params.requireString('action', 'parameter "action" is required');
    if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
    // COMPAT: every action shows as "typing" (Peyk has one kind of activity).
    await call.domain.presence.setTyping(call.session.caller, chatId, true);
    return true;
  },

  async setMessageReaction(call) {
    const chatId = await resolveChat(call);
    const messageId = call.params.requireInt('message_id', 'message identifier is not specified');
    const reactions = (call.params.json('reaction') ?? []) as Json[];
    if (!Array.isArray(reactions)) throw badRequest('invalid reaction specified');
    // COMPAT: one reaction per user, emoji only (no custom emoji, no paid reactions).
    const first = reactions[0];
    if (reactions.length > 1) throw badRequest('REACTIONS_TOO_MANY');
    if (first && first.type !== 'emoji') throw badRequest('REACTION_INVALID');
    await naming('message to react not found', () =>
      call.domain.messages.setReaction(call.session.caller, chatId, messageId, String(first?.emoji ?? '')),
    );
    return true;
  },

  async pinChatMessage(call) {
    return pin(call, true);
  },

  async unpinChatMessage(call) {
    if (call.params.int('message_id') !== undefined) return pin(call, false);
    // As Telegram's: without message_id, the newest pinned message.
    await call.domain.messages.unpinNewest(call.session.caller, await resolveChat(call));
    return true;
  },

  async unpinAllChatMessages(call) {
    await call.domain.messages.unpinAll(call.session.caller, await resolveChat(call));
    return true;
  },
};

async function pin(call: BotCall, pinned: boolean) {
  const chatId = await resolveChat(call);
  const messageId = call.params.requireInt('message_id', 'message identifier is not specified');
  await naming('message to pin not found', () =>
    call.domain.messages.setPinned(call.session.caller, chatId, messageId, pinned),
  );
  return true;
}

async function forward(call: BotCall, ids: number[]): Promise<Message[]> {
  const toChatId = await resolveChat(call);
  const fromChatId = await resolveChat(call, 'from_chat_id');
  await call.throttleSend(toChatId, isGroupTarget(call));
  const list = await naming('message to forward not found', () =>
    call.domain.messages.forward(
      call.session.caller,
      fromChatId,
      ids,
      toChatId,
      ids.map(() => freshRandomId()),
    ),
  );
  return list.messages;
}

/** Copies: the same text, entities and media sent anew, without a link to the original. */
async function copy(call: BotCall, ids: number[]): Promise<number[]> {
  const toChatId = await resolveChat(call);
  const fromChatId = await resolveChat(call, 'from_chat_id');
  const { messages } = await call.domain.messages.getMessages(call.session.caller, fromChatId, ids);
  const replyTo = replyToId(call);
  const caption = call.params.has('caption')
    ? formatted(call.params, 'caption', 'caption_entities')
    : undefined;
  const copied: number[] = [];
  for (const id of ids) {
    const source = messages.find((m) => m.id === id);
    if (!source || source.service) throw badRequest('message to copy not found');
    const content = caption ?? { text: source.text, entities: source.entities };
    const media = source.media
      ? await call.domain.botFiles.useMessageMedia(call.session.caller, fromChatId, id)
      : undefined;
    copied.push((await sendText(call, toChatId, content, replyTo, undefined, media)).id);
  }
  return copied;
}
