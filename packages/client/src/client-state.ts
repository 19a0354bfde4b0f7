import {
  type Chat,
  ChatKind,
  type ChatMember,
  ChatSchema,
  create,
  type Dialog,
  type DialogList,
  DialogSchema,
  type MemberList,
  type Message,
  type MessageList,
  MessageSchema,
  type Update,
  type User,
  UserSchema,
} from '@peyk/protocol';
import { ChatHistory } from './chat-history.js';
import { isLargeChat } from './chat-sequencers.js';
import { compareDialogs } from './dialog-order.js';
import { type DialogRecord, moveReadInbox, newDialogRecord } from './dialog-record.js';
import { compareIds } from './ids.js';
import { mentionsMe } from './mentions.js';
import { mergePoll } from './polls.js';

/** Which part of the history a `getHistory` result covers: the request's own fields. */
export interface HistoryRange {
  anchorId: number;
  before: number;
  after: number;
}

/** The state in a form to compare with `toEqual`: see `ClientState.snapshot`. */
export interface ClientStateSnapshot {
  /** In dialog-list order. */
  dialogs: Dialog[];
  /** Loaded messages per chat id, ascending. */
  messages: Record<string, Message[]>;
  /** Member lists per chat id, by user id. */
  members: Record<string, ChatMember[]>;
  /** Known users by id; presence is left out (it is ephemeral). */
  users: User[];
}

/**
 * The app's in-memory model of one user's account: dialogs (chat, last message, unread counts,
 * read pointers, pinned, muted, last activity), loaded messages per chat, users and member lists.
 *
 * Load it from fresh fetches (`loadDialogs`, `loadHistory`, `loadMembers`), then `apply` every
 * update from the client's 'update' event. The contract, tested against the server: state
 * loaded at time T plus the updates after T equals state loaded at a later time. The rules the
 * server must follow for that are in the package README ("ClientState rules").
 *
 * @example
 * ```ts
 * const state = new ClientState(auth.user);
 * for (const page of await fetchAllDialogs(client)) state.loadDialogs(page);
 * client.on('update', (update) => state.apply(update));
 * state.dialogs(); // the dialog list, in order
 * ```
 */
export class ClientState {
  readonly selfId: string;
  readonly #dialogs = new Map<string, DialogRecord>();
  readonly #histories = new Map<string, ChatHistory>();
  readonly #members = new Map<string, ChatMember[]>();
  readonly #users = new Map<string, User>();

  /** `self` is the signed-in user (`AuthResult.user`). */
  constructor(self: User) {
    this.selfId = self.id;
    this.#users.set(self.id, self);
  }

  // ---- reading ----

  /** The dialog list: pinned first, then by last activity (newest first), then chat id. */
  dialogs(): Dialog[] {
    return [...this.#dialogs.keys()].map((id) => this.dialog(id) as Dialog).sort(compareDialogs);
  }

  /** One dialog, as a fresh `getDialogs` would return it. */
  dialog(chatId: string): Dialog | undefined {
    const record = this.#dialogs.get(chatId);
    if (!record) return undefined;
    const { awaitingFirstMessage: _, lastMessageId, ...fields } = record;
    return create(DialogSchema, { ...fields, lastMessage: this.message(chatId, lastMessageId) });
  }

  /** The loaded messages of a chat, ascending by id. */
  messages(chatId: string): Message[] {
    return this.#histories.get(chatId)?.list() ?? [];
  }

  /** One loaded message. */
  message(chatId: string, id: number): Message | undefined {
    return this.#histories.get(chatId)?.get(id);
  }

  /** A chat's member list, when loaded or carried by `chat_updated`. */
  members(chatId: string): ChatMember[] | undefined {
    return this.#members.get(chatId);
  }

  /** A known user. */
  user(id: string): User | undefined {
    return this.#users.get(id);
  }

  /** The signed-in user as last seen. */
  get self(): User {
    return this.#users.get(this.selfId) as User;
  }

  /** Everything, normalized for comparing two states (e.g. incremental against fresh). */
  snapshot(): ClientStateSnapshot {
    const messages: Record<string, Message[]> = {};
    for (const [chatId, history] of this.#histories) {
      const list = history.list();
      if (list.length > 0) messages[chatId] = list;
    }
    const members: Record<string, ChatMember[]> = {};
    for (const [chatId, list] of this.#members) {
      members[chatId] = [...list].sort((a, b) => compareIds(a.userId, b.userId));
    }
    return {
      dialogs: this.dialogs(),
      messages,
      members,
      users: [...this.#users.values()]
        .map((user) => create(UserSchema, { ...user, presence: undefined }))
        .sort((a, b) => compareIds(a.id, b.id)),
    };
  }

  // ---- loading fresh data ----

  /** Forgets everything but the signed-in user (before a reload after a `reset`). */
  clear(): void {
    const self = this.self;
    this.#dialogs.clear();
    this.#histories.clear();
    this.#members.clear();
    this.#users.clear();
    this.#users.set(self.id, self);
  }

  /** Adds one page of `getDialogs`, with its users. */
  loadDialogs(list: DialogList): void {
    this.loadUsers(list.users);
    for (const dialog of list.dialogs) {
      if (!dialog.chat) continue;
      const chatId = dialog.chat.id;
      const history = this.#history(chatId);
      const last = dialog.lastMessage;
      if (last) this.#putMessage(history, last);
      // The last message is the newest visible one: everything from it up is loaded.
      history.cover(last ? last.id : 1);
      this.#dialogs.set(chatId, {
        chat: dialog.chat,
        lastMessageId: last?.id ?? 0,
        unreadCount: dialog.unreadCount,
        unreadMentionsCount: dialog.unreadMentionsCount,
        readInboxMaxId: dialog.readInboxMaxId,
        readOutboxMaxId: dialog.readOutboxMaxId,
        pinned: dialog.pinned,
        muted: dialog.muted,
        lastActivity: dialog.lastActivity,
        awaitingFirstMessage: false,
      });
    }
  }

  /**
   * Adds a `getHistory` result. With the request's `range`, the state also learns which
   * messages are now completely loaded, which keeps unread counts exact when the read pointer
   * moves to the middle of the chat.
   */
  loadHistory(chatId: string, list: MessageList, range?: HistoryRange): void {
    this.loadUsers(list.users);
    const history = this.#history(chatId);
    for (const message of list.messages) this.#putMessage(history, message);
    if (!range) return;
    const { anchorId, before, after } = range;
    // The anchor itself counts in `after` (see GetHistoryRequest).
    const newer = anchorId === 0 ? 0 : list.messages.filter((m) => m.id >= anchorId).length;
    const older = list.messages.filter((m) => anchorId === 0 || m.id < anchorId).length;
    const reachesNewest = anchorId === 0 || newer < after;
    if (!reachesNewest) return;
    history.cover(older < before ? 1 : (list.messages[0]?.id ?? 1));
    const dialog = this.#dialogs.get(chatId);
    const latest = history.latest();
    if (dialog && latest && latest.id > dialog.lastMessageId) dialog.lastMessageId = latest.id;
  }

  /** Sets a chat's member list (from `listMembers`), with its users. */
  loadMembers(chatId: string, list: MemberList): void {
    this.loadUsers(list.users);
    this.#members.set(chatId, list.members);
  }

  /** Adds users from any fetch, keeping the newer copy by `updated_at`. */
  loadUsers(users: readonly User[]): void {
    for (const user of users) {
      const known = this.#users.get(user.id);
      if (!known || user.updatedAt >= known.updatedAt) this.#users.set(user.id, user);
    }
  }

  // ---- updates ----

  /** Applies one update (persistent in pts order; typing and presence at any time). */
  apply(update: Update): void {
    const { kind } = update;
    if (update.sequenceChatId && update.sequenceChatId !== '0') {
      // A large chat's own sequence: the chat is now at this pts, as a fresh fetch would say.
      const dialog = this.#dialogs.get(update.sequenceChatId);
      if (dialog)
        dialog.chat = create(ChatSchema, {
          ...dialog.chat,
          chatPts: Math.max(dialog.chat.chatPts, update.pts),
        });
    }
    switch (kind.case) {
      case 'newMessage':
        this.#newMessage(kind.value, update.date);
        break;
      case 'messageEdited':
        this.#messageEdited(kind.value);
        break;
      case 'messagesDeleted':
        this.#messagesDeleted(kind.value.chatId, kind.value.ids);
        break;
      case 'reactionChanged': {
        const { chatId, messageId, userId, emoji, reactions } = kind.value;
        const history = this.#histories.get(chatId);
        const message = history?.get(messageId);
        if (!history || !message) break;
        const myReaction = userId === this.selfId ? emoji : message.myReaction;
        history.put(
          create(MessageSchema, { ...message, reactions, myReaction }),
          history.mentions(messageId),
        );
        break;
      }
      case 'pollUpdated': {
        const { chatId, messageId, poll, forViewer } = kind.value;
        const history = this.#histories.get(chatId);
        const message = history?.get(messageId);
        if (!history || !message || !poll) break;
        history.put(
          create(MessageSchema, { ...message, poll: mergePoll(message.poll, poll, forViewer) }),
          history.mentions(messageId),
        );
        break;
      }
      case 'readInbox': {
        const dialog = this.#dialogs.get(kind.value.chatId);
        if (dialog) moveReadInbox(dialog, this.#history(kind.value.chatId), kind.value.maxId, this.selfId);
        break;
      }
      case 'readOutbox': {
        const dialog = this.#dialogs.get(kind.value.chatId);
        if (dialog) dialog.readOutboxMaxId = Math.max(dialog.readOutboxMaxId, kind.value.maxId);
        break;
      }
      case 'chatUpdated':
        if (kind.value.chat) this.#chatUpdated(kind.value.chat, kind.value.members, update);
        break;
      case 'chatRemoved':
        this.#dialogs.delete(kind.value.chatId);
        this.#histories.delete(kind.value.chatId);
        this.#members.delete(kind.value.chatId);
        break;
      case 'dialogSettings': {
        const dialog = this.#dialogs.get(kind.value.chatId);
        if (dialog) {
          dialog.pinned = kind.value.pinned;
          dialog.muted = kind.value.muted;
        }
        break;
      }
      case 'userUpdated':
        // In pts order, so newer than anything fetched before it, whatever its updated_at.
        this.#users.set(kind.value.id, kind.value);
        break;
      case 'userPresence': {
        const user = this.#users.get(kind.value.userId);
        if (user) this.#users.set(user.id, create(UserSchema, { ...user, presence: kind.value.presence }));
        break;
      }
      case 'typing':
      case undefined:
        break;
    }
  }

  #newMessage(message: Message, date: number): void {
    const chatId = message.chatId;
    const dialog = this.#dialogs.get(chatId) ?? this.#addDialog(create(ChatSchema, { id: chatId }), date);
    const history = this.#history(chatId);
    if (dialog.awaitingFirstMessage) {
      // Everything before the first message that reached us predates our membership.
      dialog.awaitingFirstMessage = false;
      dialog.readInboxMaxId = Math.max(dialog.readInboxMaxId, message.id - 1);
      history.cover(message.id);
    }
    // Ids grow by one per chat: an id at or below the top was already counted by the fetch.
    const isNew = message.id > history.topId;
    this.#putMessage(history, message);
    if (message.id >= dialog.lastMessageId) dialog.lastMessageId = message.id;
    if (message.date > dialog.lastActivity) dialog.lastActivity = message.date;
    if (message.senderId === this.selfId) {
      // Writing in a chat reads it up to one's own message.
      moveReadInbox(dialog, history, message.id, this.selfId);
      if (this.#isSavedMessages(dialog.chat)) {
        dialog.readOutboxMaxId = Math.max(dialog.readOutboxMaxId, message.id);
      }
      return;
    }
    // The sender has read the chat up to their own message (large chats have no read receipts).
    if (!isLargeChat(dialog.chat)) dialog.readOutboxMaxId = Math.max(dialog.readOutboxMaxId, message.id);
    if (isNew && message.id > dialog.readInboxMaxId) {
      dialog.unreadCount++;
      if (history.mentions(message.id)) dialog.unreadMentionsCount++;
    }
  }

  #messageEdited(message: Message): void {
    const history = this.#histories.get(message.chatId);
    // An edit of a message never loaded stays unloaded, as a fresh fetch would leave it.
    if (!history?.get(message.id)) return;
    const mentionedBefore = history.mentions(message.id);
    const before = history.get(message.id)?.poll;
    // An edit (a pin) carries the counts, not the viewer's own choice: that is kept.
    if (message.poll) message.poll = mergePoll(before, message.poll, false);
    this.#putMessage(history, message);
    const dialog = this.#dialogs.get(message.chatId);
    if (!dialog) return;
    if (message.senderId !== this.selfId && message.id > dialog.readInboxMaxId) {
      const mentionedNow = history.mentions(message.id);
      if (mentionedNow && !mentionedBefore) dialog.unreadMentionsCount++;
      if (!mentionedNow && mentionedBefore)
        dialog.unreadMentionsCount = Math.max(0, dialog.unreadMentionsCount - 1);
    }
  }

  #messagesDeleted(chatId: string, ids: readonly number[]): void {
    const history = this.#histories.get(chatId);
    if (!history) return;
    const dialog = this.#dialogs.get(chatId);
    for (const id of ids) {
      const mentioned = history.mentions(id);
      const message = history.remove(id);
      if (!dialog || !message || message.senderId === this.selfId || id <= dialog.readInboxMaxId) continue;
      dialog.unreadCount = Math.max(0, dialog.unreadCount - 1);
      if (mentioned) dialog.unreadMentionsCount = Math.max(0, dialog.unreadMentionsCount - 1);
    }
    if (dialog && ids.includes(dialog.lastMessageId)) {
      // The previous visible message, when it is loaded; else unknown until history is fetched.
      dialog.lastMessageId = history.latest()?.id ?? 0;
    }
  }

  #chatUpdated(chat: Chat, members: ChatMember[], update: Update): void {
    const date = update.date;
    const dialog = this.#dialogs.get(chat.id);
    if (dialog && update.sequenceChatId && update.sequenceChatId !== '0') {
      // Sent once to every member of a large chat: it carries no viewer's role, and the chat's
      // pts is the update's own.
      dialog.chat = create(ChatSchema, { ...chat, myRole: dialog.chat.myRole, chatPts: update.pts });
    } else if (dialog) dialog.chat = chat;
    else {
      const mine = members.find((member) => member.userId === this.selfId);
      this.#addDialog(chat, mine && mine.joinedAt > 0 ? mine.joinedAt : date);
    }
    // An empty list means a chat too large to carry its members: the old list stands.
    if (members.length > 0) this.#members.set(chat.id, members);
  }

  #addDialog(chat: Chat, lastActivity: number): DialogRecord {
    const record = newDialogRecord(chat, lastActivity);
    this.#dialogs.set(chat.id, record);
    return record;
  }

  #putMessage(history: ChatHistory, message: Message): void {
    const self = this.self;
    const target = message.replyToId ? history.get(message.replyToId) : undefined;
    history.put(message, mentionsMe(message, { id: self.id, username: self.username }, target));
  }

  #history(chatId: string): ChatHistory {
    let history = this.#histories.get(chatId);
    if (!history) {
      history = new ChatHistory();
      this.#histories.set(chatId, history);
    }
    return history;
  }

  #isSavedMessages(chat: Chat): boolean {
    return chat.kind === ChatKind.PRIVATE && chat.peerUserId === this.selfId;
  }
}
