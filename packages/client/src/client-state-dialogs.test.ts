import { ChatKind, create, EntityType, MessageListSchema, UpdateSchema, UserSchema } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import {
  BOB,
  bob,
  dialog,
  GROUP,
  groupChat,
  load,
  ME,
  me,
  msg,
  newest,
  PRIVATE,
  privateChat,
  upd,
} from './testing/state-builders.js';

describe('ClientState: read pointers', () => {
  it('recounts exactly when the history above the new pointer is loaded', () => {
    const mention = { text: '@alice', entities: [{ type: EntityType.MENTION, offset: 0, length: 6 }] };
    const messages = [
      msg(GROUP, 1, BOB, mention),
      msg(GROUP, 2, ME),
      msg(GROUP, 3, BOB),
      msg(GROUP, 4, BOB, mention),
    ];
    const before = { chat: groupChat, lastMessage: messages[3], lastActivity: 104, readOutboxMaxId: 4 };
    const stale = load(
      [dialog({ ...before, readInboxMaxId: 0, unreadCount: 3, unreadMentionsCount: 2 })],
      [[GROUP, messages, newest(50)]],
    );
    stale.apply(upd(1, { case: 'readInbox', value: { chatId: GROUP, maxId: 3 } }));
    expect(stale.dialog(GROUP)).toMatchObject({ readInboxMaxId: 3, unreadCount: 1, unreadMentionsCount: 1 });
    // A pointer never moves back.
    stale.apply(upd(2, { case: 'readInbox', value: { chatId: GROUP, maxId: 1 } }));
    expect(stale.dialog(GROUP)).toMatchObject({ readInboxMaxId: 3, unreadCount: 1 });
  });

  it('reading to the newest message clears the counts even with history not loaded', () => {
    const m9 = msg(PRIVATE, 9, BOB);
    const stale = load([
      dialog({
        chat: privateChat,
        lastMessage: m9,
        readInboxMaxId: 2,
        unreadCount: 5,
        unreadMentionsCount: 1,
        lastActivity: 109,
      }),
    ]);
    stale.apply(upd(1, { case: 'readInbox', value: { chatId: PRIVATE, maxId: 9 } }));
    const fresh = load([
      dialog({ chat: privateChat, lastMessage: m9, readInboxMaxId: 9, lastActivity: 109 }),
    ]);
    expect(stale.dialogs()).toEqual(fresh.dialogs());
  });

  it('subtracts the loaded messages it read when older history is not loaded', () => {
    // Unread 4..9 per the server; only 4 and 5 loaded (a page that did not reach the newest).
    const stale = load(
      [
        dialog({
          chat: privateChat,
          lastMessage: msg(PRIVATE, 9, BOB),
          readInboxMaxId: 3,
          unreadCount: 6,
          lastActivity: 109,
        }),
      ],
      [[PRIVATE, [msg(PRIVATE, 4, BOB), msg(PRIVATE, 5, BOB)], { anchorId: 4, before: 0, after: 2 }]],
    );
    stale.apply(upd(1, { case: 'readInbox', value: { chatId: PRIVATE, maxId: 5 } }));
    expect(stale.dialog(PRIVATE)).toMatchObject({ readInboxMaxId: 5, unreadCount: 4 });
  });

  it('a history page that reaches the newest message updates the last message', () => {
    const stale = load([dialog({ chat: privateChat, lastMessage: msg(PRIVATE, 2, BOB), lastActivity: 102 })]);
    stale.loadHistory(
      PRIVATE,
      create(MessageListSchema, { messages: [msg(PRIVATE, 2, BOB), msg(PRIVATE, 3, BOB)] }),
      { anchorId: 2, before: 0, after: 10 },
    );
    expect(stale.dialog(PRIVATE)?.lastMessage?.id).toBe(3);
  });

  it('moves read_outbox forward only', () => {
    const stale = load([dialog({ chat: privateChat, readOutboxMaxId: 4, lastActivity: 1 })]);
    stale.apply(upd(1, { case: 'readOutbox', value: { chatId: PRIVATE, maxId: 6, readerId: BOB } }));
    stale.apply(upd(2, { case: 'readOutbox', value: { chatId: PRIVATE, maxId: 5, readerId: BOB } }));
    expect(stale.dialog(PRIVATE)?.readOutboxMaxId).toBe(6);
  });
});

describe('ClientState: chats, dialogs and users', () => {
  it('chat_updated replaces the chat and its members; an empty member list keeps the old one', () => {
    const stale = load([dialog({ chat: groupChat, lastActivity: 10 })]);
    stale.loadMembers(GROUP, { $typeName: 'peyk.v1.MemberList', members: [], users: [] });
    stale.apply(
      upd(1, {
        case: 'chatUpdated',
        value: {
          chat: { ...groupChat, title: 'Renamed', memberCount: 2 },
          members: [{ userId: ME }, { userId: BOB }],
        },
      }),
    );
    stale.apply(
      upd(2, { case: 'chatUpdated', value: { chat: { ...groupChat, title: 'Again', memberCount: 2 } } }),
    );
    expect(stale.dialog(GROUP)).toMatchObject({ chat: { title: 'Again', memberCount: 2 }, lastActivity: 10 });
    expect(stale.members(GROUP)?.map((m) => m.userId)).toEqual([ME, BOB]);
  });

  it('chat_removed drops the dialog, its messages and members', () => {
    const stale = load([
      dialog({ chat: groupChat, lastMessage: msg(GROUP, 1, BOB), lastActivity: 101 }),
      dialog({ chat: privateChat, lastActivity: 5 }),
    ]);
    stale.apply(upd(1, { case: 'chatRemoved', value: { chatId: GROUP } }));
    expect(stale.dialogs().map((d) => d.chat?.id)).toEqual([PRIVATE]);
    expect(stale.messages(GROUP)).toEqual([]);
    expect(stale.members(GROUP)).toBeUndefined();
  });

  it('dialog_settings sets pinned and muted, and pinned dialogs come first', () => {
    const stale = load([
      dialog({ chat: groupChat, lastActivity: 50 }),
      dialog({ chat: privateChat, lastActivity: 10 }),
    ]);
    expect(stale.dialogs().map((d) => d.chat?.id)).toEqual([GROUP, PRIVATE]);
    stale.apply(upd(1, { case: 'dialogSettings', value: { chatId: PRIVATE, pinned: true, muted: true } }));
    expect(stale.dialogs().map((d) => [d.chat?.id, d.pinned, d.muted])).toEqual([
      [PRIVATE, true, true],
      [GROUP, false, false],
    ]);
  });

  it('orders by last activity, then by chat id as a number', () => {
    const chat = (id: string) => ({ id, kind: ChatKind.GROUP, title: id });
    const state = load([
      dialog({ chat: chat('9'), lastActivity: 5 }),
      dialog({ chat: chat('10'), lastActivity: 5 }),
      dialog({ chat: chat('2'), lastActivity: 6 }),
    ]);
    expect(state.dialogs().map((d) => d.chat?.id)).toEqual(['2', '10', '9']);
  });

  it('user_updated replaces the user; my new username is used for later mentions', () => {
    const stale = load([dialog({ chat: groupChat, lastActivity: 1 })]);
    stale.apply(upd(1, { case: 'userUpdated', value: { ...me, username: 'alice2', updatedAt: 9 } }));
    stale.apply(upd(2, { case: 'userUpdated', value: { ...bob, displayName: 'Bobby', isContact: true } }));
    stale.apply(
      upd(3, {
        case: 'newMessage',
        value: msg(GROUP, 1, BOB, {
          text: '@Alice2',
          entities: [{ type: EntityType.MENTION, offset: 0, length: 7 }],
        }),
      }),
    );
    expect(stale.self.username).toBe('alice2');
    expect(stale.user(BOB)).toMatchObject({ displayName: 'Bobby', isContact: true });
    expect(stale.dialog(GROUP)?.unreadMentionsCount).toBe(1);
  });

  it('keeps the newer copy of a user from fetches, and presence out of snapshots', () => {
    const state = load([]);
    state.loadUsers([create(UserSchema, { ...bob, displayName: 'old', updatedAt: 0 })]);
    expect(state.user(BOB)?.displayName).toBe('');
    state.apply(
      create(UpdateSchema, {
        pts: 0,
        kind: { case: 'userPresence', value: { userId: BOB, presence: { kind: 1 } } },
      }),
    );
    expect(state.user(BOB)?.presence?.kind).toBe(1);
    expect(state.snapshot().users.find((u) => u.id === BOB)?.presence).toBeUndefined();
  });
});
