import type { Bus } from '../bus/bus.js';
import type { Store } from '../store/store.js';
import { type AccountLimits, AccountsService, defaultAccountLimits } from './accounts/accounts-service.js';
import { SessionTouches } from './accounts/session-touches.js';
import type { SmsProvider } from './accounts/sms-provider.js';
import { BotFather } from './bots/bot-father.js';
import { feedBots } from './bots/bot-inbox.js';
import { feedJoinRequest, feedMemberChange } from './bots/member-updates.js';
import { BotChatMembers } from './bots/bot-chat-members.js';
import { BotFiles } from './bots/bot-files.js';
import { BotsService } from './bots/bots-service.js';
import { CallbackQueries } from './bots/callback-queries.js';
import { ChallengeService } from './challenges/challenge-service.js';
import { ChannelsService } from './channels/channels-service.js';
import { CommentsService } from './channels/comments-service.js';
import { InvitesService } from './channels/invites-service.js';
import { ViewBatcher } from './channels/view-batcher.js';
import { ViewsService } from './channels/views-service.js';
import { ChatsService } from './chats/chats-service.js';
import { DEFAULT_LARGE_CHAT_THRESHOLD } from './chats/large-chats.js';
import type { Clock } from './clock.js';
import type { BlobStorage } from './media/blob-storage.js';
import { defaultMediaLimits, type MediaLimits, MediaService } from './media/media-service.js';
import { MessagesService } from './messages/messages-service.js';
import { NotificationsService } from './notifications/notifications-service.js';
import type { PushSender } from './notifications/push-sender.js';
import { PeopleService } from './people/people-service.js';
import { InlineService } from './inline/inline-service.js';
import { PollCloser } from './polls/poll-closer.js';
import { PollsService } from './polls/polls-service.js';
import { pollFromJson } from './polls/stored-poll.js';
import { PresenceService } from './presence/presence-service.js';
import { DirectoryService } from './search/directory-service.js';
import { SearchService } from './search/search-service.js';
import { SharedRateLimit } from './shared-rate-limit.js';
import { SettingsService } from './settings/settings-service.js';
import { Fanout } from './updates/fanout.js';
import { SyncService } from './updates/sync-service.js';

export type { AccountLimits } from './accounts/accounts-service.js';
export { LogSmsProvider, MemorySmsProvider, type SmsProvider } from './accounts/sms-provider.js';
export { RateLimiter } from './accounts/rate-limiter.js';
export type { BotStanding } from './bots/member-updates.js';
export type {
  BotCallbackQuery,
  BotChat,
  BotInviteLink,
  BotJoinRequest,
  BotMemberChange,
  BotFileName,
  BotMessage,
  BotReaction,
  BotUpdate,
  BotUser,
} from './bots/bot-view.js';
export type { BotChatMember } from './bots/bot-chat-members.js';
export type { BotFile } from './bots/bot-files.js';
export type { BotPollInlineUpdate } from './bots/bot-poll-inline-view.js';
export { botPollId } from './bots/bot-poll-inline-view.js';
export type { BotCommand, BotSession, WebhookBatch } from './bots/bots-service.js';
export type { InlineResultInput } from './inline/inline-results.js';
export { isPublicAddress } from './bots/webhook-target.js';
export type { Caller } from './caller.js';
export { DEFAULT_LARGE_CHAT_THRESHOLD, LARGE_CHAT_KINDS } from './chats/large-chats.js';
export { type Clock, systemClock } from './clock.js';
export type { InviteLinkInput } from './channels/invites-service.js';
export { DomainError } from './errors.js';
export { parseId } from './ids.js';
export { ffmpegAvailable } from './media/av.js';
export type { BlobStorage, ByteRange } from './media/blob-storage.js';
export { type Download, defaultMediaLimits, type MediaLimits } from './media/media-service.js';
export type { PushOutcome, PushSender, PushTarget } from './notifications/push-sender.js';
export { decodeWatch } from './updates/fanout.js';

export interface DomainDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  sms: SmsProvider;
  push: PushSender;
  /** Where failures of background work (pushes) are reported. */
  logError: (error: unknown, message: string) => void;
  accountLimits?: Partial<AccountLimits>;
  media: {
    storage: BlobStorage;
    scratchDir: string;
    limits?: Partial<MediaLimits>;
    ffmpeg: boolean;
  };
  /** A group with more members than this becomes a supergroup (default 200). */
  largeChatThreshold?: number;
  /** Bot webhooks may reach private, loopback and link-local addresses (and plain HTTP). */
  webhookAllowPrivate?: boolean;
  /** How long a pressed button waits for the bot's answer. */
  callbackAnswerTimeoutMs?: number;
  /** How long an inline query waits for the bot's answer. */
  inlineAnswerTimeoutMs?: number;
  /**
   * Messages per group, supergroup or channel (whoever sends them) per 10 s, over every node
   * (default 1,000: a cap on floods, far above any conversation people can follow).
   */
  chatMessagesPer10s?: number;
  /** The longest wait between two looks for polls whose close date has come. */
  pollCloseCheckMs?: number;
}

/** Every feature of the domain, wired to one store and one bus. */
export interface Domain {
  accounts: AccountsService;
  challenges: ChallengeService;
  people: PeopleService;
  chats: ChatsService;
  messages: MessagesService;
  notifications: NotificationsService;
  presence: PresenceService;
  search: SearchService;
  directory: DirectoryService;
  settings: SettingsService;
  sync: SyncService;
  media: MediaService;
  channels: ChannelsService;
  invites: InvitesService;
  views: ViewsService;
  comments: CommentsService;
  bots: BotsService;
  /** The files bots see: file_ids, getFile, downloads, sending again by file_id. */
  botFiles: BotFiles;
  /** What bots read of chat members (getChatMember, getChatAdministrators). */
  botMembers: BotChatMembers;
  callbacks: CallbackQueries;
  polls: PollsService;
  inline: InlineService;
  /** Sessions' last activity, written behind the sign-ins; `app.ts` flushes it on close. */
  sessionTouches: SessionTouches;
  /** Closes polls at their close date; `app.ts` starts it. */
  pollCloser: PollCloser;
  /** The built-in bot that makes bots in chat; `app.ts` starts it. */
  botFather: BotFather;
}

export function createDomain({
  store,
  bus,
  clock,
  sms,
  push,
  logError,
  accountLimits,
  media: mediaDeps,
  largeChatThreshold = DEFAULT_LARGE_CHAT_THRESHOLD,
  webhookAllowPrivate = false,
  callbackAnswerTimeoutMs = 10_000,
  inlineAnswerTimeoutMs = 10_000,
  chatMessagesPer10s = 1000,
  pollCloseCheckMs = 30_000,
}: DomainDeps): Domain {
  const fanout = new Fanout(bus, feedBots, {
    memberChanged: feedMemberChange,
    joinRequested: feedJoinRequest,
  });
  const sync = new SyncService(store.read, clock);
  const sessionTouches = new SessionTouches(store, logError);
  const presence = new PresenceService({ store, clock, fanout });
  const online = presence;
  const chats = new ChatsService({
    store,
    clock,
    fanout,
    online,
    largeChatThreshold,
    onServicePosted: (chat, members, message) => void notifications.messagePosted(chat, members, message),
  });
  const media = new MediaService({
    store,
    clock,
    ...mediaDeps,
    limits: { ...defaultMediaLimits, ...mediaDeps.limits },
  });
  const notifications = new NotificationsService({ store, clock, online, sender: push, log: logError });
  const limits = { ...defaultAccountLimits, ...accountLimits };
  const challenges = new ChallengeService({
    store,
    clock,
    signUpsPerNetworkBeforeChallenge: limits.signUpsPerNetworkBeforeChallenge,
  });
  const people = new PeopleService({ store, clock, fanout, online });
  const messages = new MessagesService({
    store,
    clock,
    chatMessages: new SharedRateLimit(store.counters, 'chat-messages', chatMessagesPer10s, 10_000, {
      flushMs: 500,
      now: () => clock.now() * 1000,
      onError: (error) => logError(error, 'counting messages per chat'),
    }),
    fanout,
    online,
    chats,
    media,
    onPosted: (chat, members, message) => {
      void notifications.messagePosted(chat, members, message);
      if (message.poll && pollFromJson(message.poll).closeDate > 0) pollCloser.wake();
    },
  });
  const polls = new PollsService({ store, clock, fanout, online, messages });
  const pollCloser = new PollCloser({
    store,
    clock,
    closeAtDate: (chatId, messageId) => polls.closeAtDate(chatId, messageId),
    log: logError,
    maxWaitMs: pollCloseCheckMs,
  });
  const botFiles = new BotFiles({ store, clock, media });
  const botMembers = new BotChatMembers({ store, clock });
  const bots = new BotsService({ store, bus, clock, webhookAllowPrivate, fileIds: () => botFiles.codec() });
  return {
    accounts: new AccountsService({
      limits,
      store,
      bus,
      clock,
      sms,
      online,
      sync,
      challenges,
      people,
      sessionTouches,
    }),
    sessionTouches,
    challenges,
    people,
    chats,
    messages,
    notifications,
    presence,
    search: new SearchService({ store, online }),
    directory: new DirectoryService({ store, online }),
    settings: new SettingsService({ store, clock, fanout }),
    sync,
    media,
    channels: new ChannelsService({ store, chats, online, clock }),
    invites: new InvitesService({ store, clock, chats, online }),
    views: new ViewsService(store, new ViewBatcher(store)),
    comments: new CommentsService(store, online),
    bots,
    botFiles,
    botMembers,
    botFather: new BotFather({ store, bus, bots, messages }, logError),
    callbacks: new CallbackQueries({ store, bus, clock }, callbackAnswerTimeoutMs),
    polls,
    pollCloser,
    inline: new InlineService({ store, bus, clock, messages }, inlineAnswerTimeoutMs),
  };
}
