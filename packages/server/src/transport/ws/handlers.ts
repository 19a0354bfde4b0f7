import { create } from '@bufbuild/protobuf';
import {
  type AuthResult,
  ErrorCode,
  OkSchema,
  type RequestCase,
  type RequestOf,
  type ResultOf,
  SessionListSchema,
  UserListSchema,
} from '@peyk/protocol';
import { type Caller, type Domain, DomainError, parseId } from '../../domain/index.js';

/** What a handler knows of its connection. */
export interface RequestContext {
  caller: Caller | undefined;
  /** The client's address, for rate limits. */
  origin: string;
  /** Binds the connection to a session after a successful sign-in. */
  bind(caller: Caller, auth: AuthResult): void;
}

type Handler<C extends RequestCase> = (
  domain: Domain,
  request: RequestOf<C>,
  ctx: RequestContext,
) => Promise<ResultOf<C>>;
type SignedInHandler<C extends RequestCase> = (
  domain: Domain,
  request: RequestOf<C>,
  caller: Caller,
) => Promise<ResultOf<C>>;

const ok = create(OkSchema);

function requireCaller(ctx: RequestContext): Caller {
  if (!ctx.caller) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'Sign in first');
  return ctx.caller;
}

function signedIn<C extends RequestCase>(handler: SignedInHandler<C>): Handler<C> {
  return (domain, request, ctx) => handler(domain, request, requireCaller(ctx));
}

/** A signed-in request answered with Ok: what the domain call returns is not sent. */
function acknowledged<C extends RequestCase>(
  handler: (domain: Domain, request: RequestOf<C>, caller: Caller) => Promise<unknown>,
): Handler<C> {
  return async (domain, request, ctx) => {
    await handler(domain, request, requireCaller(ctx));
    return ok as ResultOf<C>;
  };
}

function anonymous<C extends RequestCase>(
  handler: (domain: Domain, request: RequestOf<C>, origin: string) => Promise<AuthResult>,
): Handler<C> {
  return async (domain, request, ctx) => {
    if (ctx.caller)
      throw new DomainError(ErrorCode.ALREADY_AUTHENTICATED, 'This connection is signed in already');
    const auth = await handler(domain, request, ctx.origin);
    return auth as ResultOf<C>;
  };
}

const ids = (values: readonly string[]) => values.map(parseId);

/**
 * One handler per request type: each translates the request for the domain and its answer back.
 * No business rules live here.
 */
export const handlers: { [C in RequestCase]: Handler<C> } = {
  signUp: signInFlow((d, r, origin) => d.accounts.signUp(r, origin)),
  signIn: signInFlow((d, r, origin) => d.accounts.signIn(r, origin)),
  sendPhoneCode: async (d, r, ctx) => {
    if (ctx.caller)
      throw new DomainError(ErrorCode.ALREADY_AUTHENTICATED, 'This connection is signed in already');
    return d.accounts.sendPhoneCode(r.phone, ctx.origin, { challenge: r.challenge, proof: r.proof });
  },
  getSignUpChallenge: async (d, _r, ctx) => d.challenges.issue(ctx.origin),
  deleteAccount: async (d, r, ctx) => {
    await d.accounts.deleteAccount(requireCaller(ctx), r, ctx.origin);
    return ok;
  },
  signInWithPhone: signInFlow((d, r, origin) => d.accounts.signInWithPhone(r, origin)),
  authenticate: async (d, r, ctx) => {
    if (ctx.caller)
      throw new DomainError(ErrorCode.ALREADY_AUTHENTICATED, 'This connection is signed in already');
    const { caller, result } = await d.accounts.authenticate(r.token);
    ctx.bind(caller, result);
    return result;
  },
  signOut: acknowledged((d, _r, c) => d.accounts.signOut(c)),
  listSessions: signedIn(async (d, _r, c) =>
    create(SessionListSchema, { sessions: await d.accounts.listSessions(c) }),
  ),
  revokeSession: acknowledged((d, r, c) => d.accounts.revokeSession(c, parseId(r.sessionId))),
  revokeOtherSessions: acknowledged((d, _r, c) => d.accounts.revokeOtherSessions(c)),
  setSecondFactor: acknowledged((d, r, c) => d.accounts.setSecondFactor(c, r.current, r.newPassword)),
  updateProfile: signedIn((d, r, c) => d.people.updateProfile(c, r.displayName, r.bio)),
  setUsername: signedIn((d, r, c) => d.people.setUsername(c, r.username)),
  getUsers: signedIn(async (d, r, c) =>
    create(UserListSchema, { users: await d.people.getUsers(c, ids(r.userIds)) }),
  ),
  resolveUsername: signedIn((d, r, c) => d.people.resolveUsername(c, r.username)),
  setPrivacy: acknowledged((d, r, c) => d.people.setPrivacy(c, r.lastSeen)),
  addContact: signedIn((d, r, c) => d.people.addContact(c, parseId(r.userId))),
  removeContact: signedIn((d, r, c) => d.people.removeContact(c, parseId(r.userId))),
  listContacts: signedIn(async (d, _r, c) =>
    create(UserListSchema, { users: await d.people.listContacts(c) }),
  ),
  blockUser: signedIn((d, r, c) => d.people.blockUser(c, parseId(r.userId))),
  unblockUser: signedIn((d, r, c) => d.people.unblockUser(c, parseId(r.userId))),
  listBlocked: signedIn(async (d, _r, c) => create(UserListSchema, { users: await d.people.listBlocked(c) })),
  openPrivateChat: signedIn((d, r, c) => d.chats.openPrivateChat(c, parseId(r.userId))),
  createGroup: signedIn((d, r, c) => d.chats.createGroup(c, r.title, ids(r.memberIds))),
  addMembers: signedIn((d, r, c) => d.chats.addMembers(c, parseId(r.chatId), ids(r.userIds))),
  removeMember: signedIn((d, r, c) => d.chats.removeMember(c, parseId(r.chatId), parseId(r.userId))),
  leaveChat: acknowledged((d, r, c) => d.chats.leaveChat(c, parseId(r.chatId))),
  renameChat: signedIn((d, r, c) => d.chats.renameChat(c, parseId(r.chatId), r.title)),
  setMemberRole: signedIn((d, r, c) =>
    d.chats.setMemberRole(c, parseId(r.chatId), parseId(r.userId), r.role),
  ),
  getChat: signedIn((d, r, c) => d.chats.getChat(c, parseId(r.chatId))),
  listMembers: signedIn((d, r, c) => d.chats.listMembers(c, parseId(r.chatId))),
  getDialogs: signedIn((d, r, c) => d.chats.getDialogs(c, r.cursor, r.limit)),
  setDialogPinned: acknowledged((d, r, c) => d.chats.setDialogPinned(c, parseId(r.chatId), r.pinned)),
  setDialogMuted: acknowledged((d, r, c) => d.chats.setDialogMuted(c, parseId(r.chatId), r.muted)),
  sendMessage: signedIn((d, r, c) =>
    d.messages.send(c, {
      chatId: parseId(r.chatId),
      randomId: r.randomId,
      text: r.text,
      entities: r.entities,
      replyToId: r.replyToId,
      media: r.media,
      albumId: r.albumId,
      silent: r.silent,
      anonymous: r.anonymous,
    }),
  ),
  forwardMessages: signedIn((d, r, c) =>
    d.messages.forward(c, parseId(r.fromChatId), r.messageIds, parseId(r.toChatId), r.randomIds),
  ),
  editMessage: signedIn((d, r, c) => d.messages.edit(c, parseId(r.chatId), r.messageId, r.text, r.entities)),
  deleteMessages: acknowledged((d, r, c) =>
    d.messages.delete(c, parseId(r.chatId), r.messageIds, r.forEveryone),
  ),
  setReaction: signedIn((d, r, c) => d.messages.setReaction(c, parseId(r.chatId), r.messageId, r.emoji)),
  listReactors: signedIn((d, r, c) => d.messages.listReactors(c, parseId(r.chatId), r.messageId)),
  setMessagePinned: signedIn((d, r, c) => d.messages.setPinned(c, parseId(r.chatId), r.messageId, r.pinned)),
  getHistory: signedIn((d, r, c) => d.messages.history(c, parseId(r.chatId), r.anchorId, r.before, r.after)),
  readHistory: acknowledged((d, r, c) => d.messages.readHistory(c, parseId(r.chatId), r.maxId)),
  getMessages: signedIn((d, r, c) => d.messages.getMessages(c, parseId(r.chatId), r.messageIds)),
  setTyping: acknowledged((d, r, c) => d.presence.setTyping(c, parseId(r.chatId), r.typing)),
  getState: signedIn((d, _r, c) => d.sync.state(c)),
  getDifference: signedIn((d, r, c) => d.sync.difference(c, r.pts, r.limit)),
  getPushConfig: signedIn(async (d) => d.notifications.pushConfig()),
  registerPush: acknowledged((d, r, c) =>
    d.notifications.registerPush(c, {
      endpoint: r.endpoint,
      p256dh: r.p256dh,
      auth: r.auth,
      hidePreview: r.hidePreview,
    }),
  ),
  unregisterPush: acknowledged((d, r, c) => d.notifications.unregisterPush(c, r.endpoint)),
  pressButton: signedIn((d, r, c) => d.callbacks.press(c, parseId(r.chatId), r.messageId, r.data)),
  getBotInfo: signedIn((d, r) => d.bots.botInfo(parseId(r.userId))),
  getWebAppData: signedIn((d, r, c) => d.bots.webAppData(c, parseId(r.botUserId))),
  sendPoll: signedIn((d, r, c) =>
    d.polls.send(c, {
      chatId: parseId(r.chatId),
      randomId: r.randomId,
      poll: r.poll,
      replyToId: r.replyToId,
      replyMarkup: r.replyMarkup,
    }),
  ),
  votePoll: signedIn((d, r, c) => d.polls.vote(c, parseId(r.chatId), r.messageId, r.options)),
  closePoll: signedIn((d, r, c) => d.polls.close(c, parseId(r.chatId), r.messageId)),
  getInlineResults: signedIn((d, r, c) =>
    d.inline.ask(c, {
      botId: parseId(r.botUserId),
      chatId: parseId(r.chatId),
      query: r.query,
      offset: r.offset,
    }),
  ),
  sendInlineResult: signedIn((d, r, c) =>
    d.inline.send(c, {
      chatId: parseId(r.chatId),
      randomId: r.randomId,
      queryId: r.queryId,
      resultId: r.resultId,
      replyToId: r.replyToId,
    }),
  ),
  listPollVoters: signedIn((d, r, c) => d.polls.voters(c, parseId(r.chatId), r.messageId, r.option, r.limit)),
  searchMessages: signedIn((d, r, c) =>
    d.search.searchMessages(c, {
      query: r.query,
      chatId: parseId(r.chatId),
      senderId: parseId(r.senderId),
      minDate: r.minDate,
      maxDate: r.maxDate,
      filter: r.filter,
      cursor: r.cursor,
      limit: r.limit,
    }),
  ),
  getFileLinks: signedIn((d, r, c) => d.media.links(c, parseId(r.chatId), r.messageIds)),
  createChannel: signedIn((d, r, c) =>
    d.channels.create(c, {
      title: r.title,
      username: r.username,
      broadcast: r.broadcast,
      signatures: r.signatures,
    }),
  ),
  getChatDifference: signedIn((d, r, c) => d.sync.chatDifference(c, parseId(r.chatId), r.pts, r.limit)),
  joinChat: signedIn((d, r, c) => d.channels.join(c, parseId(r.chatId))),
  resolveChat: signedIn((d, r, c) => d.channels.resolve(c, r.username)),
  setChatUsername: signedIn((d, r, c) => d.channels.setUsername(c, parseId(r.chatId), r.username)),
  setAdminRights: signedIn((d, r, c) =>
    d.channels.setAdminRights(c, parseId(r.chatId), parseId(r.userId), r.rights),
  ),
  banMember: acknowledged((d, r, c) => d.channels.ban(c, parseId(r.chatId), parseId(r.userId), r.until)),
  unbanMember: acknowledged((d, r, c) => d.channels.unban(c, parseId(r.chatId), parseId(r.userId))),
  restrictMember: acknowledged((d, r, c) =>
    d.channels.restrict(c, parseId(r.chatId), parseId(r.userId), r.restrictions),
  ),
  setSlowMode: signedIn((d, r, c) => d.channels.setSlowMode(c, parseId(r.chatId), r.seconds)),
  searchMembers: signedIn((d, r, c) =>
    d.channels.searchMembers(c, parseId(r.chatId), r.query, r.offset, r.limit),
  ),
  createInviteLink: signedIn((d, r, c) =>
    d.invites.create(c, parseId(r.chatId), {
      expiresAt: r.expiresAt,
      usageLimit: r.usageLimit,
      requiresApproval: r.requiresApproval,
    }),
  ),
  revokeInviteLink: acknowledged((d, r, c) => d.invites.revoke(c, parseId(r.chatId), r.link)),
  listInviteLinks: signedIn((d, r, c) => d.invites.list(c, parseId(r.chatId))),
  checkInviteLink: signedIn((d, r, c) => d.invites.check(c, r.link)),
  joinByLink: signedIn((d, r, c) => d.invites.join(c, r.link)),
  listJoinRequests: signedIn((d, r, c) => d.invites.listRequests(c, parseId(r.chatId))),
  decideJoinRequest: acknowledged((d, r, c) =>
    d.invites.decide(c, parseId(r.chatId), parseId(r.userId), r.approve),
  ),
  setDiscussionGroup: signedIn((d, r, c) =>
    d.channels.setDiscussionGroup(c, parseId(r.channelId), parseId(r.groupId)),
  ),
  listBanned: signedIn((d, r, c) => d.channels.listBanned(c, parseId(r.chatId))),
  setSignatures: signedIn((d, r, c) => d.channels.setSignatures(c, parseId(r.chatId), r.enabled)),
  getComments: signedIn((d, r, c) =>
    d.comments.comments(c, parseId(r.channelId), r.messageId, r.afterId, r.limit),
  ),
  countComments: signedIn((d, r, c) => d.comments.count(c, parseId(r.channelId), r.messageIds)),
  viewMessages: signedIn((d, r, c) => d.views.view(c, parseId(r.chatId), r.messageIds, r.increment)),
  searchPublicChats: signedIn((d, r, c) => d.channels.searchPublic(c, r.query, r.limit)),
  searchDirectory: signedIn((d, r, c) => d.directory.search(c, r.query, r.limit)),
  getSettings: signedIn((d, _r, c) => d.settings.get(c)),
  setSettings: signedIn((d, r, c) => d.settings.set(c, r.settings)),
  getAdminLog: signedIn((d, r, c) => d.channels.adminLog(c, parseId(r.chatId), Number(r.beforeId), r.limit)),
};

function signInFlow<C extends 'signUp' | 'signIn' | 'signInWithPhone'>(
  run: (domain: Domain, request: RequestOf<C>, origin: string) => Promise<AuthResult>,
): Handler<C> {
  return async (domain, request, ctx) => {
    const auth = await anonymous<C>(run)(domain, request, ctx);
    const result = auth as AuthResult;
    ctx.bind({ userId: parseId(result.user?.id ?? '0'), sessionId: parseId(result.sessionId) }, result);
    return auth;
  };
}
