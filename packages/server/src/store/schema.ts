import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A column with a default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/**
 * The tables, the same in SQLite and PostgreSQL. Flags are integers (0/1) and dates Unix seconds,
 * so one query layer serves both dialects. Chat-scoped tables are keyed by `chat_id` and
 * user-scoped ones by `user_id`, so the schema can be distributed (Citus) along those keys.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  phone_codes: PhoneCodesTable;
  contacts: ContactsTable;
  blocks: BlocksTable;
  chats: ChatsTable;
  private_chats: PrivateChatsTable;
  chat_members: ChatMembersTable;
  dialogs: DialogsTable;
  messages: MessagesTable;
  sent_messages: SentMessagesTable;
  message_reactions: MessageReactionsTable;
  message_mentions: MessageMentionsTable;
  hidden_messages: HiddenMessagesTable;
  chat_events: ChatEventsTable;
  user_updates: UserUpdatesTable;
  message_search: MessageSearchTable;
  push_subscriptions: PushSubscriptionsTable;
  server_settings: ServerSettingsTable;
  rate_counters: RateCountersTable;
  files: FilesTable;
  file_variants: FileVariantsTable;
  file_uploads: FileUploadsTable;
  message_files: MessageFilesTable;
  chat_bans: ChatBansTable;
  chat_admin_log: ChatAdminLogTable;
  invite_links: InviteLinksTable;
  join_requests: JoinRequestsTable;
  message_views: MessageViewsTable;
  // Bots
  bots: BotsTable;
  bot_updates: BotUpdatesTable;
  // Per-user settings
  user_settings: UserSettingsTable;
  chat_bots: ChatBotsTable;
  // Polls and inline mode
  poll_votes: PollVotesTable;
  poll_closings: PollClosingsTable;
  inline_queries: InlineQueriesTable;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower-case; null when the user has none. */
  username: string | null;
  /** What the username looks like (usernameSkeleton): unique, so look-alikes are refused. */
  username_skeleton: Defaulted<string | null>;
  phone: string | null;
  display_name: string;
  bio: string;
  password_hash: string | null;
  second_factor_hash: string | null;
  last_seen_privacy: number;
  last_seen_at: number;
  /** The user's update sequence: the pts of their latest update. */
  pts: number;
  created_at: number;
  updated_at: number;
  /** Unix seconds when the account was deleted (its personal data erased); 0 while it lives. */
  deleted_at: Defaulted<number>;
  /** 1 for a bot (its settings are in `bots`). */
  is_bot: Defaulted<number>;
  /**
   * Name and username as search normalizes them, for the public directory; empty for users
   * without a username (they are not in the directory). Kept by AccountsRepo on every change.
   */
  search_name: Defaulted<string>;
}

export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the token, hex. */
  token_hash: string;
  device_name: string;
  created_at: number;
  last_active_at: number;
}

export interface PhoneCodesTable {
  id: string;
  phone: string;
  code_hash: string;
  expires_at: number;
  attempts: number;
}

export interface ContactsTable {
  user_id: number;
  contact_id: number;
  created_at: number;
}

export interface BlocksTable {
  user_id: number;
  blocked_id: number;
  created_at: number;
}

export interface ChatsTable {
  id: Generated<number>;
  kind: number;
  title: string;
  created_at: number;
  /** The id of the newest message (ids grow by one per chat). */
  last_message_id: number;
  /** The chat's event sequence. */
  pts: number;
  member_count: number;
  /** Public channels and supergroups: lower-case @username; null otherwise. */
  username: Defaulted<string | null>;
  /** Channels: posts carry their author's name (0/1). */
  signatures: Defaulted<number>;
  /**
   * Date of the newest message. Large chats order their members' dialogs by it, so a post does
   * not touch one dialog row per member.
   */
  last_activity: Defaulted<number>;
  /** Supergroups: seconds between two messages of a member who is not an admin (0: off). */
  slow_mode_seconds: Defaulted<number>;
  /** Public chats: title and username as search normalizes them, for discovery; else empty. */
  search_name: Defaulted<string>;
  /** A channel's discussion group, or the channel a discussion group serves; 0: none. */
  linked_chat_id: Defaulted<number>;
}

/** Finds the private chat of two users: `low_user_id` <= `high_user_id` (equal for Saved Messages). */
export interface PrivateChatsTable {
  low_user_id: number;
  high_user_id: number;
  chat_id: number;
}

export interface ChatMembersTable {
  chat_id: number;
  user_id: number;
  role: number;
  joined_at: number;
  inviter_id: number;
  /** Copied here from the member's dialog so read receipts are one query by chat. */
  read_inbox_max_id: number;
  /** Large chats: an admin's rights, a bit mask of `Right` (domain/channels/rights.ts). */
  rights: Defaulted<number>;
  /** Large chats: a bit mask of `Restriction`, in force until `restricted_until` (0: lifted by hand). */
  restrictions: Defaulted<number>;
  restricted_until: Defaulted<number>;
  /** Slow mode: when the member last sent a message. */
  last_sent_at: Defaulted<number>;
}

/** The user's side of a membership. */
export interface DialogsTable {
  user_id: number;
  chat_id: number;
  read_inbox_max_id: number;
  pinned: number;
  muted: number;
  last_activity: number;
}

export interface MessagesTable {
  chat_id: number;
  id: number;
  sender_id: number;
  random_id: number;
  date: number;
  edit_date: Defaulted<number>;
  text: string;
  /** JSON array of MessageEntity objects. */
  entities: string;
  reply_to_id: Defaulted<number>;
  fwd_user_id: Defaulted<number>;
  fwd_chat_id: Defaulted<number>;
  fwd_message_id: Defaulted<number>;
  fwd_date: Defaulted<number>;
  /** JSON ServiceAction, or null for an ordinary message. */
  service: string | null;
  pinned: Defaulted<number>;
  deleted: Defaulted<number>;
  /** JSON StoredMedia (the file and how this message shows it), or null for text only. */
  media: Defaulted<string | null>;
  /** Messages sent as one album share this non-zero id. */
  album_id: Defaulted<number>;
  /** Channel posts: the author's name when signed, else empty. */
  author_signature: Defaulted<string>;
  silent: Defaulted<number>;
  /** Supergroups: sent by an admin who stays anonymous. */
  anonymous: Defaulted<number>;
  /** Channel posts: members who have seen it (the rows of `message_views`, counted in batches). */
  views: Defaulted<number>;
  /** A channel post: its copy in the discussion group, which comments reply to; 0: none. */
  discussion_message_id: Defaulted<number>;
  /** JSON ReplyMarkup (a bot's keyboard), or null. */
  reply_markup: Defaulted<string | null>;
  /** JSON StoredPoll (question, options, kind, closing), or null when not a poll. */
  poll: Defaulted<string | null>;
  /** Sent through this bot's inline mode; 0: typed by its sender. */
  via_bot_id: Defaulted<number>;
}

/** Idempotency: a sender's random_id maps to the message it created. */
export interface SentMessagesTable {
  user_id: number;
  random_id: number;
  chat_id: number;
  message_id: number;
}

export interface MessageReactionsTable {
  chat_id: number;
  message_id: number;
  user_id: number;
  emoji: string;
  date: number;
}

export interface MessageMentionsTable {
  chat_id: number;
  message_id: number;
  user_id: number;
}

/** Messages a user deleted for themself. */
export interface HiddenMessagesTable {
  user_id: number;
  chat_id: number;
  message_id: number;
}

/** Every change to a chat's history, in the chat's order; `payload` is an encoded Update. */
export interface ChatEventsTable {
  chat_id: number;
  pts: number;
  date: number;
  payload: Uint8Array;
}

/**
 * A user's sequence of updates. A row points at a chat event (`chat_id`, `chat_pts`) or holds its
 * own encoded Update in `payload` (user-level changes).
 */
export interface UserUpdatesTable {
  user_id: number;
  pts: number;
  date: number;
  chat_id: number | null;
  chat_pts: number | null;
  payload: Uint8Array | null;
}

/**
 * The search index's rows, one per searchable message; `id` grows with insertion, so it orders
 * results newest first. The tokens live in an FTS5 table (SQLite) or a tsvector (PostgreSQL).
 */
export interface MessageSearchTable {
  id: Generated<number>;
  chat_id: number;
  message_id: number;
  sender_id: number;
  date: number;
  has_link: number;
}

/** Web Push subscriptions, one per browser, owned by a session (they end with it). */
export interface PushSubscriptionsTable {
  endpoint: string;
  user_id: number;
  session_id: number;
  p256dh: string;
  auth: string;
  hide_preview: number;
  created_at: number;
}

/** Values every node must agree on, made once (the VAPID key pair). */
export interface ServerSettingsTable {
  name: string;
  value: string;
}

/** Abuse-limit windows shared by a cluster's nodes (PostgreSQL only; see rate-counters.ts). */
export interface RateCountersTable {
  key: string;
  /** Milliseconds since the epoch. */
  window_start: number;
  hits: number;
}

/**
 * A stored file, one row per distinct content: `sha256` is the hash of the uploaded bytes, so the
 * same file uploaded again finds this row. Photos keep their decoded size here.
 */
export interface FilesTable {
  id: Generated<number>;
  sha256: string;
  /** MediaKind as sniffed from the bytes. */
  kind: number;
  mime: string;
  size: number;
  width: Defaulted<number>;
  height: Defaulted<number>;
  duration_ms: Defaulted<number>;
  /** ThumbHash of a photo or a video's poster. */
  placeholder: Uint8Array | null;
  /** Voice: one level (0-31) per byte. */
  waveform: Uint8Array | null;
  created_at: number;
}

/**
 * What is served for a file: the original, or a re-encoded photo size or poster. `blob_key` is
 * the SHA-256 of the variant's bytes and names the blob in storage (stored once, even when two
 * files share a variant).
 */
export interface FileVariantsTable {
  file_id: number;
  /** "original", "poster", or a photo size such as "w800". */
  name: string;
  blob_key: string;
  mime: string;
  size: number;
  width: Defaulted<number>;
  height: Defaulted<number>;
}

/** Who uploaded which file: they may attach it, and it is kept until the grace period ends. */
export interface FileUploadsTable {
  user_id: number;
  file_id: number;
  uploaded_at: number;
}

/** The file a message carries; a file no message carries is collected after the grace period. */
export interface MessageFilesTable {
  chat_id: number;
  message_id: number;
  file_id: number;
}

export type FileRow = Selectable<FilesTable>;
export type NewFileRow = Insertable<FilesTable>;
export type FileVariantRow = Selectable<FileVariantsTable>;

/** Users kept out of a large chat until `until` (0: until unbanned). */
export interface ChatBansTable {
  chat_id: number;
  user_id: number;
  until: number;
  actor_id: number;
  date: number;
}

/** What the admins of a large chat did, newest with the highest id. */
export interface ChatAdminLogTable {
  id: Generated<number>;
  chat_id: number;
  date: number;
  actor_id: number;
  action: number;
  user_id: number;
  details: string;
}

export interface InviteLinksTable {
  link: string;
  chat_id: number;
  creator_id: number;
  created_at: number;
  /** 0: never. */
  expires_at: number;
  /** 0: no limit. */
  usage_limit: number;
  usage_count: number;
  requires_approval: number;
  revoked: number;
  /** Up to 32 characters, for the admins; empty: none. */
  name: Defaulted<string>;
  /** 1: the creator's own link, revoked when they export a new one (at most one unrevoked). */
  is_primary: Defaulted<number>;
}

export interface JoinRequestsTable {
  chat_id: number;
  user_id: number;
  link: string;
  date: number;
}

/** Who has seen a channel post: each member once. */
export interface MessageViewsTable {
  chat_id: number;
  message_id: number;
  user_id: number;
}

export type MessageViewRow = Selectable<MessageViewsTable>;
export type InviteLinkRow = Selectable<InviteLinksTable>;
export type JoinRequestRow = Selectable<JoinRequestsTable>;
export type ChatBanRow = Selectable<ChatBansTable>;
export type AdminLogRow = Selectable<ChatAdminLogTable>;
export type NewChatMemberRow = Insertable<ChatMembersTable>;

/** A bot's settings; the bot itself is a row of `users` with `is_bot` = 1. */
export interface BotsTable {
  user_id: number;
  owner_id: number;
  /** SHA-256 of the whole token, hex. */
  token_hash: string;
  /**
   * HMAC-SHA256("WebAppData", token), hex: the key that signs mini apps' launch data, kept so the
   * token itself need not be (it signs, it cannot call the API).
   */
  web_app_key: string;
  /** 1: in groups the bot sees only commands, replies to it and mentions of it. */
  privacy: number;
  can_join_groups: number;
  description: string;
  short_description: string;
  /** JSON array of {command, description}. */
  commands: string;
  /** JSON array of update kinds, or '' for the default set. */
  allowed_updates: string;
  webhook_url: string;
  webhook_secret: string;
  webhook_max_connections: number;
  /** Unix ms until which one node holds the right to consume this bot's queue (keeps order). */
  queue_lease_until: number;
  /** The latest failed delivery: when, and why. */
  webhook_error_date: number;
  webhook_error: string;
  /** The id of the newest update in the bot's queue (ids grow by one). */
  last_update_id: number;
  created_at: number;
  /** Inline mode: the composer's placeholder; '' when inline mode is off (@botfather /setinline). */
  inline_placeholder: Defaulted<string>;
  /** 1: the bot gets chosen_inline_result (@botfather /setinlinefeedback). */
  inline_feedback: Defaulted<number>;
}

/** A bot's pending updates until it confirms them (or 24 hours pass). */
export interface BotUpdatesTable {
  bot_id: number;
  update_id: number;
  date: number;
  /** Telegram's update kind: message, edited_message, callback_query, ... */
  kind: string;
  /** The encoded Update it comes from (a chat event), or an encoded CallbackQuery. */
  payload: Uint8Array;
}

/** A person's settings (see UserSettings in types.proto); empty strings follow the device. */
export interface UserSettingsTable {
  user_id: number;
  language: string;
  calendar: string;
  digits: string;
  week_start: string;
  hour_cycle: string;
  updated_at: number;
}

export type UserSettingsRow = Selectable<UserSettingsTable>;
/** The bots among a chat's members (kept with chat_members by the chats repository). */
export interface ChatBotsTable {
  chat_id: number;
  bot_id: number;
}

/** One row per option a person chose in a poll: counts are these rows, so they are exact. */
/** A poll that closes by itself at close_date, until it is closed. */
export interface PollClosingsTable {
  chat_id: number;
  message_id: number;
  close_date: number;
}

export interface PollVotesTable {
  chat_id: number;
  message_id: number;
  user_id: number;
  option: number;
  date: number;
}

/**
 * An inline query a person asked a bot, and once answered the bot's results; kept until it
 * expires (the answer's cache_time) so the chosen result is sent as the bot gave it.
 */
export interface InlineQueriesTable {
  id: string;
  bot_id: number;
  user_id: number;
  query: string;
  offset: string;
  answered: Defaulted<number>;
  /** JSON array of StoredInlineResult. */
  results: Defaulted<string>;
  next_offset: Defaulted<string>;
  /** 1: the cached answer is for the asker only (is_personal). */
  personal: Defaulted<number>;
  /** Until when the answer is given again for the same query and offset (cache_time). */
  cached_until: Defaulted<number>;
  /** Until when a result of it may be sent; then the row is deleted. */
  expires_at: number;
}

export type BotRow = Selectable<BotsTable>;
export type PollVoteRow = Selectable<PollVotesTable>;
export type InlineQueryRow = Selectable<InlineQueriesTable>;
export type BotUpdateRow = Selectable<BotUpdatesTable>;
export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type PhoneCodeRow = Selectable<PhoneCodesTable>;
export type ChatRow = Selectable<ChatsTable>;
export type ChatMemberRow = Selectable<ChatMembersTable>;
export type DialogRow = Selectable<DialogsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessageRow = Insertable<MessagesTable>;
export type ReactionRow = Selectable<MessageReactionsTable>;
