import type { ExpressionBuilder, Kysely, Updateable } from 'kysely';
import { queryTemplate } from '../query-template.js';
import type {
  Database,
  MessageRow,
  MessagesTable,
  MessageViewRow,
  NewMessageRow,
  ReactionRow,
  SentMessagesTable,
} from '../schema.js';

export interface SentMessageRef {
  chatId: number;
  messageId: number;
}

/** A message's key: its chat and its id there. */
export interface MessageKey {
  chatId: number;
  id: number;
}

// Statements every send runs, compiled once (see query-template.ts).
const insertMessage = queryTemplate((db: Kysely<Database>, message: NewMessageRow) =>
  db.insertInto('messages').values(message),
);
const sentMessage = queryTemplate((db: Kysely<Database>, a: { userId: number; randomId: number }) =>
  db
    .selectFrom('sent_messages')
    .select(['chat_id', 'message_id'])
    .where('user_id', '=', a.userId)
    .where('random_id', '=', a.randomId),
);
const recordSent = queryTemplate((db: Kysely<Database>, row: SentMessagesTable) =>
  db.insertInto('sent_messages').values(row),
);

/** Messages and what hangs on them: idempotency keys, reactions, mentions, per-user hiding. */
export class MessagesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMessage(message: NewMessageRow): Promise<void> {
    await insertMessage.execute(this.db, message);
  }

  async message(chatId: number, id: number): Promise<MessageRow | undefined> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The chat's pinned messages that are not deleted, oldest first (the `messages_pinned` index). */
  async pinnedMessages(chatId: number): Promise<MessageRow[]> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('pinned', '=', 1)
      .where('deleted', '=', 0)
      .orderBy('id')
      .execute();
  }

  async updateMessage(chatId: number, id: number, patch: Updateable<MessagesTable>): Promise<MessageRow> {
    return this.db
      .updateTable('messages')
      .set(patch)
      .where('chat_id', '=', chatId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Records views, each (message, user) once: returns the views that are new, those already
   * recorded (by an earlier batch, or another node) left out.
   */
  async recordViews(views: readonly MessageViewRow[]): Promise<MessageViewRow[]> {
    const recorded: MessageViewRow[] = [];
    // 1,000 rows (3,000 parameters) a statement stays within SQLite's limit.
    for (let start = 0; start < views.length; start += 1000) {
      const rows = await this.db
        .insertInto('message_views')
        .values(views.slice(start, start + 1000))
        .onConflict((oc) => oc.doNothing())
        .returning(['chat_id', 'message_id', 'user_id'])
        .execute();
      recorded.push(...rows);
    }
    return recorded;
  }

  async addViews(chatId: number, messageId: number, count: number): Promise<void> {
    await this.db
      .updateTable('messages')
      .set((eb) => ({ views: eb('views', '+', count) }))
      .where('chat_id', '=', chatId)
      .where('id', '=', messageId)
      .execute();
  }

  async sentMessage(userId: number, randomId: number): Promise<SentMessageRef | undefined> {
    const row = await sentMessage.executeTakeFirst(this.db, { userId, randomId });
    return row && { chatId: row.chat_id, messageId: row.message_id };
  }

  async recordSent(userId: number, randomId: number, ref: SentMessageRef): Promise<void> {
    await recordSent.execute(this.db, {
      user_id: userId,
      random_id: randomId,
      chat_id: ref.chatId,
      message_id: ref.messageId,
    });
  }

  /** The messages of an album (not deleted for everyone). */
  async albumMessages(chatId: number, albumId: number): Promise<MessageRow[]> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('album_id', '=', albumId)
      .where('deleted', '=', 0)
      .execute();
  }

  /** Up to `limit` undeleted replies to `replyToId` with id above `afterId`, oldest first. */
  async replies(chatId: number, replyToId: number, afterId: number, limit: number): Promise<MessageRow[]> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('reply_to_id', '=', replyToId)
      .where('deleted', '=', 0)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** How many undeleted replies each of these messages has (absent: none). */
  async countReplies(chatId: number, replyToIds: readonly number[]): Promise<Map<number, number>> {
    if (replyToIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('messages')
      .select(['reply_to_id', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('chat_id', '=', chatId)
      .where('reply_to_id', 'in', [...replyToIds])
      .where('deleted', '=', 0)
      .groupBy('reply_to_id')
      .execute();
    return new Map(rows.map((r) => [r.reply_to_id, Number(r.count)]));
  }

  /** Messages the viewer can see with these ids, ascending. */
  async visibleByIds(chatId: number, viewerId: number, ids: readonly number[]): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return this.visible(chatId, viewerId)
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute();
  }

  /** The visible messages among these (chat, id) pairs from any chats, in one query. */
  async visibleByKeys(viewerId: number, keys: readonly MessageKey[]): Promise<MessageRow[]> {
    if (keys.length === 0) return [];
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where((eb) => eb.or(keys.map((k) => eb.and([eb('chat_id', '=', k.chatId), eb('id', '=', k.id)]))))
      .where('deleted', '=', 0)
      .where((eb) => notHiddenFor(eb, viewerId))
      .execute();
  }

  /** Up to `limit` visible messages with id below `beforeId`, newest first. */
  async visibleBefore(
    chatId: number,
    viewerId: number,
    beforeId: number,
    limit: number,
  ): Promise<MessageRow[]> {
    if (limit === 0) return [];
    return this.visible(chatId, viewerId)
      .where('id', '<', beforeId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Up to `limit` visible messages with id above `afterId`, oldest first. */
  async visibleAfter(
    chatId: number,
    viewerId: number,
    afterId: number,
    limit: number,
  ): Promise<MessageRow[]> {
    if (limit === 0) return [];
    return this.visible(chatId, viewerId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  /** The chat's messages that are neither deleted nor hidden by the viewer. */
  private visible(chatId: number, viewerId: number) {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('deleted', '=', 0)
      .where((eb) => notHiddenFor(eb, viewerId));
  }

  /** Visible messages from others after the viewer's read pointer. */
  async countUnread(chatId: number, viewerId: number, readMaxId: number): Promise<number> {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chat_id', '=', chatId)
      .where('id', '>', readMaxId)
      .where('sender_id', '!=', viewerId)
      .where('deleted', '=', 0)
      .where((eb) => notHiddenFor(eb, viewerId))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countUnreadMentions(chatId: number, viewerId: number, readMaxId: number): Promise<number> {
    const row = await this.db
      .selectFrom('message_mentions as mm')
      .innerJoin('messages as m', (join) =>
        join.onRef('m.chat_id', '=', 'mm.chat_id').onRef('m.id', '=', 'mm.message_id'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('mm.chat_id', '=', chatId)
      .where('mm.user_id', '=', viewerId)
      .where('mm.message_id', '>', readMaxId)
      .where('m.deleted', '=', 0)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('hidden_messages as h')
              .select('h.message_id')
              .where('h.user_id', '=', viewerId)
              .whereRef('h.chat_id', '=', 'mm.chat_id')
              .whereRef('h.message_id', '=', 'mm.message_id'),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async setMentions(chatId: number, messageId: number, userIds: readonly number[]): Promise<void> {
    await this.db
      .deleteFrom('message_mentions')
      .where('chat_id', '=', chatId)
      .where('message_id', '=', messageId)
      .execute();
    if (userIds.length === 0) return;
    await this.db
      .insertInto('message_mentions')
      .values([...new Set(userIds)].map((user_id) => ({ chat_id: chatId, message_id: messageId, user_id })))
      .execute();
  }

  async hide(viewerId: number, chatId: number, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .insertInto('hidden_messages')
      .values(ids.map((message_id) => ({ user_id: viewerId, chat_id: chatId, message_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async setReaction(row: ReactionRow): Promise<void> {
    await this.db
      .insertInto('message_reactions')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['chat_id', 'message_id', 'user_id']).doUpdateSet({ emoji: row.emoji, date: row.date }),
      )
      .execute();
  }

  async removeReaction(chatId: number, messageId: number, userId: number): Promise<void> {
    await this.db
      .deleteFrom('message_reactions')
      .where('chat_id', '=', chatId)
      .where('message_id', '=', messageId)
      .where('user_id', '=', userId)
      .execute();
  }

  async removeReactionsOf(chatId: number, messageIds: readonly number[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db
      .deleteFrom('message_reactions')
      .where('chat_id', '=', chatId)
      .where('message_id', 'in', [...messageIds])
      .execute();
  }

  /** All reactions on these messages, oldest first. */
  /** The reactions to these (chat, id) pairs from any chats, in one query. */
  async reactionsByKeys(keys: readonly MessageKey[]): Promise<ReactionRow[]> {
    if (keys.length === 0) return [];
    return this.db
      .selectFrom('message_reactions')
      .selectAll()
      .where((eb) =>
        eb.or(keys.map((k) => eb.and([eb('chat_id', '=', k.chatId), eb('message_id', '=', k.id)]))),
      )
      .orderBy('date')
      .orderBy('user_id')
      .execute();
  }

  async reactions(chatId: number, messageIds: readonly number[]): Promise<ReactionRow[]> {
    if (messageIds.length === 0) return [];
    return this.db
      .selectFrom('message_reactions')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('message_id', 'in', [...messageIds])
      .orderBy('date')
      .orderBy('user_id')
      .execute();
  }
}

function notHiddenFor(eb: ExpressionBuilder<Database, 'messages'>, viewerId: number) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('hidden_messages')
        .select('hidden_messages.message_id')
        .where('hidden_messages.user_id', '=', viewerId)
        .whereRef('hidden_messages.chat_id', '=', 'messages.chat_id')
        .whereRef('hidden_messages.message_id', '=', 'messages.id'),
    ),
  );
}
