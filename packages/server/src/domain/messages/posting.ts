import { EntityType } from '@peyk/protocol';
import type { ChatMemberRow, ChatRow, MessageRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { searchEntry } from '../search/search-entry.js';
import type { Delivery, Fanout } from '../updates/fanout.js';
import { type StoredEntity, type StoredService, toMessage } from './message-view.js';

export interface Post {
  chat: ChatRow;
  members: readonly ChatMemberRow[];
  senderId: number;
  randomId: number;
  text: string;
  entities: StoredEntity[];
  replyTo?: MessageRow;
  forward?: { userId: number; chatId: number; messageId: number; date: number };
  service?: StoredService;
  /** JSON ReplyMarkup, checked (bots only). */
  replyMarkup?: string;
  now: number;
}

/**
 * Stores a new message and records it for every member: takes the chat's next id, notes who it
 * mentions, moves the sender's read pointer to it (sending reads everything before), raises the
 * chat in every member's dialog list and appends the new_message event.
 */
export async function postMessage(
  tx: Repositories,
  fanout: Fanout,
  post: Post,
): Promise<{ row: MessageRow; deliveries: Delivery[] }> {
  const { chat, members, senderId, now } = post;
  const id = await tx.chats.takeMessageId(chat.id);
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
    reply_markup: post.replyMarkup ?? null,
  };
  await tx.messages.insertMessage(row);
  const mentioned = await mentionedMembers(tx, post);
  if (mentioned.length > 0) await tx.messages.setMentions(chat.id, id, mentioned);
  const entry = searchEntry(row);
  if (entry) await tx.search.put(entry);
  await tx.chats.updateDialog(senderId, chat.id, { read_inbox_max_id: id });
  await tx.chats.setMemberRead(chat.id, senderId, id);
  const memberIds = members.map((m) => m.user_id);
  await tx.chats.touchDialogs(chat.id, memberIds, now);
  const deliveries = await fanout.chatEvent(
    tx,
    chat.id,
    memberIds,
    { case: 'newMessage', value: toMessage(row) },
    now,
  );
  return { row, deliveries };
}

/** Members other than the sender named by @username or text mention, or whose message is replied to. */
export async function mentionedMembers(
  tx: Repositories,
  post: Pick<Post, 'members' | 'senderId' | 'text' | 'entities' | 'replyTo'>,
): Promise<number[]> {
  const memberIds = new Set(post.members.map((m) => m.user_id));
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
  return [...mentioned].filter((id) => memberIds.has(id));
}
