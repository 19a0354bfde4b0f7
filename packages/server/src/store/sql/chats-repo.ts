import { type Kysely, sql, type Updateable } from 'kysely';
import { queryTemplate } from '../query-template.js';
import type {
  ChatMemberRow,
  ChatMembersTable,
  ChatRow,
  ChatsTable,
  Database,
  DialogRow,
  DialogsTable,
  NewChatMemberRow,
} from '../schema.js';

export interface DialogCursor {
  pinned: number;
  lastActivity: number;
  chatId: number;
}

// Statements every send runs, compiled once (see query-template.ts).
const chatById = queryTemplate((db: Kysely<Database>, a: { id: number }) =>
  db.selectFrom('chats').selectAll().where('id', '=', a.id),
);
const members = queryTemplate((db: Kysely<Database>, a: { chatId: number }) =>
  db
    .selectFrom('chat_members')
    .selectAll()
    .where('chat_id', '=', a.chatId)
    .orderBy('joined_at')
    .orderBy('user_id'),
);
const takeMessageIdAndPts = queryTemplate((db: Kysely<Database>, a: { chatId: number; now: number }) =>
  db
    .updateTable('chats')
    .set((eb) => ({
      last_message_id: eb('last_message_id', '+', 1),
      pts: eb('pts', '+', 1),
      last_activity: a.now,
    }))
    .where('id', '=', a.chatId)
    .returning(['last_message_id', 'pts']),
);
const setMemberRead = queryTemplate(
  (db: Kysely<Database>, a: { chatId: number; userId: number; maxId: number }) =>
    db
      .updateTable('chat_members')
      .set({ read_inbox_max_id: a.maxId })
      .where('chat_id', '=', a.chatId)
      .where('user_id', '=', a.userId),
);
const usersWithDialog = queryTemplate(
  (db: Kysely<Database>, a: { chatId: number; userIds: readonly number[] }) =>
    db
      .selectFrom('dialogs')
      .select('user_id')
      .where('chat_id', '=', a.chatId)
      .where('user_id', 'in', a.userIds),
);
const touchDialogs = queryTemplate(
  (
    db: Kysely<Database>,
    a: {
      chatId: number;
      userIds: readonly number[];
      now: number;
      reader?: { userId: number; maxId: number };
    },
  ) => {
    const read = a.reader
      ? {
          read_inbox_max_id: sql<number>`case when user_id = ${a.reader.userId} then ${a.reader.maxId} else read_inbox_max_id end`,
        }
      : {};
    return db
      .updateTable('dialogs')
      .set({ last_activity: a.now, ...read })
      .where('chat_id', '=', a.chatId)
      .where('user_id', 'in', a.userIds);
  },
);

/** Chats, their members (by chat) and dialogs (by user). */
export class ChatsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async createChat(
    kind: number,
    title: string,
    now: number,
    extra: Pick<Updateable<ChatsTable>, 'username' | 'signatures' | 'search_name'> = {},
  ): Promise<ChatRow> {
    return this.db
      .insertInto('chats')
      .values({ kind, title, created_at: now, last_message_id: 0, pts: 0, member_count: 0, ...extra })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async chatsByIds(ids: readonly number[]): Promise<ChatRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('chats')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .execute();
  }

  async chatById(id: number): Promise<ChatRow | undefined> {
    return chatById.executeTakeFirst(this.db, { id });
  }

  /** A public channel or supergroup by its lower-case username. */
  async chatByUsername(username: string): Promise<ChatRow | undefined> {
    return this.db.selectFrom('chats').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** The large chats (of these kinds) the user is a member of, through their dialogs. */
  async chatIdsOfKinds(userId: number, kinds: readonly number[]): Promise<number[]> {
    const rows = await this.db
      .selectFrom('dialogs as d')
      .innerJoin('chats as c', 'c.id', 'd.chat_id')
      .select('c.id')
      .where('d.user_id', '=', userId)
      .where('c.kind', 'in', [...kinds])
      .execute();
    return rows.map((r) => r.id);
  }

  /** Members in join order, at most `limit` after the first `offset`. */
  async membersPage(chatId: number, offset: number, limit: number): Promise<ChatMemberRow[]> {
    return this.db
      .selectFrom('chat_members')
      .selectAll()
      .where('chat_id', '=', chatId)
      .orderBy('joined_at')
      .orderBy('user_id')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  /** Adds to (or, negative, takes from) the member count; returns the new count. */
  async countMembers(chatId: number, change: number): Promise<number> {
    const row = await this.db
      .updateTable('chats')
      .set((eb) => ({ member_count: eb('member_count', '+', change) }))
      .where('id', '=', chatId)
      .returning('member_count')
      .executeTakeFirstOrThrow();
    return row.member_count;
  }

  async updateChat(id: number, patch: Updateable<ChatsTable>): Promise<ChatRow> {
    return this.db
      .updateTable('chats')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Takes the chat's next message id under the row lock; the chat's activity moves to `now`. */
  async takeMessageId(chatId: number, now: number): Promise<number> {
    const row = await this.db
      .updateTable('chats')
      .set((eb) => ({ last_message_id: eb('last_message_id', '+', 1), last_activity: now }))
      .where('id', '=', chatId)
      .returning('last_message_id')
      .executeTakeFirstOrThrow();
    return row.last_message_id;
  }

  /**
   * `takeMessageId` and the pts of the event announcing the message, in one statement under the
   * row lock. The caller must append that event (`UpdatesRepo.insertChatEvent`) in the same
   * transaction, so the chat's pts stay gapless.
   */
  async takeMessageIdAndPts(chatId: number, now: number): Promise<{ messageId: number; chatPts: number }> {
    const row = await takeMessageIdAndPts.executeTakeFirstOrThrow(this.db, { chatId, now });
    return { messageId: row.last_message_id, chatPts: row.pts };
  }

  async privateChatId(lowUserId: number, highUserId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('private_chats')
      .select('chat_id')
      .where('low_user_id', '=', lowUserId)
      .where('high_user_id', '=', highUserId)
      .executeTakeFirst();
    return row?.chat_id;
  }

  async linkPrivateChat(lowUserId: number, highUserId: number, chatId: number): Promise<void> {
    await this.db
      .insertInto('private_chats')
      .values({ low_user_id: lowUserId, high_user_id: highUserId, chat_id: chatId })
      .execute();
  }

  /** Adds the member, and notes a bot among the chat's bots. */
  async addMember(member: NewChatMemberRow): Promise<void> {
    await this.db.insertInto('chat_members').values(member).execute();
    const bot = await this.db
      .selectFrom('bots')
      .select('user_id')
      .where('user_id', '=', member.user_id)
      .executeTakeFirst();
    if (bot)
      await this.db
        .insertInto('chat_bots')
        .values({ chat_id: member.chat_id, bot_id: bot.user_id })
        .execute();
  }

  async removeMember(chatId: number, userId: number): Promise<void> {
    await this.db
      .deleteFrom('chat_members')
      .where('chat_id', '=', chatId)
      .where('user_id', '=', userId)
      .execute();
    await this.db
      .deleteFrom('chat_bots')
      .where('chat_id', '=', chatId)
      .where('bot_id', '=', userId)
      .execute();
  }

  async member(chatId: number, userId: number): Promise<ChatMemberRow | undefined> {
    return this.db
      .selectFrom('chat_members')
      .selectAll()
      .where('chat_id', '=', chatId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async members(chatId: number): Promise<ChatMemberRow[]> {
    return members.execute(this.db, { chatId });
  }

  async setMemberRole(chatId: number, userId: number, role: number, rights = 0): Promise<void> {
    await this.db
      .updateTable('chat_members')
      .set({ role, rights })
      .where('chat_id', '=', chatId)
      .where('user_id', '=', userId)
      .execute();
  }

  async updateMember(chatId: number, userId: number, patch: Updateable<ChatMembersTable>): Promise<void> {
    await this.db
      .updateTable('chat_members')
      .set(patch)
      .where('chat_id', '=', chatId)
      .where('user_id', '=', userId)
      .execute();
  }

  async setMemberRead(chatId: number, userId: number, maxId: number): Promise<void> {
    await setMemberRead.execute(this.db, { chatId, userId, maxId });
  }

  /** Creates the dialog unless it exists (another node may have just made it); true if created. */
  async createDialog(dialog: DialogRow): Promise<boolean> {
    const created = await this.db
      .insertInto('dialogs')
      .values(dialog)
      .onConflict((oc) => oc.columns(['user_id', 'chat_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return created !== undefined;
  }

  async dialog(userId: number, chatId: number): Promise<DialogRow | undefined> {
    return this.db
      .selectFrom('dialogs')
      .selectAll()
      .where('user_id', '=', userId)
      .where('chat_id', '=', chatId)
      .executeTakeFirst();
  }

  /** Of these users, those who have a dialog for the chat. */
  async usersWithDialog(chatId: number, userIds: readonly number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    const rows = await usersWithDialog.execute(this.db, { chatId, userIds });
    return new Set(rows.map((r) => r.user_id));
  }

  async updateDialog(userId: number, chatId: number, patch: Updateable<DialogsTable>): Promise<void> {
    await this.db
      .updateTable('dialogs')
      .set(patch)
      .where('user_id', '=', userId)
      .where('chat_id', '=', chatId)
      .execute();
  }

  async deleteDialog(userId: number, chatId: number): Promise<void> {
    await this.db.deleteFrom('dialogs').where('user_id', '=', userId).where('chat_id', '=', chatId).execute();
  }

  /** Moves the chat up in these users' dialog lists. */
  async touchDialogs(
    chatId: number,
    userIds: readonly number[],
    now: number,
    /** A member whose read pointer moves too (a sender reads up to their message): same statement. */
    reader?: { userId: number; maxId: number },
  ): Promise<void> {
    if (userIds.length === 0) return;
    await touchDialogs.execute(this.db, { chatId, userIds, now, ...(reader ? { reader } : {}) });
  }

  /**
   * Pinned first, then by last activity, newest first; after `cursor` when given. A dialog's
   * activity is the later of its own (joined, or touched by a small chat's message) and its
   * chat's newest message (large chats do not touch their members' dialogs).
   */
  async dialogsPage(userId: number, cursor: DialogCursor | undefined, limit: number): Promise<DialogRow[]> {
    const activity = sql<number>`case when c.last_activity > d.last_activity then c.last_activity else d.last_activity end`;
    let query = this.db
      .selectFrom('dialogs as d')
      .innerJoin('chats as c', 'c.id', 'd.chat_id')
      .select(['d.user_id', 'd.chat_id', 'd.read_inbox_max_id', 'd.pinned', 'd.muted'])
      .select(activity.as('last_activity'))
      .where('d.user_id', '=', userId);
    if (cursor) {
      query = query.where((eb) =>
        eb.or([
          eb('d.pinned', '<', cursor.pinned),
          eb.and([
            eb('d.pinned', '=', cursor.pinned),
            eb.or([
              eb(activity, '<', cursor.lastActivity),
              eb.and([eb(activity, '=', cursor.lastActivity), eb('d.chat_id', '<', cursor.chatId)]),
            ]),
          ]),
        ]),
      );
    }
    const rows = await query
      .orderBy('d.pinned', 'desc')
      .orderBy(activity, 'desc')
      .orderBy('d.chat_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...row, last_activity: Number(row.last_activity) }));
  }

  /**
   * Everyone who shares at least one chat, not of `exceptKinds`, with the user (the user included
   * when they are in any such chat).
   */
  async coMemberIds(userId: number, exceptKinds: readonly number[]): Promise<number[]> {
    const rows = await this.db
      .selectFrom('chat_members as mine')
      .innerJoin('chats as c', 'c.id', 'mine.chat_id')
      .innerJoin('chat_members as other', 'other.chat_id', 'mine.chat_id')
      .select('other.user_id')
      .distinct()
      .where('mine.user_id', '=', userId)
      .where('c.kind', 'not in', [...exceptKinds])
      .execute();
    return rows.map((r) => r.user_id);
  }

  async sharesChat(userId: number, otherId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('chat_members as mine')
      .innerJoin('chat_members as other', 'other.chat_id', 'mine.chat_id')
      .select('mine.chat_id')
      .where('mine.user_id', '=', userId)
      .where('other.user_id', '=', otherId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
