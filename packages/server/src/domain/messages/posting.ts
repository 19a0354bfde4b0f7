import { EntityType } from '@peyk/protocol';
import type { ChatMemberRow, ChatRow, MessageRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import type { StoredMedia } from '../media/stored-media.js';
import { isLarge } from '../chats/large-chats.js';
import { scheduleClosing } from '../polls/poll-closer.js';
import { pollFromJson } from '../polls/stored-poll.js';
import { searchEntry } from '../search/search-entry.js';
import type { Delivery, Fanout } from '../updates/fanout.js';
import { type StoredEntity, type StoredService, toMessage } from './message-view.js';

export interface Post {
  chat: ChatRow;
  /** Every member of a small chat; empty for a large chat, whose members are never all loaded. */
  members: readonly ChatMemberRow[];
  senderId: number;
  randomId: number;
  text: string;
  entities: StoredEntity[];
  replyTo?: MessageRow;
  forward?: { userId: number; chatId: number; messageId: number; date: number };
  service?: StoredService;
  media?: StoredMedia;
  albumId?: number;
  /** Channels: the author's name on a signed post. */
  authorSignature?: string;
  silent?: boolean;
  /** Supergroups: an admin who stays anonymous. */
  anonymous?: boolean;
  /** JSON ReplyMarkup, checked (bots only). */
  replyMarkup?: string;
  /** JSON StoredPoll, checked. */
  poll?: string;
  /** Sent through this bot's inline mode. */
  viaBotId?: number;
  now: number;
}

/**
 * Stores a new message and records it for every member: takes the chat's next id, notes who it
 * mentions, moves the sender's read pointer to it (sending reads everything before), raises the
 * chat in every member's dialog list and appends the new_message event. In a large chat the
 * rows written do not depend on the member count: the dialog lists follow the chat's activity.
 */
export async function postMessage(
  tx: Repositories,
  fanout: Fanout,
  post: Post,
): Promise<{ row: MessageRow; deliveries: Delivery[] }> {
  const { chat, members, senderId, now } = post;
  const { messageId: id, chatPts } = await tx.chats.takeMessageIdAndPts(chat.id, now);
  const row: MessageRow = {
    chat_id: chat.id,
    id,
    sender_id: senderId,
    random_id: post.randomId,
    date: now,
    edit_date: 0,
    text: post.text,
    entities: JSON.stringify(post.entities),
    reply_to_id: post.replyTo?.id ?? 0,
    fwd_user_id: post.forward?.userId ?? 0,
    fwd_chat_id: post.forward?.chatId ?? 0,
    fwd_message_id: post.forward?.messageId ?? 0,
    fwd_date: post.forward?.date ?? 0,
    service: post.service ? JSON.stringify(post.service) : null,
    pinned: 0,
    deleted: 0,
    media: post.media ? JSON.stringify(post.media) : null,
    album_id: post.albumId ?? 0,
    author_signature: post.authorSignature ?? '',
    silent: post.silent ? 1 : 0,
    anonymous: post.anonymous ? 1 : 0,
    views: 0,
    discussion_message_id: 0,
    reply_markup: post.replyMarkup ?? null,
    poll: post.poll ?? null,
    via_bot_id: post.viaBotId ?? 0,
  };
  await tx.messages.insertMessage(row);
  if (post.poll) await scheduleClosing(tx, chat.id, id, pollFromJson(post.poll), now);
  if (post.media) await tx.files.attach(chat.id, id, post.media.fileId);
  const mentioned = await mentionedMembers(tx, post);
  if (mentioned.length > 0) await tx.messages.setMentions(chat.id, id, mentioned);
  const entry = searchEntry(row);
  if (entry) await tx.search.put(entry);
  await tx.chats.setMemberRead(chat.id, senderId, id);
  const memberIds = members.map((m) => m.user_id);
  if (isLarge(chat) || !memberIds.includes(senderId)) {
    await tx.chats.updateDialog(senderId, chat.id, { read_inbox_max_id: id });
    if (!isLarge(chat)) await tx.chats.touchDialogs(chat.id, memberIds, now);
  } else {
    // The sender's read pointer moves in the statement that raises everyone's dialog.
    await tx.chats.touchDialogs(chat.id, memberIds, now, { userId: senderId, maxId: id });
  }
  const deliveries = await fanout.chatEvent(
    tx,
    chat,
    memberIds,
    { case: 'newMessage', value: toMessage(row) },
    now,
    chatPts,
  );
  return { row, deliveries };
}

/** Members other than the sender named by @username or text mention, or whose message is replied to. */
export async function mentionedMembers(
  tx: Repositories,
  post: Pick<Post, 'chat' | 'members' | 'senderId' | 'text' | 'entities' | 'replyTo'>,
): Promise<number[]> {
  const mentioned = new Set<number>();
  for (const entity of post.entities) {
    if (entity.type === EntityType.TEXT_MENTION && entity.userId) mentioned.add(entity.userId);
    if (entity.type === EntityType.MENTION) {
      const username = post.text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase();
      const user = username ? await tx.accounts.userByUsername(username) : undefined;
      if (user) mentioned.add(user.id);
    }
  }
  if (post.replyTo) mentioned.add(post.replyTo.sender_id);
  mentioned.delete(post.senderId);
  if (!isLarge(post.chat)) {
    const memberIds = new Set(post.members.map((m) => m.user_id));
    return [...mentioned].filter((id) => memberIds.has(id));
  }
  // A large chat's members are never all loaded: each mentioned user is looked up.
  const members: number[] = [];
  for (const id of mentioned) if (await tx.chats.member(post.chat.id, id)) members.push(id);
  return members;
}
