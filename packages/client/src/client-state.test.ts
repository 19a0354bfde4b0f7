import { ChatKind, EntityType, ServiceKind } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import {
  applyAll,
  BOB,
  CAROL,
  dialog,
  GROUP,
  groupChat,
  load,
  ME,
  msg,
  newest,
  PRIVATE,
  privateChat,
  upd,
} from './testing/state-builders.js';

describe('ClientState: new_message', () => {
  it('counts an incoming message as unread and moves last message, activity and read_outbox', () => {
    const m1 = msg(PRIVATE, 1, ME);
    const m2 = msg(PRIVATE, 2, BOB);
    const stale = load([
      dialog({ chat: privateChat, lastMessage: m1, readInboxMaxId: 0, lastActivity: 101 }),
    ]);
    applyAll(stale, [upd(1, { case: 'newMessage', value: m2 })]);

    const fresh = load([
      dialog({ chat: privateChat, lastMessage: m2, unreadCount: 1, readOutboxMaxId: 2, lastActivity: 102 }),
    ]);
    expect(stale.dialogs()).toEqual(fresh.dialogs());
    expect(stale.messages(PRIVATE).map((m) => m.id)).toEqual([1, 2]);
  });

  it('counts mentions: @username in any case, TEXT_MENTION of me, a reply to my message', () => {
    const mine = msg(GROUP, 1, ME);
    const stale = load([
      dialog({ chat: groupChat, lastMessage: mine, readInboxMaxId: 1, lastActivity: 101 }),
    ]);
    const atName = msg(GROUP, 2, BOB, {
      text: 'hi @ALICE!',
      entities: [{ type: EntityType.MENTION, offset: 3, length: 6 }],
    });
    const atOther = msg(GROUP, 3, BOB, {
      text: '@alicex',
      entities: [{ type: EntityType.MENTION, offset: 0, length: 7 }],
    });
    const textMention = msg(GROUP, 4, CAROL, {
      text: 'Alice',
      entities: [{ type: EntityType.TEXT_MENTION, offset: 0, length: 5, userId: ME }],
    });
    const reply = msg(GROUP, 5, CAROL, { replyToId: 1 });
    applyAll(
      stale,
      [atName, atOther, textMention, reply].map((m, i) => upd(i + 1, { case: 'newMessage', value: m })),
    );
    expect(stale.dialog(GROUP)).toMatchObject({ unreadCount: 4, unreadMentionsCount: 3, readOutboxMaxId: 5 });
  });

  it('reads the chat up to my own new message', () => {
    const m1 = msg(PRIVATE, 1, BOB, {
      text: '@alice',
      entities: [{ type: EntityType.MENTION, offset: 0, length: 6 }],
    });
    const stale = load([
      dialog({
        chat: privateChat,
        lastMessage: m1,
        unreadCount: 1,
        unreadMentionsCount: 1,
        lastActivity: 101,
      }),
    ]);
    const m2 = msg(PRIVATE, 2, ME);
    applyAll(stale, [upd(1, { case: 'newMessage', value: m2 })]);

    const fresh = load([
      dialog({
        chat: privateChat,
        lastMessage: m2,
        readInboxMaxId: 2,
        readOutboxMaxId: 0,
        lastActivity: 102,
      }),
    ]);
    expect(stale.dialogs()).toEqual(fresh.dialogs());
  });

  it('does not count a message again that the fetch already reflected', () => {
    const m3 = msg(PRIVATE, 3, BOB);
    const loaded = dialog({
      chat: privateChat,
      lastMessage: m3,
      unreadCount: 2,
      readOutboxMaxId: 3,
      lastActivity: 103,
    });
    const stale = load([loaded]);
    applyAll(stale, [
      upd(1, { case: 'newMessage', value: msg(PRIVATE, 2, BOB) }),
      upd(2, { case: 'newMessage', value: m3 }),
    ]);
    expect(stale.dialogs()).toEqual(load([loaded]).dialogs());
  });

  it('creates the dialog of a new chat: chat_updated, then its first message', () => {
    const stale = load([]);
    const created = msg(GROUP, 1, BOB, { service: { kind: ServiceKind.GROUP_CREATED, title: 'Team' } });
    applyAll(stale, [
      upd(1, {
        case: 'chatUpdated',
        value: {
          chat: groupChat,
          members: [
            { userId: BOB, role: 3, joinedAt: 101 },
            { userId: ME, role: 1, joinedAt: 101, inviterId: BOB },
          ],
        },
      }),
      upd(2, { case: 'newMessage', value: created }),
    ]);

    const fresh = load([
      dialog({
        chat: groupChat,
        lastMessage: created,
        unreadCount: 1,
        readOutboxMaxId: 1,
        lastActivity: 101,
      }),
    ]);
    expect(stale.dialogs()).toEqual(fresh.dialogs());
    expect(stale.members(GROUP)?.map((m) => m.userId)).toEqual([BOB, ME]);
  });

  it('starts a new member read pointer just before the message that added them', () => {
    const stale = load([]);
    const added = msg(GROUP, 51, BOB, { service: { kind: ServiceKind.MEMBERS_ADDED, userIds: [ME] } });
    applyAll(stale, [
      upd(1, { case: 'chatUpdated', value: { chat: groupChat, members: [{ userId: ME, joinedAt: 140 }] } }),
      upd(2, { case: 'newMessage', value: added }),
      upd(3, { case: 'newMessage', value: msg(GROUP, 52, CAROL) }),
    ]);
    expect(stale.dialog(GROUP)).toMatchObject({ readInboxMaxId: 50, unreadCount: 2, lastActivity: 152 });
  });

  it('keeps Saved Messages read both ways', () => {
    const saved = { id: '9', kind: ChatKind.PRIVATE, peerUserId: ME, memberCount: 1 };
    const stale = load([dialog({ chat: saved, lastActivity: 1 })]);
    const note = msg('9', 1, ME);
    applyAll(stale, [upd(1, { case: 'newMessage', value: note })]);
    const fresh = load([
      dialog({ chat: saved, lastMessage: note, readInboxMaxId: 1, readOutboxMaxId: 1, lastActivity: 101 }),
    ]);
    expect(stale.dialogs()).toEqual(fresh.dialogs());
  });
});

describe('ClientState: message_edited and reaction_changed', () => {
  it('replaces the message, also as the last message, without moving activity', () => {
    const m1 = msg(PRIVATE, 1, BOB);
    const stale = load([dialog({ chat: privateChat, lastMessage: m1, unreadCount: 1, lastActivity: 101 })]);
    const edited = msg(PRIVATE, 1, BOB, { text: 'fixed', editDate: 300, pinned: true });
    applyAll(stale, [upd(1, { case: 'messageEdited', value: edited })]);
    const fresh = load([
      dialog({ chat: privateChat, lastMessage: edited, unreadCount: 1, lastActivity: 101 }),
    ]);
    expect(stale.dialogs()).toEqual(fresh.dialogs());
  });

  it('re-decides a mention when an unread message is edited', () => {
    const m1 = msg(GROUP, 1, BOB);
    const stale = load([dialog({ chat: groupChat, lastMessage: m1, unreadCount: 1, lastActivity: 101 })]);
    const withMention = msg(GROUP, 1, BOB, {
      text: '@alice',
      entities: [{ type: EntityType.MENTION, offset: 0, length: 6 }],
      editDate: 200,
    });
    stale.apply(upd(1, { case: 'messageEdited', value: withMention }));
    expect(stale.dialog(GROUP)?.unreadMentionsCount).toBe(1);
    stale.apply(
      upd(2, { case: 'messageEdited', value: msg(GROUP, 1, BOB, { text: 'nobody', editDate: 201 }) }),
    );
    expect(stale.dialog(GROUP)?.unreadMentionsCount).toBe(0);
  });

  it('leaves a message that was never loaded unloaded', () => {
    const stale = load([dialog({ chat: privateChat, lastMessage: msg(PRIVATE, 5, BOB), lastActivity: 105 })]);
    stale.apply(upd(1, { case: 'messageEdited', value: msg(PRIVATE, 2, BOB, { text: 'old, edited' }) }));
    expect(stale.messages(PRIVATE).map((m) => m.id)).toEqual([5]);
  });

  it('sets reaction counts, and my reaction only for my own change', () => {
    const m1 = msg(PRIVATE, 1, BOB);
    const stale = load([dialog({ chat: privateChat, lastMessage: m1, lastActivity: 101 })]);
    stale.apply(
      upd(1, {
        case: 'reactionChanged',
        value: {
          chatId: PRIVATE,
          messageId: 1,
          userId: ME,
          emoji: '👍',
          reactions: [{ emoji: '👍', count: 1 }],
        },
      }),
    );
    stale.apply(
      upd(2, {
        case: 'reactionChanged',
        value: {
          chatId: PRIVATE,
          messageId: 1,
          userId: BOB,
          emoji: '🔥',
          reactions: [
            { emoji: '👍', count: 1 },
            { emoji: '🔥', count: 1 },
          ],
        },
      }),
    );
    expect(stale.message(PRIVATE, 1)).toMatchObject({
      myReaction: '👍',
      reactions: [
        { emoji: '👍', count: 1 },
        { emoji: '🔥', count: 1 },
      ],
    });
    expect(stale.dialog(PRIVATE)?.lastMessage?.myReaction).toBe('👍');
  });
});

describe('ClientState: messages_deleted', () => {
  it('uncounts deleted unread messages and falls back to the previous loaded message', () => {
    const messages = [msg(GROUP, 1, ME), msg(GROUP, 2, BOB), msg(GROUP, 3, BOB)];
    const stale = load(
      [
        dialog({
          chat: groupChat,
          lastMessage: messages[2],
          readInboxMaxId: 1,
          unreadCount: 2,
          lastActivity: 103,
        }),
      ],
      [[GROUP, messages, newest(50)]],
    );
    applyAll(stale, [
      upd(1, { case: 'messagesDeleted', value: { chatId: GROUP, ids: [3], forEveryone: true } }),
      upd(2, { case: 'messagesDeleted', value: { chatId: GROUP, ids: [99], forEveryone: false } }),
    ]);
    // Activity stays: it is the time of the newest message ever posted.
    const fresh = load(
      [
        dialog({
          chat: groupChat,
          lastMessage: messages[1],
          readInboxMaxId: 1,
          unreadCount: 1,
          lastActivity: 103,
        }),
      ],
      [[GROUP, messages.slice(0, 2), newest(50)]],
    );
    expect(stale.snapshot()).toEqual(fresh.snapshot());
  });

  it('handles deletion for me only the same way, and an empty chat has no last message', () => {
    const m1 = msg(PRIVATE, 1, BOB);
    const stale = load([dialog({ chat: privateChat, lastMessage: m1, unreadCount: 1, lastActivity: 101 })]);
    stale.apply(
      upd(1, { case: 'messagesDeleted', value: { chatId: PRIVATE, ids: [1], forEveryone: false } }),
    );
    expect(stale.dialog(PRIVATE)?.unreadCount).toBe(0);
    expect(stale.dialog(PRIVATE)?.lastMessage).toBeUndefined();
    expect(stale.messages(PRIVATE)).toEqual([]);
  });
});
