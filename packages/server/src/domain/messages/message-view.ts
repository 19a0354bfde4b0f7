import { create, fromJsonString } from '@bufbuild/protobuf';
import {
  ForwardInfoSchema,
  type Message,
  type MessageEntity,
  MessageEntitySchema,
  type MessageList,
  MessageListSchema,
  MessageSchema,
  type ReactionCount,
  ReactionCountSchema,
  ReplyMarkupSchema,
  type ServiceAction,
  ServiceActionSchema,
} from '@peyk/protocol';
import type { MessageRow, ReactionRow } from '../../store/schema.js';
import type { PollCounts } from '../../store/sql/polls-repo.js';
import type { Repositories } from '../../store/store.js';
import { parseId, wireId } from '../ids.js';
import { mediaFromJson } from '../media/stored-media.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import { pollFromJson, toPoll } from '../polls/stored-poll.js';

/** Above every message id (ids are 32-bit in the store): an anchor meaning "after the newest". */
export const AFTER_NEWEST = 2 ** 31 - 1;

/** An entity as stored: the protocol's fields, with a numeric user id. */
export interface StoredEntity {
  type: number;
  offset: number;
  length: number;
  url?: string;
  userId?: number;
  language?: string;
}

export interface StoredService {
  kind: number;
  userIds: number[];
  title?: string;
  messageId?: number;
}

/** Messages as `viewerId` sees them, with reaction counts, the viewer's own reaction and polls' tallies. */
export async function viewMessages(
  repos: Repositories,
  viewerId: number,
  chatId: number,
  rows: readonly MessageRow[],
): Promise<Message[]> {
  const polls = rows.filter((r) => r.poll).map((r) => r.id);
  const [reactions, counts, chosen] = await Promise.all([
    repos.messages.reactions(
      chatId,
      rows.map((r) => r.id),
    ),
    repos.polls.counts(chatId, polls),
    repos.polls.choices(chatId, polls, viewerId),
  ]);
  return viewWithReactions(viewerId, rows, reactions, { counts, chosen });
}

/** The polls' votes among messages of one chat, by message id. */
export interface PollTallies {
  counts: ReadonlyMap<number, PollCounts>;
  /** The viewer's own choice. */
  chosen: ReadonlyMap<number, number[]>;
}

/**
 * Messages as the viewer sees them, given their reactions (rows of any chats) and, for rows of
 * one chat, its polls' tallies (without them a poll shows no votes: message search never finds
 * polls, which have no text).
 */
export function viewWithReactions(
  viewerId: number,
  rows: readonly MessageRow[],
  reactions: readonly ReactionRow[],
  polls?: PollTallies,
): Message[] {
  return rows.map((row) => {
    const own = reactions.filter((r) => r.chat_id === row.chat_id && r.message_id === row.id);
    const message = toMessage(row, reactionCounts(own), own.find((r) => r.user_id === viewerId)?.emoji ?? '');
    if (row.sender_id !== viewerId) message.randomId = '0';
    if (row.poll) {
      message.poll = toPoll(
        pollFromJson(row.poll),
        polls?.counts.get(row.id),
        polls?.chosen.get(row.id),
        row.sender_id === viewerId,
      );
    }
    return message;
  });
}

/** The messages as the viewer sees them, with the people they name (senders, forwarded from, service). */
export async function messageListFor(
  repos: Repositories,
  online: OnlineCheck,
  viewerId: number,
  chatId: number,
  rows: MessageRow[],
): Promise<MessageList> {
  const messages = await viewMessages(repos, viewerId, chatId, rows);
  const userIds = new Set<number>();
  for (const row of rows) {
    userIds.add(row.sender_id);
    if (row.fwd_user_id) userIds.add(row.fwd_user_id);
    if (row.via_bot_id) userIds.add(row.via_bot_id);
  }
  for (const message of messages) for (const id of message.service?.userIds ?? []) userIds.add(Number(id));
  const users = await repos.accounts.usersByIds([...userIds]);
  return create(MessageListSchema, { messages, users: await viewUsers(repos, online, viewerId, users) });
}

/** The message without viewer-specific fields: what chat events carry. */
export function toMessage(row: MessageRow, reactions: ReactionCount[] = [], myReaction = ''): Message {
  return create(MessageSchema, {
    chatId: wireId(row.chat_id),
    id: row.id,
    // An anonymous admin's message shows no author, to anyone (their own devices included).
    senderId: wireId(row.anonymous === 1 ? 0 : row.sender_id),
    date: row.date,
    editDate: row.edit_date,
    text: row.text,
    entities: entitiesFromJson(row.entities),
    replyToId: row.reply_to_id,
    forward: row.fwd_user_id
      ? create(ForwardInfoSchema, {
          fromUserId: wireId(row.fwd_user_id),
          fromChatId: wireId(row.fwd_chat_id),
          fromMessageId: row.fwd_message_id,
          date: row.fwd_date,
        })
      : undefined,
    reactions,
    pinned: row.pinned === 1,
    service: row.service ? serviceFromJson(row.service) : undefined,
    myReaction,
    randomId: wireId(row.random_id),
    media: row.media ? mediaFromJson(row.media) : undefined,
    albumId: wireId(row.album_id),
    authorSignature: row.author_signature,
    silent: row.silent === 1,
    anonymous: row.anonymous === 1,
    views: row.views,
    discussionMessageId: row.discussion_message_id,
    replyMarkup: row.reply_markup ? fromJsonString(ReplyMarkupSchema, row.reply_markup) : undefined,
    // Without counts: what a chat event carries of a poll that is not about votes (a new poll, a pin).
    poll: row.poll ? toPoll(pollFromJson(row.poll)) : undefined,
    viaBotId: wireId(row.via_bot_id),
  });
}

/** Counts per emoji, in the order each emoji was first used. */
export function reactionCounts(rows: readonly ReactionRow[]): ReactionCount[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.emoji, (counts.get(row.emoji) ?? 0) + 1);
  return [...counts].map(([emoji, count]) => create(ReactionCountSchema, { emoji, count }));
}

export function entitiesToJson(entities: readonly MessageEntity[]): string {
  const stored: StoredEntity[] = entities.map((e) => ({
    type: e.type,
    offset: e.offset,
    length: e.length,
    ...(e.url ? { url: e.url } : {}),
    ...(e.userId !== '0' && e.userId ? { userId: parseId(e.userId) } : {}),
    ...(e.language ? { language: e.language } : {}),
  }));
  return JSON.stringify(stored);
}

export function entitiesFromJson(json: string): MessageEntity[] {
  return (JSON.parse(json) as StoredEntity[]).map((e) =>
    create(MessageEntitySchema, {
      type: e.type,
      offset: e.offset,
      length: e.length,
      url: e.url ?? '',
      userId: wireId(e.userId ?? 0),
      language: e.language ?? '',
    }),
  );
}

function serviceFromJson(json: string): ServiceAction {
  const stored = JSON.parse(json) as StoredService;
  return create(ServiceActionSchema, {
    kind: stored.kind,
    userIds: stored.userIds.map(wireId),
    title: stored.title ?? '',
    messageId: stored.messageId ?? 0,
  });
}
