import { toBinary } from '@bufbuild/protobuf';
import {
  ChatKind,
  EntityType,
  MemberRole,
  type Message,
  ServiceKind,
  type Update,
  UpdateSchema,
} from '@peyk/protocol';
import { subjects } from '../../bus/subjects.js';
import type { BotRecipient } from '../../store/sql/bots-repo.js';
import type { Repositories } from '../../store/store.js';
import { parseId } from '../ids.js';
import type { BotWake } from '../updates/fanout.js';
import { type BotUpdateKind, isAllowed } from './update-kinds.js';

/** Updates older than this are dropped whether the bot confirmed them or not (as Telegram's). */
export const BOT_UPDATE_TTL = 24 * 3600;

/**
 * Turns chat events into bot updates, inside the event's write: each bot among the recipients gets
 * the kinds it would see, in its own queue, with the next update_id. Returns a wake-up for each bot
 * that got one: for its long polls, or for the webhook senders of every node.
 */
export async function feedBots(
  tx: Repositories,
  chatId: number,
  recipients: readonly number[] | undefined,
  update: Update,
  date: number,
): Promise<BotWake[]> {
  // A large chat's members are not read: its bots are listed apart (one indexed read, usually empty).
  const bots: (BotRecipient & { role?: MemberRole })[] = recipients
    ? await tx.bots.botsAmong(recipients)
    : await tx.bots.botsInChat(chatId);
  if (bots.length === 0) return [];
  const chat = await tx.chats.chatById(chatId);
  if (!chat) return [];
  const payload = toBinary(UpdateSchema, update);
  const wakes: BotWake[] = [];
  for (const bot of bots) {
    const kinds =
      chat.kind === ChatKind.CHANNEL
        ? channelKinds(bot, bot.role, update, date)
        : await kindsFor(tx, bot, chat.kind === ChatKind.PRIVATE, update, date);
    const allowed = kinds.filter((kind) => isAllowed(bot.allowedUpdates, kind));
    for (const kind of allowed) await tx.bots.appendUpdate(bot.userId, date, kind, payload);
    if (allowed.length > 0) wakes.push(wakeUp(bot.userId, bot.hasWebhook));
  }
  return wakes;
}

/** What a bot sees of one chat event: nothing of its own doings, and privacy mode in groups. */
async function kindsFor(
  tx: Repositories,
  bot: BotRecipient,
  isPrivate: boolean,
  update: Update,
  date: number,
): Promise<BotUpdateKind[]> {
  const { kind } = update;
  if (kind.case === 'newMessage') {
    const message = kind.value;
    if (parseId(message.senderId) === bot.userId) return [];
    const service = message.service;
    // Membership changes reach bots as my_chat_member and chat_member from member-updates.ts.
    if (service && service.kind !== ServiceKind.UNSPECIFIED) return ['message'];
    return isPrivate || (await seesInGroup(tx, bot, message)) ? ['message'] : [];
  }
  if (kind.case === 'messageEdited') {
    const message = kind.value;
    // The same event carries reaction and pin changes: only a text edit stamps the edit date.
    if (message.editDate !== date || parseId(message.senderId) === bot.userId) return [];
    return isPrivate || (await seesInGroup(tx, bot, message)) ? ['edited_message'] : [];
  }
  if (kind.case === 'reactionChanged') {
    return parseId(kind.value.userId) === bot.userId ? [] : ['message_reaction'];
  }
  return [];
}

/**
 * What a bot sees of a channel: posts and their edits when it is an admin (as Telegram, which
 * lets bots into channels only as admins).
 */
function channelKinds(
  bot: BotRecipient,
  role: MemberRole | undefined,
  update: Update,
  date: number,
): BotUpdateKind[] {
  const { kind } = update;
  const admin = role === MemberRole.ADMIN || role === MemberRole.OWNER;
  if (kind.case === 'newMessage') {
    const message = kind.value;
    return admin && parseId(message.senderId) !== bot.userId ? ['channel_post'] : [];
  }
  if (kind.case === 'messageEdited') {
    const message = kind.value;
    if (message.editDate !== date || parseId(message.senderId) === bot.userId) return [];
    return admin ? ['edited_channel_post'] : [];
  }
  return [];
}

/** Privacy mode: commands, replies to the bot and mentions of it; everything when it is off. */
async function seesInGroup(tx: Repositories, bot: BotRecipient, message: Message): Promise<boolean> {
  if (!bot.privacy) return true;
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@([A-Za-z0-9_]+))?/.exec(message.text);
  if (command) return !command[1] || command[1].toLowerCase() === bot.username;
  for (const entity of message.entities) {
    if (entity.type === EntityType.TEXT_MENTION && parseId(entity.userId) === bot.userId) return true;
    if (entity.type === EntityType.MENTION) {
      const name = message.text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase();
      if (name === bot.username) return true;
    }
  }
  if (!message.replyToId) return false;
  const replied = await tx.messages.message(parseId(message.chatId), message.replyToId);
  return replied?.sender_id === bot.userId;
}

/** The bus message that tells a bot's long polls, or every node's webhook sender, of new updates. */
export function wakeUp(botId: number, hasWebhook: boolean): BotWake {
  const delivery = hasWebhook
    ? { payload: new TextEncoder().encode(String(botId)), subject: subjects.botWebhooks() }
    : { payload: new Uint8Array(), subject: subjects.bot(botId) };
  return { botId, delivery };
}
