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
  // Bots
  bots: BotsTable;
  bot_updates: BotUpdatesTable;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower-case; null when the user has none. */
  username: string | null;
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
  /** 1 for a bot (its settings are in `bots`). */
  is_bot: Defaulted<number>;
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
  /** JSON ReplyMarkup (a bot's keyboard), or null. */
  reply_markup: Defaulted<string | null>;
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

export type BotRow = Selectable<BotsTable>;
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
