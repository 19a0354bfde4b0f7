import { EntityType, ErrorCode, MemberRole, ServiceKind, type Update } from '@peyk/protocol';
import type { PeykClient } from '@peyk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();

const cases = (updates: Update[]) => updates.map((u) => u.kind.case);

describe.each(kinds)('messaging over the real protocol on $name', (kind) => {
  let server: TestServer;
  let n = 0;
  const name = (base: string) => `${base}_${kind.name}_${++n}`;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  async function privatePair() {
    const alice = await server.user(name('alice'));
    const bob = await server.user(name('bob'));
    const chat = await alice.request('openPrivateChat', { userId: bob.user?.id });
    return { alice, bob, chatId: chat.id };
  }

  it('delivers a private message to every device of both users, once, in order', async () => {
    const { alice, bob, chatId } = await privatePair();
    const alice2 = await server.device(alice);
    const bob2 = await server.device(bob);
    const seen = [alice, alice2, bob, bob2].map(recordUpdates);
    for (let i = 1; i <= 5; i++) await alice.sendMessage(chatId, `salam ${i}`);
    for (const updates of seen) {
      await eventually(
        () => updates.filter((u) => u.kind.case === 'newMessage').length === 5,
        'five messages',
      );
      const texts = updates.flatMap((u) => (u.kind.case === 'newMessage' ? [u.kind.value.text] : []));
      expect(texts).toEqual(['salam 1', 'salam 2', 'salam 3', 'salam 4', 'salam 5']);
    }
    const bobsFirst = seen[2]?.find((u) => u.kind.case === 'newMessage');
    expect(bobsFirst?.kind.value).toMatchObject({ randomId: '0' });
    const dialogs = await bob.request('getDialogs', {});
    expect(dialogs.dialogs[0]).toMatchObject({ unreadCount: 5, lastMessage: { text: 'salam 5' } });
  });

  it('opens Saved Messages as a chat with oneself', async () => {
    const me = await server.user(name('saver'));
    const chat = await me.request('openPrivateChat', { userId: me.user?.id });
    expect(chat.peerUserId).toBe(me.user?.id);
    expect(chat.memberCount).toBe(1);
    await me.sendMessage(chat.id, 'note to self');
    const again = await me.request('openPrivateChat', { userId: me.user?.id });
    expect(again.id).toBe(chat.id);
    const history = await me.request('getHistory', { chatId: chat.id, before: 10 });
    expect(history.messages.map((m) => m.text)).toEqual(['note to self']);
  });

  it('checks text and entities in UTF-16 units', async () => {
    const { alice, chatId } = await privatePair();
    const text = '🙂 سلام **bold**';
    const sent = await alice.sendMessage(chatId, text, {
      entities: [{ type: EntityType.BOLD, offset: 8, length: 8 }],
    });
    expect(sent.entities[0]).toMatchObject({ offset: 8, length: 8 });
    await expect(
      alice.request('sendMessage', {
        chatId,
        randomId: '77',
        text,
        entities: [{ type: EntityType.ITALIC, offset: 10, length: 7 }],
      }),
    ).rejects.toMatchObject({ code: ErrorCode.ENTITIES_INVALID });
    await expect(
      alice.request('sendMessage', { chatId, randomId: '78', text: 'x'.repeat(4097) }),
    ).rejects.toMatchObject({ code: ErrorCode.MESSAGE_TOO_LONG });
    await expect(alice.request('sendMessage', { chatId, randomId: '79', text: '   ' })).rejects.toMatchObject(
      {
        code: ErrorCode.MESSAGE_EMPTY,
      },
    );
    await expect(alice.request('sendMessage', { chatId, randomId: '0', text: 'hi' })).rejects.toMatchObject({
      code: ErrorCode.RANDOM_ID_INVALID,
    });
    const max = await alice.request('sendMessage', { chatId, randomId: '80', text: 'ک'.repeat(4096) });
    expect(max.text.length).toBe(4096);
    const history = await alice.request('getHistory', { chatId, before: 10 });
    expect(history.messages).toHaveLength(2);
  });

  it('replies, edits, reacts, pins and deletes, reaching both sides', async () => {
    const { alice, bob, chatId } = await privatePair();
    const bobUpdates = recordUpdates(bob);
    const first = await alice.sendMessage(chatId, 'first');
    const reply = await bob.sendMessage(chatId, 'a reply', { replyToId: first.id });
    expect(reply.replyToId).toBe(first.id);

    const edited = await alice.request('editMessage', {
      chatId,
      messageId: first.id,
      text: 'first (edited)',
    });
    expect(edited.editDate).toBeGreaterThan(0);
    await expect(
      bob.request('editMessage', { chatId, messageId: first.id, text: 'hijack' }),
    ).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_AUTHOR_REQUIRED,
    });

    const reacted = await bob.request('setReaction', { chatId, messageId: first.id, emoji: '👍' });
    expect(reacted.myReaction).toBe('👍');
    await alice.request('setReaction', { chatId, messageId: first.id, emoji: '👍' });
    const reactors = await alice.request('listReactors', { chatId, messageId: first.id });
    expect(reactors.reactors.map((r) => r.userId).sort()).toEqual([alice.user?.id, bob.user?.id].sort());
    await expect(
      bob.request('setReaction', { chatId, messageId: first.id, emoji: 'not an emoji' }),
    ).rejects.toMatchObject({
      code: ErrorCode.REACTION_INVALID,
    });

    const pinned = await bob.request('setMessagePinned', { chatId, messageId: first.id, pinned: true });
    expect(pinned.pinned).toBe(true);

    await alice.request('deleteMessages', { chatId, messageIds: [first.id], forEveryone: true });
    await eventually(() => cases(bobUpdates).includes('messagesDeleted'), 'bob to see the deletion');
    expect(cases(bobUpdates)).toEqual([
      'chatUpdated',
      'newMessage',
      'newMessage',
      'messageEdited',
      'reactionChanged',
      'reactionChanged',
      'messageEdited',
      'newMessage',
      'messagesDeleted',
    ]);
    const history = await bob.request('getHistory', { chatId, before: 10 });
    expect(history.messages.map((m) => m.text)).toEqual(['a reply', '']);
    expect(history.messages[1]?.service?.kind).toBe(ServiceKind.MESSAGE_PINNED);
  });

  it('deletes for me only on my side', async () => {
    const { alice, bob, chatId } = await privatePair();
    const message = await alice.sendMessage(chatId, 'keep for bob');
    await alice.request('deleteMessages', { chatId, messageIds: [message.id], forEveryone: false });
    expect((await alice.request('getHistory', { chatId, before: 10 })).messages).toHaveLength(0);
    expect((await bob.request('getHistory', { chatId, before: 10 })).messages.map((m) => m.text)).toEqual([
      'keep for bob',
    ]);
  });

  it('forwards keeping the original sender and chat, also when forwarding a forward', async () => {
    const { alice, bob, chatId } = await privatePair();
    const carol = await server.user(name('carol'));
    const original = await alice.sendMessage(chatId, 'worth sharing');
    const bobCarol = await bob.request('openPrivateChat', { userId: carol.user?.id });
    const forwarded = await bob.request('forwardMessages', {
      fromChatId: chatId,
      messageIds: [original.id],
      toChatId: bobCarol.id,
      randomIds: ['9001'],
    });
    expect(forwarded.messages[0]?.forward).toMatchObject({
      fromUserId: alice.user?.id,
      fromChatId: chatId,
      fromMessageId: original.id,
    });
    const carolSaved = await carol.request('openPrivateChat', { userId: carol.user?.id });
    const again = await carol.request('forwardMessages', {
      fromChatId: bobCarol.id,
      messageIds: [forwarded.messages[0]?.id ?? 0],
      toChatId: carolSaved.id,
      randomIds: ['9002'],
    });
    expect(again.messages[0]?.forward?.fromUserId).toBe(alice.user?.id);
    const retried = await bob.request('forwardMessages', {
      fromChatId: chatId,
      messageIds: [original.id],
      toChatId: bobCarol.id,
      randomIds: ['9001'],
    });
    expect(retried.messages[0]?.id).toBe(forwarded.messages[0]?.id);
  });

  it('runs a group: create, add, roles, rename, remove, leave, admin-only actions', async () => {
    const owner = await server.user(name('owner'));
    const ana = await server.user(name('ana'));
    const ben = await server.user(name('ben'));
    const cem = await server.user(name('cem'));
    const cemUpdates = recordUpdates(cem);
    const group = await owner.request('createGroup', {
      title: 'گروه دوستان',
      memberIds: [ana.user?.id ?? '', ben.user?.id ?? ''],
    });
    expect(group).toMatchObject({ title: 'گروه دوستان', memberCount: 3, myRole: MemberRole.OWNER });

    await expect(ana.request('renameChat', { chatId: group.id, title: 'x' })).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
    await owner.request('setMemberRole', { chatId: group.id, userId: ana.user?.id, role: MemberRole.ADMIN });
    const renamed = await ana.request('renameChat', { chatId: group.id, title: 'Friends' });
    expect(renamed.title).toBe('Friends');

    await ben.request('addMembers', { chatId: group.id, userIds: [cem.user?.id ?? ''] });
    await eventually(() => cases(cemUpdates).includes('newMessage'), 'cem to hear of the group');
    expect(cases(cemUpdates).slice(0, 2)).toEqual(['chatUpdated', 'newMessage']);

    const bensMessage = await ben.sendMessage(group.id, 'hello all');
    await expect(
      cem.request('deleteMessages', { chatId: group.id, messageIds: [bensMessage.id], forEveryone: true }),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_ADMIN_REQUIRED });
    await ana.request('deleteMessages', {
      chatId: group.id,
      messageIds: [bensMessage.id],
      forEveryone: true,
    });

    await expect(
      ben.request('removeMember', { chatId: group.id, userId: cem.user?.id }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
    await expect(
      ana.request('removeMember', { chatId: group.id, userId: owner.user?.id }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
    await ana.request('removeMember', { chatId: group.id, userId: cem.user?.id });
    await eventually(() => cases(cemUpdates).includes('chatRemoved'), 'cem to be told he was removed');
    await expect(cem.request('getHistory', { chatId: group.id, before: 10 })).rejects.toMatchObject({
      code: ErrorCode.CHAT_NOT_FOUND,
    });
    const afterRemoval = cemUpdates.length;
    await ben.sendMessage(group.id, 'cem cannot see this');
    await owner.request('leaveChat', { chatId: group.id });
    const members = await ana.request('listMembers', { chatId: group.id });
    expect(members.members.map((m) => [m.userId, m.role])).toEqual([
      [ana.user?.id, MemberRole.OWNER],
      [ben.user?.id, MemberRole.MEMBER],
    ]);
    const history = await ben.request('getHistory', { chatId: group.id, before: 20 });
    expect(history.messages.map((m) => m.service?.kind ?? 0)).toEqual([
      ServiceKind.GROUP_CREATED,
      ServiceKind.TITLE_CHANGED,
      ServiceKind.MEMBERS_ADDED,
      ServiceKind.MEMBER_REMOVED,
      0,
      ServiceKind.MEMBER_LEFT,
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(cemUpdates.length).toBe(afterRemoval);
  });

  it('keeps read pointers: unread counts, read_inbox on other devices, read receipts for the sender', async () => {
    const { alice, bob, chatId } = await privatePair();
    const aliceUpdates = recordUpdates(alice);
    const bob2 = await server.device(bob);
    const bob2Updates = recordUpdates(bob2);
    const m1 = await alice.sendMessage(chatId, `@${bob.user?.username} look`, {
      entities: [{ type: EntityType.MENTION, offset: 0, length: (bob.user?.username.length ?? 0) + 1 }],
    });
    await alice.sendMessage(chatId, 'two');
    const before = await bob.request('getDialogs', {});
    expect(before.dialogs[0]).toMatchObject({ unreadCount: 2, unreadMentionsCount: 1 });
    await bob.request('readHistory', { chatId, maxId: m1.id });
    await eventually(() => cases(bob2Updates).includes('readInbox'), 'the other device to see the read');
    await eventually(() => cases(aliceUpdates).includes('readOutbox'), 'alice to see the receipt');
    const after = await bob2.request('getDialogs', {});
    expect(after.dialogs[0]).toMatchObject({ unreadCount: 1, unreadMentionsCount: 0, readInboxMaxId: m1.id });
    const aliceDialog = await alice.request('getDialogs', {});
    expect(aliceDialog.dialogs[0]?.readOutboxMaxId).toBe(m1.id);
  });

  it('pins, mutes and pages the dialog list by activity', async () => {
    const me = await server.user(name('pager'));
    const chats: string[] = [];
    for (let i = 0; i < 5; i++) {
      const peer = await server.user(name('peer'));
      const chat = await me.request('openPrivateChat', { userId: peer.user?.id });
      await peer.sendMessage(chat.id, `hi ${i}`);
      chats.push(chat.id);
    }
    await me.request('setDialogPinned', { chatId: chats[0], pinned: true });
    await me.request('setDialogMuted', { chatId: chats[1], muted: true });
    const first = await me.request('getDialogs', { limit: 3 });
    expect(first.dialogs.map((d) => d.chat?.id)).toEqual([chats[0], chats[4], chats[3]]);
    expect(first.dialogs[0]?.pinned).toBe(true);
    const second = await me.request('getDialogs', { cursor: first.nextCursor, limit: 3 });
    expect(second.dialogs.map((d) => d.chat?.id)).toEqual([chats[2], chats[1]]);
    expect(second.dialogs[1]?.muted).toBe(true);
    expect(second.nextCursor).toBe('');
  });

  it('pages history around any message id', async () => {
    const { alice, chatId } = await privatePair();
    for (let i = 1; i <= 30; i++) await alice.sendMessage(chatId, `m${i}`);
    const around = await alice.request('getHistory', { chatId, anchorId: 15, before: 3, after: 3 });
    expect(around.messages.map((m) => m.text)).toEqual(['m12', 'm13', 'm14', 'm15', 'm16', 'm17']);
    const newer = await alice.request('getHistory', { chatId, anchorId: 28, after: 10 });
    expect(newer.messages.map((m) => m.text)).toEqual(['m28', 'm29', 'm30']);
    const latest = await alice.request('getHistory', { chatId, before: 4 });
    expect(latest.messages.map((m) => m.text)).toEqual(['m27', 'm28', 'm29', 'm30']);
    const older = await alice.request('getHistory', { chatId, anchorId: 4, before: 10 });
    expect(older.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
  });

  it('blocks: no messages, no presence, no invitations', async () => {
    const { alice, bob, chatId } = await privatePair();
    await bob.request('blockUser', { userId: alice.user?.id });
    await expect(alice.sendMessage(chatId, 'let me in')).rejects.toMatchObject({
      code: ErrorCode.USER_BLOCKED,
    });
    const seen = await alice.request('getUsers', { userIds: [bob.user?.id ?? ''] });
    expect(seen.users[0]?.presence?.kind ?? 0).toBe(0);
    await expect(
      alice.request('createGroup', { title: 'trap', memberIds: [bob.user?.id ?? ''] }),
    ).rejects.toMatchObject({ code: ErrorCode.USER_BLOCKED });
    expect((await bob.request('listBlocked', {})).users.map((u) => u.id)).toEqual([alice.user?.id]);
    await bob.request('unblockUser', { userId: alice.user?.id });
    await alice.sendMessage(chatId, 'thanks');
  });

  it('shows presence by privacy setting, and typing to the chat', async () => {
    const { alice, bob, chatId } = await privatePair();
    const bobUpdates = recordUpdates(bob);
    const view = await bob.request('getUsers', { userIds: [alice.user?.id ?? ''] });
    expect(view.users[0]?.presence?.kind).toBe(1);
    await alice.request('setPrivacy', { lastSeen: 3 });
    const hidden = await bob.request('getUsers', { userIds: [alice.user?.id ?? ''] });
    expect(hidden.users[0]?.presence?.kind ?? 0).toBe(0);
    await alice.request('addContact', { userId: bob.user?.id });
    await alice.request('setPrivacy', { lastSeen: 2 });
    const contact = await bob.request('getUsers', { userIds: [alice.user?.id ?? ''] });
    expect(contact.users[0]?.presence?.kind).toBe(1);
    await alice.request('setTyping', { chatId, typing: true });
    await eventually(() => cases(bobUpdates).includes('typing'), 'bob to see alice typing');
    const typing = bobUpdates.find((u) => u.kind.case === 'typing');
    expect(typing?.pts).toBe(0);
  });

  it('looks users up by username, keeps contacts and profiles', async () => {
    const { alice, bob } = await privatePair();
    const found = await alice.request('resolveUsername', {
      username: `@${bob.user?.username.toUpperCase()}`,
    });
    expect(found.id).toBe(bob.user?.id);
    await expect(alice.request('resolveUsername', { username: 'nobody_here' })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    const aliceUpdates = recordUpdates(alice);
    await bob.request('updateProfile', { displayName: 'Бобби 鲍勃', bio: 'Привет' });
    await eventually(() => cases(aliceUpdates).includes('userUpdated'), 'alice to see the new name');
    const contact = await alice.request('addContact', { userId: bob.user?.id });
    expect(contact).toMatchObject({ isContact: true, displayName: 'Бобби 鲍勃' });
    expect((await alice.request('listContacts', {})).users.map((u) => u.id)).toEqual([bob.user?.id]);
    await alice.request('removeContact', { userId: bob.user?.id });
    expect((await alice.request('listContacts', {})).users).toEqual([]);
    const renamed = await bob.request('setUsername', { username: name('newname') });
    expect(renamed.username).toContain('newname');
  });
});

export type { PeykClient };
