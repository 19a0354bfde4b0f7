import type { PeykClient } from '@peyk/client';
import { ErrorCode, MemberRole, type RequestCase, type RequestOf } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUpdates, startTestServer, type TestServer } from './helpers/server.js';
import { storeKinds } from './helpers/stores.js';

const [sqlite] = await storeKinds();

interface World {
  alice: PeykClient;
  bob: PeykClient;
  eve: PeykClient;
  privateChat: string;
  group: string;
  groupMessage: number;
  privateMessage: number;
}

type Probe = {
  /** Who tries: an outsider to the chat, or a plain member for admin-only actions. */
  as: 'eve' | 'bob';
  request: (w: World) => Partial<RequestOf<RequestCase>>;
  code: ErrorCode;
};

const missingChat = '987654321';

/**
 * Each request type that acts on a chat, message, user or session, tried by someone without
 * the right. `null`: the request needs only a signed-in caller (covered by the anonymous test).
 */
const probes: { [C in RequestCase]: Probe | null } = {
  signUp: null,
  signIn: null,
  sendPhoneCode: null,
  getSignUpChallenge: null,
  signInWithPhone: null,
  authenticate: null,
  signOut: null,
  deleteAccount: null,
  listSessions: null,
  revokeSession: { as: 'eve', request: () => ({ sessionId: '1' }), code: ErrorCode.SESSION_NOT_FOUND },
  revokeOtherSessions: null,
  setSecondFactor: null,
  updateProfile: null,
  setUsername: {
    as: 'eve',
    request: (w) => ({ username: w.alice.user?.username }),
    code: ErrorCode.USERNAME_TAKEN,
  },
  getUsers: null,
  resolveUsername: null,
  setPrivacy: null,
  addContact: { as: 'eve', request: () => ({ userId: '99999' }), code: ErrorCode.USER_NOT_FOUND },
  removeContact: { as: 'eve', request: () => ({ userId: '99999' }), code: ErrorCode.USER_NOT_FOUND },
  listContacts: null,
  blockUser: { as: 'eve', request: () => ({ userId: '99999' }), code: ErrorCode.USER_NOT_FOUND },
  unblockUser: { as: 'eve', request: () => ({ userId: '99999' }), code: ErrorCode.USER_NOT_FOUND },
  listBlocked: null,
  openPrivateChat: { as: 'eve', request: () => ({ userId: '99999' }), code: ErrorCode.USER_NOT_FOUND },
  createGroup: {
    as: 'eve',
    request: () => ({ title: 'x', memberIds: ['99999'] }),
    code: ErrorCode.USER_NOT_FOUND,
  },
  addMembers: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, userIds: [w.eve.user?.id ?? ''] }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  removeMember: {
    as: 'bob',
    request: (w) => ({ chatId: w.group, userId: w.alice.user?.id }),
    code: ErrorCode.CHAT_ADMIN_REQUIRED,
  },
  leaveChat: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  renameChat: {
    as: 'bob',
    request: (w) => ({ chatId: w.group, title: 'mine now' }),
    code: ErrorCode.CHAT_ADMIN_REQUIRED,
  },
  setMemberRole: {
    as: 'bob',
    request: (w) => ({ chatId: w.group, userId: w.bob.user?.id, role: MemberRole.ADMIN }),
    code: ErrorCode.CHAT_ADMIN_REQUIRED,
  },
  getChat: { as: 'eve', request: (w) => ({ chatId: w.privateChat }), code: ErrorCode.CHAT_NOT_FOUND },
  listMembers: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  getDialogs: null,
  setDialogPinned: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, pinned: true }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  setDialogMuted: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, muted: true }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  sendMessage: {
    as: 'eve',
    request: (w) => ({ chatId: w.privateChat, randomId: '5', text: 'hi' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  forwardMessages: {
    as: 'eve',
    request: (w) => ({
      fromChatId: w.privateChat,
      messageIds: [w.privateMessage],
      toChatId: w.group,
      randomIds: ['6'],
    }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  editMessage: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage, text: 'edited' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  deleteMessages: {
    as: 'bob',
    request: (w) => ({ chatId: w.group, messageIds: [w.groupMessage], forEveryone: true }),
    code: ErrorCode.CHAT_ADMIN_REQUIRED,
  },
  setReaction: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage, emoji: '👍' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  listReactors: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  setMessagePinned: {
    as: 'bob',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage, pinned: true }),
    code: ErrorCode.CHAT_ADMIN_REQUIRED,
  },
  getHistory: {
    as: 'eve',
    request: (w) => ({ chatId: w.privateChat, before: 10 }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  readHistory: {
    as: 'eve',
    request: (w) => ({ chatId: w.privateChat, maxId: 10 }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  getMessages: {
    as: 'eve',
    request: (w) => ({ chatId: w.privateChat, messageIds: [w.privateMessage] }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  setTyping: {
    as: 'eve',
    request: (w) => ({ chatId: w.privateChat, typing: true }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  getState: null,
  getDifference: null,
  getPushConfig: null,
  registerPush: null,
  unregisterPush: null,
  pressButton: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage, data: 'x' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  // A person is not a bot: no bot profile to show.
  getBotInfo: { as: 'eve', request: () => ({ userId: missingChat }), code: ErrorCode.USER_NOT_FOUND },
  getWebAppData: { as: 'eve', request: () => ({ botUserId: missingChat }), code: ErrorCode.USER_NOT_FOUND },
  sendPoll: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, randomId: '1', poll: { question: 'q?', options: ['a', 'b'] } }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  votePoll: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage, options: [0] }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  closePoll: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  listPollVoters: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageId: w.groupMessage }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  getInlineResults: {
    as: 'eve',
    request: (w) => ({ botUserId: missingChat, chatId: w.group, query: 'x' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  sendInlineResult: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, randomId: '1', queryId: '1_00', resultId: 'a' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  searchMessages: {
    as: 'eve',
    request: (w) => ({ chatId: w.privateChat, query: 'secret' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  getFileLinks: {
    as: 'eve',
    request: (w) => ({ chatId: w.privateChat, messageIds: [1] }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  createChannel: {
    as: 'eve',
    request: (w) => ({ title: 'impostor', username: w.alice.user?.username, broadcast: true }),
    code: ErrorCode.USERNAME_TAKEN,
  },
  getChatDifference: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  joinChat: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  resolveChat: { as: 'eve', request: () => ({ username: 'no_such_chat' }), code: ErrorCode.CHAT_NOT_FOUND },
  setChatUsername: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, username: 'grabbed_it' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  setAdminRights: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, userId: w.eve.user?.id, rights: { banUsers: true } }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  banMember: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, userId: w.bob.user?.id }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  unbanMember: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, userId: w.bob.user?.id }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  restrictMember: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, userId: w.bob.user?.id, restrictions: { noMessages: true } }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  setSlowMode: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, seconds: 10 }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  searchMembers: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, query: 'a' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  getAdminLog: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  createInviteLink: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  revokeInviteLink: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, link: 'AAAAAAAAAAAAAAAA' }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  listInviteLinks: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  checkInviteLink: {
    as: 'eve',
    request: () => ({ link: 'AAAAAAAAAAAAAAAA' }),
    code: ErrorCode.INVITE_LINK_INVALID,
  },
  joinByLink: {
    as: 'eve',
    request: () => ({ link: 'AAAAAAAAAAAAAAAA' }),
    code: ErrorCode.INVITE_LINK_INVALID,
  },
  listJoinRequests: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  decideJoinRequest: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, userId: w.bob.user?.id, approve: true }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  searchPublicChats: null,
  searchDirectory: null,
  getSettings: null,
  setSettings: null,
  setDiscussionGroup: {
    as: 'eve',
    request: (w) => ({ channelId: w.group, groupId: w.group }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  listBanned: { as: 'eve', request: (w) => ({ chatId: w.group }), code: ErrorCode.CHAT_NOT_FOUND },
  setSignatures: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, enabled: true }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  getComments: {
    as: 'eve',
    request: (w) => ({ channelId: w.group, messageId: w.groupMessage }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  countComments: {
    as: 'eve',
    request: (w) => ({ channelId: w.group, messageIds: [w.groupMessage] }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
  viewMessages: {
    as: 'eve',
    request: (w) => ({ chatId: w.group, messageIds: [w.groupMessage], increment: true }),
    code: ErrorCode.CHAT_NOT_FOUND,
  },
};

const signInFlows = new Set<RequestCase>([
  'signUp',
  'signIn',
  'sendPhoneCode',
  'getSignUpChallenge',
  'signInWithPhone',
  'authenticate',
]);

describe('authorization for every request type', () => {
  let server: TestServer;
  let world: World;
  let eveUpdates: ReturnType<typeof recordUpdates>;
  beforeAll(async () => {
    // Each probe makes four requests of the same people in a few milliseconds: more than the
    // per-connection flood limit allows, which bad-input.e2e tests on its own.
    server = await startTestServer(sqlite as never, {
      connectionLimits: { requestsPerSecond: 10_000, requestBurst: 10_000 },
    });
    const alice = await server.user('authz_alice');
    const bob = await server.user('authz_bob');
    const eve = await server.user('authz_eve');
    const privateChat = (await alice.request('openPrivateChat', { userId: bob.user?.id })).id;
    const group = (
      await alice.request('createGroup', { title: 'members only', memberIds: [bob.user?.id ?? ''] })
    ).id;
    world = {
      alice,
      bob,
      eve,
      privateChat,
      group,
      groupMessage: (await alice.sendMessage(group, 'group secret')).id,
      privateMessage: (await alice.sendMessage(privateChat, 'private secret')).id,
    };
    eveUpdates = recordUpdates(eve);
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(Object.keys(probes) as RequestCase[])('%s is refused before sign-in', async (requestCase) => {
    if (signInFlows.has(requestCase)) return;
    const anonymous = await server.client();
    await expect(anonymous.request(requestCase, {} as never)).rejects.toMatchObject({
      code: ErrorCode.AUTH_REQUIRED,
    });
  });

  it.each(Object.entries(probes).filter(([, probe]) => probe !== null) as [RequestCase, Probe][])(
    '%s is refused without the right, and changes nothing',
    async (requestCase, probe) => {
      const before = await world.alice.request('getHistory', { chatId: world.group, before: 100 });
      const members = await world.alice.request('listMembers', { chatId: world.group });
      const caller = world[probe.as];
      await expect(caller.request(requestCase, probe.request(world) as never)).rejects.toMatchObject({
        code: probe.code,
      });
      expect(await world.alice.request('getHistory', { chatId: world.group, before: 100 })).toEqual(before);
      expect(await world.alice.request('listMembers', { chatId: world.group })).toEqual(members);
    },
  );

  it('gives an id the caller may not see the same answer as one that does not exist', async () => {
    for (const chatId of [world.privateChat, missingChat, '0', '-5']) {
      await expect(world.eve.request('getHistory', { chatId, before: 5 })).rejects.toMatchObject({
        code: ErrorCode.CHAT_NOT_FOUND,
        message: 'No such chat',
      });
    }
    const { alice, bob } = world;
    for (const messageId of [world.groupMessage + 1000, 0]) {
      await expect(
        bob.request('setReaction', { chatId: world.group, messageId, emoji: '👍' }),
      ).rejects.toMatchObject({
        code: ErrorCode.MESSAGE_NOT_FOUND,
      });
    }
    const hidden = await alice.sendMessage(world.group, 'deleted for alice');
    await alice.request('deleteMessages', { chatId: world.group, messageIds: [hidden.id] });
    await expect(
      alice.request('setReaction', { chatId: world.group, messageId: hidden.id, emoji: '👍' }),
    ).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_NOT_FOUND,
    });
  });

  it('never delivers a chat update to a non-member', async () => {
    await world.alice.sendMessage(world.group, 'still secret');
    await world.bob.sendMessage(world.privateChat, 'also secret');
    await world.alice.request('setTyping', { chatId: world.group, typing: true });
    await new Promise((r) => setTimeout(r, 100));
    const leaked = eveUpdates.filter(
      (u) => JSON.stringify(u.kind.value ?? {}).includes('secret') || u.kind.case === 'typing',
    );
    expect(leaked).toEqual([]);
    const difference = await world.eve.request('getDifference', { pts: 0 });
    expect(difference.updates.every((u) => u.kind.case === 'userUpdated')).toBe(true);
  });
});
