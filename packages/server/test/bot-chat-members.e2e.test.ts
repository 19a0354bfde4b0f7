import type { PeykClient } from '@peyk/client';
import { ErrorCode, MemberRole } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBotApi, createBot, type TelegramJson } from './helpers/bots.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const kinds = await storeKinds();
const ALL_KINDS = ['message', 'my_chat_member', 'chat_member', 'chat_join_request'];

describe.each(kinds)('bots managing chat members on $name', (kind) => {
  let server: TestServer;
  let owner: PeykClient;
  let reader: PeykClient;
  let token: string;
  let botId: string;
  let groupId: string;
  let chat_id: number;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    callBotApi(server, token, method, { chat_id, ...params });
  /** The bot's pending updates of these kinds, confirmed as read. */
  const drain = async (): Promise<TelegramJson[]> => {
    const { body } = await callBotApi(server, token, 'getUpdates', {
      timeout: 0,
      allowed_updates: ALL_KINDS,
    });
    const last = body.result.at(-1);
    if (last) await callBotApi(server, token, 'getUpdates', { offset: last.update_id + 1, timeout: 0 });
    return body.result;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await server.user(`cm_owner_${kind.name}`);
    reader = await server.user(`cm_reader_${kind.name}`);
    token = await createBot(server, owner, `cm_${kind.name}_bot`);
    botId = token.split(':')[0] as string;
    await callBotApi(server, token, 'getUpdates', { timeout: 0, allowed_updates: ALL_KINDS });
    groupId = (await owner.request('createChannel', { title: 'Managed', username: '', broadcast: false })).id;
    chat_id = -Number(groupId);
    await owner.request('addMembers', { chatId: groupId, userIds: [reader.user?.id as string, botId] });
  });
  afterAll(() => server.stop());

  it('tells the bot of its own membership and rights (my_chat_member) and reads members', async () => {
    const added = (await drain()).filter((u) => u.my_chat_member);
    expect(added).toHaveLength(1);
    expect(added[0].my_chat_member).toMatchObject({
      chat: { id: chat_id, type: 'supergroup' },
      from: { id: Number(owner.user?.id) },
      old_chat_member: { status: 'left', user: { id: Number(botId), is_bot: true } },
      new_chat_member: { status: 'member', user: { id: Number(botId) } },
    });
    // A plain member bot cannot ban: the domain's rights decide.
    expect((await call('banChatMember', { user_id: reader.user?.id })).body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: not enough rights',
    });
    await owner.request('setAdminRights', {
      chatId: groupId,
      userId: botId,
      rights: { banUsers: true, inviteUsers: true, pinMessages: true, manageAdmins: true },
    });
    const promoted = (await drain()).find((u) => u.my_chat_member)?.my_chat_member;
    expect(promoted.old_chat_member.status).toBe('member');
    expect(promoted.new_chat_member).toMatchObject({
      status: 'administrator',
      can_restrict_members: true,
      can_invite_users: true,
      can_pin_messages: true,
      can_promote_members: true,
      can_change_info: false,
      can_delete_messages: false,
    });
    expect((await call('getChatMemberCount')).body.result).toBe(3);
    expect((await call('getChatMember', { user_id: owner.user?.id })).body.result).toMatchObject({
      status: 'creator',
      user: { id: Number(owner.user?.id) },
    });
    expect((await call('getChatMember', { user_id: reader.user?.id })).body.result.status).toBe('member');
  });

  it('restricts, promotes, bans and unbans through the domain, with chat_member updates', async () => {
    const readerId = Number(reader.user?.id);
    const restricted = await call('restrictChatMember', {
      user_id: readerId,
      permissions: { can_send_messages: false },
    });
    expect(restricted.body).toEqual({ ok: true, result: true });
    await expect(reader.sendMessage(groupId, 'may I?')).rejects.toMatchObject({
      code: ErrorCode.CHAT_WRITE_FORBIDDEN,
    });
    expect((await call('getChatMember', { user_id: readerId })).body.result).toMatchObject({
      status: 'restricted',
      is_member: true,
      can_send_messages: false,
      can_send_photos: false,
    });
    await call('restrictChatMember', { user_id: readerId, permissions: { can_send_messages: true } });
    await reader.sendMessage(groupId, 'thanks');

    // The bot grants only rights it holds.
    expect(
      (await call('promoteChatMember', { user_id: readerId, can_change_info: true })).body.description,
    ).toBe('Bad Request: not enough rights');
    expect((await call('promoteChatMember', { user_id: readerId, can_pin_messages: true })).body.ok).toBe(
      true,
    );
    const admins = (await call('getChatAdministrators')).body.result as TelegramJson[];
    expect(admins.map((a) => [a.user.id, a.status]).sort()).toEqual(
      [
        [Number(owner.user?.id), 'creator'],
        [Number(botId), 'administrator'],
        [readerId, 'administrator'],
      ].sort(),
    );
    // Only the owner changes another admin's rights (the domain's rule; Telegram lets the promoter).
    expect((await call('promoteChatMember', { user_id: readerId })).body.description).toBe(
      'Bad Request: not enough rights',
    );
    await owner.request('setAdminRights', { chatId: groupId, userId: String(readerId) });

    expect((await call('banChatMember', { user_id: readerId })).body.ok).toBe(true);
    expect((await call('getChatMember', { user_id: readerId })).body.result).toMatchObject({
      status: 'kicked',
      until_date: 0,
    });
    await expect(
      owner.request('addMembers', { chatId: groupId, userIds: [String(readerId)] }),
    ).rejects.toMatchObject({
      code: ErrorCode.USER_BANNED,
    });
    expect((await call('unbanChatMember', { user_id: readerId })).body.ok).toBe(true);
    expect((await call('getChatMember', { user_id: readerId })).body.result.status).toBe('left');
    await owner.request('addMembers', { chatId: groupId, userIds: [String(readerId)] });

    const changes = (await drain()).filter((u) => u.chat_member).map((u) => u.chat_member);
    expect(changes.map((c) => [c.old_chat_member.status, c.new_chat_member.status])).toEqual([
      ['member', 'restricted'],
      ['restricted', 'member'],
      ['member', 'administrator'],
      ['administrator', 'member'],
      ['member', 'kicked'],
      ['left', 'member'],
    ]);
    expect(changes[0]).toMatchObject({
      from: { id: Number(botId) },
      new_chat_member: { user: { id: readerId }, can_send_messages: false },
    });
  });

  it('hears join requests and approves or declines them', async () => {
    const { link } = await owner.request('createInviteLink', { chatId: groupId, requiresApproval: true });
    const asker = await server.user(`cm_asker_${kind.name}`);
    const other = await server.user(`cm_other_${kind.name}`);
    for (const user of [asker, other]) {
      await expect(user.request('joinByLink', { link })).rejects.toMatchObject({
        code: ErrorCode.JOIN_REQUEST_SENT,
      });
    }
    const requests = (await drain()).filter((u) => u.chat_join_request).map((u) => u.chat_join_request);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      chat: { id: chat_id, type: 'supergroup' },
      from: { id: Number(asker.user?.id) },
      user_chat_id: Number(asker.user?.id),
      // As Telegram's: another admin's link shows only its first half.
      invite_link: {
        invite_link: `${link.slice(0, 8)}…`,
        creator: { id: Number(owner.user?.id) },
        creates_join_request: true,
        is_primary: false,
        is_revoked: false,
      },
    });
    expect((await call('approveChatJoinRequest', { user_id: asker.user?.id })).body.ok).toBe(true);
    expect((await call('declineChatJoinRequest', { user_id: other.user?.id })).body.ok).toBe(true);
    expect((await call('approveChatJoinRequest', { user_id: other.user?.id })).body.description).toBe(
      'Bad Request: HIDE_REQUESTER_MISSING',
    );
    const chat = await asker.request('getChat', { chatId: groupId });
    expect(chat.myRole).toBe(MemberRole.MEMBER);
    await expect(other.request('getChat', { chatId: groupId })).rejects.toBeDefined();
  });

  it('leaves: my_chat_member says left, and the chat is gone for the bot', async () => {
    expect((await call('leaveChat')).body.ok).toBe(true);
    const left = (await drain()).find((u) => u.my_chat_member)?.my_chat_member;
    expect(left).toMatchObject({
      old_chat_member: { status: 'administrator' },
      new_chat_member: { status: 'left', user: { id: Number(botId) } },
    });
    expect((await call('getChatMemberCount')).body.description).toBe('Bad Request: chat not found');
  });

  it('a person blocking and unblocking the bot: my_chat_member kicked, then member, in their private chat', async () => {
    const person = await server.user(`cm_blocker_${kind.name}`);
    const chat = await person.request('openPrivateChat', { userId: botId });
    await person.sendMessage(chat.id, '/start');
    await drain();
    await person.request('blockUser', { userId: botId });
    await person.request('blockUser', { userId: botId });
    await person.request('unblockUser', { userId: botId });
    const changes = (await drain()).filter((u) => u.my_chat_member).map((u) => u.my_chat_member);
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({
      chat: { id: Number(person.user?.id), type: 'private' },
      from: { id: Number(person.user?.id) },
      old_chat_member: { status: 'member', user: { id: Number(botId) } },
      new_chat_member: { status: 'kicked', until_date: 0 },
    });
    expect([changes[1].old_chat_member.status, changes[1].new_chat_member.status]).toEqual([
      'kicked',
      'member',
    ]);
  });

  it('small groups: restrictChatMember is for supergroups and channels only', async () => {
    const small = await owner.request('createGroup', { title: 'Small', memberIds: [botId] });
    const answer = await callBotApi(server, token, 'restrictChatMember', {
      chat_id: -Number(small.id),
      user_id: owner.user?.id,
      permissions: { can_send_messages: false },
    });
    expect(answer.body.description).toBe(
      'Bad Request: method is available for supergroup and channel chats only',
    );
  });
});
