import type { ClientFrame, Response } from './gen/peyk/v1/rpc_pb.js';

/** The `case` of every request a ClientFrame can carry. */
export type RequestCase = NonNullable<ClientFrame['request']['case']>;

/** The request message for a case, e.g. `RequestOf<'sendMessage'>` is SendMessageRequest. */
export type RequestOf<C extends RequestCase> = Extract<ClientFrame['request'], { case: C }>['value'];

/** The `case` of every successful result a Response can carry. */
export type ResultCase = Exclude<NonNullable<Response['result']['case']>, 'error'>;

/** Which result each request answers with on success: the contract shared by server and clients. */
export const resultCaseOf = {
  signUp: 'auth',
  signIn: 'auth',
  sendPhoneCode: 'phoneCodeSent',
  signInWithPhone: 'auth',
  authenticate: 'auth',
  signOut: 'ok',
  listSessions: 'sessions',
  revokeSession: 'ok',
  revokeOtherSessions: 'ok',
  setSecondFactor: 'ok',
  updateProfile: 'user',
  setUsername: 'user',
  getUsers: 'users',
  resolveUsername: 'user',
  setPrivacy: 'ok',
  addContact: 'user',
  removeContact: 'user',
  listContacts: 'users',
  blockUser: 'user',
  unblockUser: 'user',
  listBlocked: 'users',
  openPrivateChat: 'chat',
  createGroup: 'chat',
  addMembers: 'chat',
  removeMember: 'chat',
  leaveChat: 'ok',
  renameChat: 'chat',
  setMemberRole: 'chat',
  getChat: 'chat',
  listMembers: 'members',
  getDialogs: 'dialogs',
  setDialogPinned: 'ok',
  setDialogMuted: 'ok',
  sendMessage: 'message',
  forwardMessages: 'messages',
  editMessage: 'message',
  deleteMessages: 'ok',
  setReaction: 'message',
  listReactors: 'reactors',
  setMessagePinned: 'message',
  getHistory: 'messages',
  readHistory: 'ok',
  getMessages: 'messages',
  setTyping: 'ok',
  getState: 'state',
  getDifference: 'difference',
  searchMessages: 'foundMessages',
  getPushConfig: 'pushConfig',
  getSignUpChallenge: 'signUpChallenge',
  deleteAccount: 'ok',
  registerPush: 'ok',
  unregisterPush: 'ok',
  getFileLinks: 'fileLinks',
  createChannel: 'chat',
  getChatDifference: 'chatDifference',
  joinChat: 'chat',
  resolveChat: 'chat',
  setChatUsername: 'chat',
  setAdminRights: 'chat',
  banMember: 'ok',
  unbanMember: 'ok',
  restrictMember: 'ok',
  setSlowMode: 'chat',
  searchMembers: 'members',
  getAdminLog: 'adminLog',
  createInviteLink: 'inviteLink',
  revokeInviteLink: 'ok',
  listInviteLinks: 'inviteLinks',
  checkInviteLink: 'chat',
  joinByLink: 'chat',
  listJoinRequests: 'joinRequests',
  decideJoinRequest: 'ok',
  searchPublicChats: 'chats',
  viewMessages: 'messageViews',
  setDiscussionGroup: 'chat',
  pressButton: 'callbackAnswer',
  getBotInfo: 'botInfo',
  getWebAppData: 'webAppData',
} as const satisfies Record<RequestCase, ResultCase>;

/** The result message a request answers with, e.g. `ResultOf<'sendMessage'>` is Message. */
export type ResultOf<C extends RequestCase> = Extract<
  Response['result'],
  { case: (typeof resultCaseOf)[C] }
>['value'];
