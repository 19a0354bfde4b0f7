import { ClientState, type PeykClient, syncClientState } from '@peyk/client';
import { ChatKind, ErrorCode, MemberRole, type Update } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';
import { essence, fullHistory } from './helpers/sync-tools.js';

const kinds = await storeKinds();

/** The chat's current pts, as its admin sees it. */
async function chatPts(client: PeykClient, chatId: string): Promise<number> {
  return (await client.request('getChat', { chatId })).chatPts;
}

/** Waits until the client has delivered every update of the large chat. */
async function caughtUpIn(client: PeykClient, admin: PeykClient, chatId: string): Promise<void> {
  const target = await chatPts(admin, chatId);
  await eventually(
    () => (client.chatPts[chatId] ?? 0) >= target,
    `chat pts ${target} (at ${client.chatPts[chatId]})`,
    20_000,
  );
}

function inChat(updates: Update[], chatId: string): Update[] {
  return updates.filter((u) => u.sequenceChatId === chatId);
}

describe.each(kinds)('channels and supergroups on $name', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    // The admin below sends 1,000 requests in a row.
    server = await startTestServer(kind, {
      largeChatThreshold: 3,
      connectionLimits: { requestsPerSecond: 10_000, requestBurst: 10_000 },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('a public channel', () => {
    let admin: PeykClient;
    let subscriber: PeykClient;
    let channelId: string;
    const name = `News_${kind.name}`;

    beforeAll(async () => {
      admin = await server.user(`ch_admin_${kind.name}`);
      subscriber = await server.user(`ch_sub_${kind.name}`);
      const channel = await admin.request('createChannel', {
        title: 'Peyk news',
        username: name,
        broadcast: true,
        signatures: true,
      });
      channelId = channel.id;
      expect(channel).toMatchObject({
        kind: ChatKind.CHANNEL,
        username: name.toLowerCase(),
        myRole: MemberRole.OWNER,
        memberCount: 1,
        signatures: true,
      });
    });

    it('holds its @username against other chats and users, whatever the case', async () => {
      const rival = await server.user(`ch_rival_${kind.name}`);
      await expect(
        rival.request('createChannel', { title: 'x', username: name.toUpperCase(), broadcast: true }),
      ).rejects.toMatchObject({ code: ErrorCode.USERNAME_TAKEN });
      await expect(rival.request('setUsername', { username: name })).rejects.toMatchObject({
        code: ErrorCode.USERNAME_TAKEN,
      });
      await expect(
        server.client().then((c) => c.signUp({ username: name, password: 'long enough', displayName: 'x' })),
      ).rejects.toMatchObject({ code: ErrorCode.USERNAME_TAKEN });
      // One namespace: not even its owner's own username.
      await expect(
        rival.request('createChannel', { title: 'x', username: rival.user?.username, broadcast: false }),
      ).rejects.toMatchObject({ code: ErrorCode.USERNAME_TAKEN });
      await expect(
        rival.request('createChannel', { title: 'x', username: `${name}_2`, broadcast: false }),
      ).resolves.toMatchObject({ kind: ChatKind.SUPERGROUP, username: `${name}_2`.toLowerCase() });
      await expect(
        rival.request('createChannel', { title: 'x', username: 'no', broadcast: true }),
      ).rejects.toMatchObject({ code: ErrorCode.USERNAME_INVALID });
    });

    it('is found by @username and joined; a subscriber cannot post', async () => {
      const found = await subscriber.request('resolveChat', { username: `@${name.toUpperCase()}` });
      expect(found).toMatchObject({ id: channelId, myRole: MemberRole.UNSPECIFIED, title: 'Peyk news' });
      const joined = await subscriber.request('joinChat', { chatId: channelId });
      expect(joined).toMatchObject({ myRole: MemberRole.MEMBER, memberCount: 2 });
      await expect(subscriber.sendMessage(channelId, 'let me in')).rejects.toMatchObject({
        code: ErrorCode.CHAT_WRITE_FORBIDDEN,
      });
      expect(
        (await subscriber.request('getHistory', { chatId: channelId, before: 10 })).messages,
      ).toHaveLength(1);
    });

    it('delivers posts, edits, deletes, reactions and pins to online subscribers in the chat sequence', async () => {
      const updates = recordUpdates(subscriber);
      const start = await chatPts(admin, channelId);
      const post = await admin.sendMessage(channelId, 'first post');
      expect(post.authorSignature).toBe(admin.user?.displayName);
      const quiet = await admin.request('sendMessage', {
        chatId: channelId,
        randomId: '777',
        text: 'silent post',
        silent: true,
      });
      expect(quiet.silent).toBe(true);
      await admin.request('editMessage', {
        chatId: channelId,
        messageId: post.id,
        text: 'first post, edited',
      });
      await subscriber.request('setReaction', { chatId: channelId, messageId: post.id, emoji: '👍' });
      await admin.request('setMessagePinned', { chatId: channelId, messageId: post.id, pinned: true });
      await admin.request('deleteMessages', { chatId: channelId, messageIds: [quiet.id], forEveryone: true });
      await caughtUpIn(subscriber, admin, channelId);
      const seen = inChat(updates, channelId);
      expect(seen.map((u) => u.pts)).toEqual(seen.map((_, i) => start + 1 + i));
      expect(seen.map((u) => u.kind.case)).toEqual([
        'newMessage',
        'newMessage',
        'messageEdited',
        'reactionChanged',
        'messageEdited',
        'newMessage',
        'messagesDeleted',
      ]);
      // Only the sender's own devices see a random_id; the channel's sequence carries none.
      expect(seen.every((u) => u.kind.case !== 'newMessage' || u.kind.value.randomId === '0')).toBe(true);
      // None of it took a pts in the subscriber's own sequence.
      expect(updates.filter((u) => u.pts > 0 && u.sequenceChatId === '0')).toEqual([]);
    });

    it('refuses the chat difference to non-members and answers it to members', async () => {
      const outsider = await server.user(`ch_out_${kind.name}`);
      await expect(
        outsider.request('getChatDifference', { chatId: channelId, pts: 0 }),
      ).rejects.toMatchObject({ code: ErrorCode.CHAT_NOT_FOUND });
      const all = await subscriber.request('getChatDifference', { chatId: channelId, pts: 0, limit: 3 });
      expect(all.updates.map((u) => u.pts)).toEqual([1, 2, 3]);
      expect(all.partial).toBe(true);
      expect(all.updates.every((u) => u.sequenceChatId === channelId)).toBe(true);
    });

    it('a subscriber offline during 1,000 posts, edits and deletes catches up to exactly the channel', async () => {
      const reader = await server.device(subscriber);
      const state = new ClientState(reader.user as never);
      const stop = await syncClientState(reader, state, { historyPerChat: 100 });
      await caughtUpIn(reader, admin, channelId);
      stop();
      const resume = { token: reader.token, pts: reader.pts, chatPts: reader.chatPts };
      reader.close();

      const live: number[] = [];
      for (let i = 0; i < 1000; i++) {
        if (i % 5 === 4 && live.length > 0) {
          const messageId = live[(i * 7) % live.length] as number;
          await admin.request('editMessage', { chatId: channelId, messageId, text: `edit ${i}` });
        } else if (i % 7 === 6 && live.length > 0) {
          const [messageId] = live.splice((i * 3) % live.length, 1);
          await admin.request('deleteMessages', {
            chatId: channelId,
            messageIds: [messageId as number],
            forEveryone: true,
          });
        } else {
          const sent = await admin.request('sendMessage', {
            chatId: channelId,
            randomId: String(10_000 + i),
            text: `post ${i}`,
          });
          live.push(sent.id);
        }
      }

      const back = await server.client({ ...resume });
      back.on('update', (update) => state.apply(update));
      await caughtUpIn(back, admin, channelId);
      const fresh = await fullHistory(admin, channelId);
      expect(fresh.length).toBeGreaterThan(500);
      expect(state.snapshot().messages[channelId]?.map(essence)).toEqual(fresh.map(essence));
    }, 120_000);

    it('signing posts can be turned on and off by an admin with change_info only', async () => {
      await expect(
        subscriber.request('setSignatures', { chatId: channelId, enabled: false }),
      ).rejects.toMatchObject({ code: ErrorCode.CHAT_ADMIN_REQUIRED });
      expect(await admin.request('setSignatures', { chatId: channelId, enabled: false })).toMatchObject({
        signatures: false,
      });
      expect((await admin.sendMessage(channelId, 'unsigned')).authorSignature).toBe('');
      expect(await admin.request('setSignatures', { chatId: channelId, enabled: true })).toMatchObject({
        signatures: true,
      });
      expect((await admin.sendMessage(channelId, 'signed')).authorSignature).not.toBe('');
      await caughtUpIn(subscriber, admin, channelId);
    });

    it('leaving stops the updates; the owner can clear the username', async () => {
      const updates = recordUpdates(subscriber);
      await subscriber.request('leaveChat', { chatId: channelId });
      await admin.sendMessage(channelId, 'after you left');
      await new Promise((r) => setTimeout(r, 100));
      expect(inChat(updates, channelId)).toEqual([]);
      expect(updates.map((u) => u.kind.case)).toContain('chatRemoved');
      await expect(
        subscriber.request('setChatUsername', { chatId: channelId, username: '' }),
      ).rejects.toMatchObject({
        code: ErrorCode.CHAT_NOT_FOUND,
      });
      expect(await admin.request('setChatUsername', { chatId: channelId, username: '' })).toMatchObject({
        username: '',
      });
      await expect(subscriber.request('joinChat', { chatId: channelId })).rejects.toMatchObject({
        code: ErrorCode.CHAT_NOT_FOUND,
      });
    });
  });

  it('takes comments on posts through a linked discussion group', async () => {
    const owner = await server.user(`talk_owner_${kind.name}`);
    const reader = await server.user(`talk_reader_${kind.name}`);
    const channel = (
      await owner.request('createChannel', {
        title: 'Posts',
        username: `posts_${kind.name}`,
        broadcast: true,
      })
    ).id;
    const group = (
      await owner.request('createChannel', { title: 'Talk', username: `talk_${kind.name}`, broadcast: false })
    ).id;
    const other = (await owner.request('createChannel', { title: 'Other', username: '', broadcast: true }))
      .id;
    for (const chatId of [channel, group]) await reader.request('joinChat', { chatId });
    await expect(
      reader.request('setDiscussionGroup', { channelId: channel, groupId: group }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHAT_ADMIN_REQUIRED,
    });
    await expect(
      owner.request('setDiscussionGroup', { channelId: channel, groupId: other }),
    ).rejects.toMatchObject({
      code: ErrorCode.CHAT_KIND_INVALID,
    });
    expect(await owner.request('setDiscussionGroup', { channelId: channel, groupId: group })).toMatchObject({
      linkedChatId: group,
    });
    await expect(
      owner.request('setDiscussionGroup', { channelId: other, groupId: group }),
    ).rejects.toMatchObject({
      code: ErrorCode.INPUT_INVALID,
    });

    const post = await owner.sendMessage(channel, 'What do you think?');
    const [linked] = (await reader.request('getMessages', { chatId: channel, messageIds: [post.id] }))
      .messages;
    const discussionId = linked?.discussionMessageId ?? 0;
    expect(discussionId).toBeGreaterThan(0);
    const [copy] = (await reader.request('getMessages', { chatId: group, messageIds: [discussionId] }))
      .messages;
    expect(copy).toMatchObject({
      text: 'What do you think?',
      forward: { fromChatId: channel, fromMessageId: post.id },
    });
    const comment = await reader.sendMessage(group, 'I like it', { replyToId: discussionId });
    const thread = (await owner.request('getHistory', { chatId: group, before: 10 })).messages.filter(
      (m) => m.replyToId === discussionId,
    );
    expect(thread.map((m) => m.id)).toEqual([comment.id]);
    // A subscriber who never joined the group reads the comments and their count.
    const lurker = await server.user(`talk_lurker_${kind.name}`);
    await lurker.request('joinChat', { chatId: channel });
    const plainPost = await owner.sendMessage(channel, 'Second post');
    expect(
      (
        await lurker.request('countComments', {
          channelId: channel,
          messageIds: [post.id, plainPost.id, 999],
        })
      ).counts,
    ).toEqual([1, 0, 0]);
    const comments = await lurker.request('getComments', { channelId: channel, messageId: post.id });
    expect(comments.messages.map((m) => m.text)).toEqual(['I like it']);
    expect(comments.users.map((u) => u.id)).toContain(reader.user?.id);
    await expect(
      server
        .user(`talk_outsider_${kind.name}`)
        .then((outsider) => outsider.request('getComments', { channelId: channel, messageId: post.id })),
    ).rejects.toMatchObject({ code: ErrorCode.CHAT_NOT_FOUND });

    await owner.request('setDiscussionGroup', { channelId: channel, groupId: '0' });
    const later = await owner.sendMessage(channel, 'No comments on this one');
    const [alone] = (await reader.request('getMessages', { chatId: channel, messageIds: [later.id] }))
      .messages;
    expect(alone?.discussionMessageId).toBe(0);
    expect((await reader.request('getChat', { chatId: group })).linkedChatId).toBe('0');
    // Linked to another group, the old posts' copies are not there: no count, no thread.
    const next = (await owner.request('createChannel', { title: 'Talk 2', username: '', broadcast: false }))
      .id;
    // A private group: nobody joins it by id, until it discusses a channel they are in.
    await expect(lurker.request('joinChat', { chatId: next })).rejects.toMatchObject({
      code: ErrorCode.CHAT_NOT_FOUND,
    });
    await owner.request('setDiscussionGroup', { channelId: channel, groupId: next });
    await expect(lurker.request('joinChat', { chatId: next })).resolves.toMatchObject({
      myRole: MemberRole.MEMBER,
    });
    const stranger = await server.user(`talk_stranger_${kind.name}`);
    await expect(stranger.request('joinChat', { chatId: next })).rejects.toMatchObject({
      code: ErrorCode.CHAT_NOT_FOUND,
    });
    expect(
      (await lurker.request('countComments', { channelId: channel, messageIds: [post.id] })).counts,
    ).toEqual([0]);
    await expect(
      lurker.request('getComments', { channelId: channel, messageId: post.id }),
    ).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_NOT_FOUND,
    });
  });

  it('a group past the threshold becomes a supergroup: same id, same history, synced per chat', async () => {
    const a = await server.user(`grow_a_${kind.name}`);
    const b = await server.user(`grow_b_${kind.name}`);
    const c = await server.user(`grow_c_${kind.name}`);
    const d = await server.user(`grow_d_${kind.name}`);
    const group = await a.request('createGroup', { title: 'Growing', memberIds: [b.user?.id ?? ''] });
    await a.sendMessage(group.id, 'while small');
    const state = new ClientState(b.user as never);
    await syncClientState(b, state, { historyPerChat: 100 });
    await a.request('addMembers', { chatId: group.id, userIds: [c.user?.id ?? ''] });
    expect((await a.request('getChat', { chatId: group.id })).kind).toBe(ChatKind.GROUP);
    const grown = await a.request('addMembers', { chatId: group.id, userIds: [d.user?.id ?? ''] });
    expect(grown).toMatchObject({ id: group.id, kind: ChatKind.SUPERGROUP, memberCount: 4 });
    const updates = recordUpdates(b);
    const after = await c.sendMessage(group.id, 'now large');
    await caughtUpIn(b, a, group.id);
    expect(inChat(updates, group.id).map((u) => u.kind.case)).toContain('newMessage');
    const fresh = await fullHistory(a, group.id);
    expect(fresh.map((m) => m.text)).toContain('while small');
    expect(fresh.at(-1)?.id).toBe(after.id);
    expect(state.snapshot().messages[group.id]?.map(essence)).toEqual(fresh.map(essence));
    expect(state.snapshot().dialogs.find((dialog) => dialog.chat?.id === group.id)?.chat?.kind).toBe(
      ChatKind.SUPERGROUP,
    );
  });
});
