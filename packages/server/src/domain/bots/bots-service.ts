import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  type BotInfo,
  BotInfoSchema,
  ChatKind,
  ErrorCode,
  type InviteLink,
  type Message,
  type WebAppData,
  WebAppDataSchema,
} from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { BotRow, UserRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import { hashToken } from '../accounts/tokens.js';
import { normalizeUsername, requireUsernameFree } from '../accounts/usernames.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput, notFound } from '../errors.js';
import { wireId } from '../ids.js';
import { cleanText } from '../validate.js';
import { BOT_UPDATE_TTL, wakeUp } from './bot-inbox.js';
import type { BotFileIds } from './bot-file-ids.js';
import { botIdOfToken, newBotToken, webAppKey } from './bot-tokens.js';
import {
  type BotInviteLink,
  type BotMessage,
  type BotUpdate,
  type BotUser,
  BotViewer,
  botUser,
} from './bot-view.js';
import { allowedUpdatesJson } from './update-kinds.js';
import { signInitData } from './web-app-data.js';
import { checkWebhookUrl } from './webhook-target.js';

export interface BotsDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  /** The operator allows webhooks to plain HTTP and to private, loopback and link-local addresses. */
  webhookAllowPrivate: boolean;
  /** The codec of the file_ids bots are shown. */
  fileIds: () => Promise<BotFileIds>;
}

export interface WebhookInput {
  url: string;
  secretToken: string;
  maxConnections: number;
  allowedUpdates?: readonly string[];
  dropPendingUpdates: boolean;
}

export interface WebhookInfo {
  url: string;
  maxConnections: number;
  allowedUpdates: string[];
  pendingUpdateCount: number;
  lastErrorDate: number;
  lastErrorMessage: string;
}

/** What the webhook sender needs for one delivery round. */
export interface WebhookBatch {
  url: string;
  secretToken: string;
  updates: BotUpdate[];
}

export interface BotCommand {
  command: string;
  description: string;
}

/** A signed-in bot: the caller its requests act as, and its settings. */
export interface BotSession {
  caller: Caller;
  user: UserRow;
  bot: BotRow;
}

export interface UpdatesQuery {
  /** The first update wanted; earlier ones are confirmed and forgotten. 0: from the oldest. */
  offset: number;
  limit: number;
  /** Seconds to wait for an update when none is pending. */
  timeout: number;
  /** Kinds wanted from now on; undefined keeps the previous choice. */
  allowedUpdates?: readonly string[];
}

const COMMAND = /^[a-z0-9_]{1,32}$/;
const MAX_COMMANDS = 100;
// COMPAT: a long poll waits at most 50 s, whatever timeout is asked (the frameworks ask 30 or 50).
const MAX_LONG_POLL = 50;

/**
 * A bot's account and its bot row, with a new token (returned: only its hash is kept). A built-in
 * bot is owned by itself, as its id is known only once its account exists.
 */
async function createBotAccount(
  tx: Repositories,
  bot: { username: string; displayName: string; ownerId: number | 'itself'; now: number },
): Promise<{ user: UserRow; token: string }> {
  const { username, displayName, now } = bot;
  const user = await tx.accounts.createUser({
    username,
    phone: null,
    displayName,
    passwordHash: null,
    now,
    isBot: true,
  });
  const token = newBotToken(user.id);
  await tx.bots.createBot({
    userId: user.id,
    ownerId: bot.ownerId === 'itself' ? user.id : bot.ownerId,
    tokenHash: hashToken(token),
    webAppKey: webAppKey(token),
    now,
  });
  return { user, token };
}

/** Bots: accounts with a token and an owner, their settings, and their update queues. */
export class BotsService {
  private async viewer(botId: number): Promise<BotViewer> {
    return new BotViewer(this.deps.store.read, botId, await this.deps.fileIds());
  }

  /** Long polls waiting now: ended at shutdown, so a node stops without waiting out their timeouts. */
  private readonly waiting = new Set<() => void>();
  private stopping = false;

  constructor(private readonly deps: BotsDeps) {}

  /** A new bot owned by `ownerId`; returns the bot's user and its token (shown only now). */
  async create(
    ownerId: number,
    usernameInput: string,
    nameInput: string,
  ): Promise<{ user: UserRow; token: string }> {
    const username = normalizeUsername(usernameInput);
    if (!username.endsWith('bot'))
      throw new DomainError(ErrorCode.BOT_INVALID, 'A bot\'s username must end in "bot"');
    const displayName = requireBotName(nameInput);
    const now = this.deps.clock.now();
    return this.deps.store.write(async (tx) => {
      const owner = await tx.accounts.userById(ownerId);
      if (!owner || owner.is_bot) throw notFound.user();
      // One namespace with people, channels and look-alikes of either.
      await requireUsernameFree(tx, username, { userId: 0 });
      return createBotAccount(tx, { username, displayName, ownerId, now });
    });
  }

  /** The bot a token belongs to, or AUTH_TOKEN_INVALID. */
  async authenticate(token: string): Promise<BotSession> {
    const botId = botIdOfToken(token);
    const bot = botId ? await this.deps.store.read.bots.botByTokenHash(hashToken(token)) : undefined;
    const user = bot?.user_id === botId ? await this.deps.store.read.accounts.userById(botId) : undefined;
    if (!bot || !user) throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'Unknown bot token');
    return { caller: { userId: botId, sessionId: 0 }, user, bot };
  }

  /** A new token for the owner's bot; the old one stops working at once. */
  async regenerateToken(owner: Caller, botId: number): Promise<string> {
    const token = newBotToken(botId);
    await this.changeOwned(owner, botId, { token_hash: hashToken(token), web_app_key: webAppKey(token) });
    return token;
  }

  /** The owner's bot stops: its token and queue go, its account stays as a deleted bot. */
  async deleteBot(owner: Caller, botId: number): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.write(async (tx) => {
      const bot = await tx.bots.bot(botId);
      if (bot?.owner_id !== owner.userId)
        throw new DomainError(ErrorCode.BOT_INVALID, 'You have no such bot');
      await tx.bots.deleteBot(botId);
      await tx.accounts.setUsername(botId, null, now);
      await tx.accounts.updateUser(botId, { display_name: 'Deleted Bot' });
    });
  }

  /**
   * The built-in bot (BotFather) with this username: made on first start, owned by itself, with a
   * token nobody knows (it runs inside the server). Two nodes starting at once make it once.
   */
  async ensureSystemBot(username: string, displayName: string): Promise<number> {
    const existing = await this.deps.store.read.accounts.userByUsername(username);
    if (existing?.is_bot) return existing.id;
    const now = this.deps.clock.now();
    try {
      return await this.deps.store.write(async (tx) => {
        const { user } = await createBotAccount(tx, { username, displayName, ownerId: 'itself', now });
        await tx.bots.updateBot(user.id, { description: 'I make and manage bots. Send /help.' });
        return user.id;
      });
    } catch (error) {
      const made = await this.deps.store.read.accounts.userByUsername(username);
      if (made?.is_bot) return made.id;
      throw error;
    }
  }

  /**
   * The right to consume an in-process bot's queue, one node at a time: taken when free, or
   * renewed with the `held` lease. Returns the lease (its end, ms), or 0 when another node has it.
   */
  async leaseQueue(botId: number, ms: number, held = 0): Promise<number> {
    const now = Date.now();
    // Distinct from the held value even within one millisecond, so a renewal is a compare-and-set.
    const until = Math.max(now + ms, held + 1);
    const taken = await this.deps.store.write((tx) => tx.bots.leaseQueue(botId, now, until, false, held));
    return taken ? until : 0;
  }

  async setPrivacy(owner: Caller, botId: number, enabled: boolean): Promise<void> {
    await this.changeOwned(owner, botId, { privacy: enabled ? 1 : 0 });
  }

  async setCanJoinGroups(owner: Caller, botId: number, enabled: boolean): Promise<void> {
    await this.changeOwned(owner, botId, { can_join_groups: enabled ? 1 : 0 });
  }

  /** Inline mode: on with the composer's placeholder (1-64 characters), off with ''. */
  async setInline(owner: Caller, botId: number, placeholder: string): Promise<void> {
    const text = placeholder === '' ? '' : cleanText(placeholder);
    if (text === undefined || text.length > 64) throw invalidInput('A placeholder has 1-64 characters');
    await this.changeOwned(owner, botId, { inline_placeholder: text });
  }

  /** Whether the bot gets chosen_inline_result when a person sends one of its inline results. */
  async setInlineFeedback(owner: Caller, botId: number, enabled: boolean): Promise<void> {
    await this.changeOwned(owner, botId, { inline_feedback: enabled ? 1 : 0 });
  }

  async ownedBots(owner: Caller): Promise<BotUser[]> {
    const rows = await this.deps.store.read.bots.botsOwnedBy(owner.userId);
    return rows.map((row) => botUser(row, row.id));
  }

  /** The owner's bot by username, or BOT_INVALID: another person's bot is as good as none. */
  async ownedBot(owner: Caller, usernameInput: string): Promise<BotUser> {
    const user = await this.deps.store.read.accounts.userByUsername(
      usernameInput.replace(/^@/, '').toLowerCase(),
    );
    const bot = user && (await this.deps.store.read.bots.bot(user.id));
    if (!user || bot?.owner_id !== owner.userId)
      throw new DomainError(ErrorCode.BOT_INVALID, 'You have no such bot');
    return botUser(user, user.id);
  }

  async setCommands(bot: Caller, commands: readonly BotCommand[]): Promise<void> {
    if (commands.length > MAX_COMMANDS) throw invalidInput(`at most ${MAX_COMMANDS} commands`);
    for (const { command, description } of commands) {
      if (!COMMAND.test(command)) throw invalidInput('a command is 1-32 characters: a-z, 0-9 and _');
      if (!description || description.length > 256)
        throw invalidInput('a command description has 1-256 characters');
    }
    await this.deps.store.write((tx) =>
      tx.bots.updateBot(bot.userId, { commands: JSON.stringify(commands) }),
    );
  }

  async commands(botId: number): Promise<BotCommand[]> {
    const bot = await this.deps.store.read.bots.bot(botId);
    return bot ? JSON.parse(bot.commands) : [];
  }

  async setName(bot: Caller, nameInput: string): Promise<void> {
    const display_name = requireBotName(nameInput);
    const now = this.deps.clock.now();
    await this.deps.store.write((tx) =>
      tx.accounts.updateUser(bot.userId, { display_name, updated_at: now }),
    );
  }

  /** The long description (shown in an empty chat with the bot) or the short one (its profile's about). */
  async setDescription(bot: Caller, text: string, which: 'description' | 'short_description'): Promise<void> {
    const limit = which === 'description' ? 512 : 120;
    if (text.length > limit)
      throw invalidInput(`the ${which.replace('_', ' ')} has at most ${limit} characters`);
    await this.deps.store.write((tx) => tx.bots.updateBot(bot.userId, { [which]: text }));
  }

  /**
   * The bot's pending updates from `offset` on; with none pending, waits up to `timeout` seconds
   * for one (woken through the bus, so a poll on one node sees updates written on another).
   */
  async updates(bot: Caller, query: UpdatesQuery, signal?: AbortSignal): Promise<BotUpdate[]> {
    const limit = Math.min(Math.max(query.limit || 100, 1), 100);
    const timeout = Math.min(Math.max(query.timeout, 0), MAX_LONG_POLL);
    if (query.allowedUpdates) {
      const allowed_updates = allowedUpdatesJson(query.allowedUpdates);
      await this.deps.store.write((tx) => tx.bots.updateBot(bot.userId, { allowed_updates }));
    }
    const settings = await this.deps.store.read.bots.bot(bot.userId);
    if (settings?.webhook_url) {
      throw new DomainError(
        ErrorCode.WEBHOOK_ACTIVE,
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const fromId = await this.confirm(bot.userId, query.offset);
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const woken = this.wakeUp(bot.userId, deadline, signal);
      const rows = await this.deps.store.read.bots.pendingUpdates(bot.userId, fromId, limit);
      if (rows.length > 0 || Date.now() >= deadline || signal?.aborted || this.stopping) {
        woken.cancel();
        const viewer = await this.viewer(bot.userId);
        return Promise.all(rows.map((row) => viewer.update(row)));
      }
      await woken.promise;
    }
  }

  /** A bot's public profile for the composer: its command menu and descriptions. */
  async botInfo(userId: number): Promise<BotInfo> {
    const bot = await this.deps.store.read.bots.bot(userId);
    if (!bot) throw notFound.user();
    return create(BotInfoSchema, {
      userId: wireId(userId),
      commands: JSON.parse(bot.commands),
      description: bot.description,
      shortDescription: bot.short_description,
      inlinePlaceholder: bot.inline_placeholder,
    });
  }

  /** The signed launch data for the caller opening the bot's mini app (Telegram's initData). */
  async webAppData(caller: Caller, botId: number): Promise<WebAppData> {
    const bot = await this.deps.store.read.bots.bot(botId);
    const user = bot && (await this.deps.store.read.accounts.userById(caller.userId));
    if (!bot?.web_app_key || !user) throw notFound.user();
    const initData = signInitData(bot.web_app_key, {
      query_id: randomBytes(12).toString('base64url'),
      user: JSON.stringify({
        id: user.id,
        first_name: user.display_name,
        ...(user.username ? { username: user.username } : {}),
      }),
      auth_date: String(this.deps.clock.now()),
    });
    return create(WebAppDataSchema, { initData });
  }

  /** Messages as the bot sees them, for the replies of its calls. */
  async viewMessages(bot: Caller, messages: readonly Message[]): Promise<BotMessage[]> {
    const viewer = await this.viewer(bot.userId);
    return Promise.all(messages.map((m) => viewer.message(m)));
  }

  async viewUser(bot: Caller, userId: number): Promise<BotUser> {
    return (await this.viewer(bot.userId)).user(userId);
  }

  async viewInviteLink(bot: Caller, link: InviteLink): Promise<BotInviteLink> {
    return (await this.viewer(bot.userId)).inviteLink(link);
  }

  /**
   * The private chat of the bot and a person, who must have written to the bot first (a bot
   * cannot start a conversation).
   */
  async privateChatWith(bot: Caller, userId: number): Promise<number> {
    const [low, high] = bot.userId < userId ? [bot.userId, userId] : [userId, bot.userId];
    const chatId = await this.deps.store.read.chats.privateChatId(low, high);
    if (!chatId) {
      const exists = await this.deps.store.read.accounts.userById(userId);
      if (!exists) throw notFound.chat();
      throw new DomainError(
        ErrorCode.BOT_CANNOT_INITIATE,
        "The bot can't initiate a conversation with a user",
      );
    }
    return chatId;
  }

  /** A public channel or supergroup, by its @username, that the bot is a member of. */
  async chatByUsername(bot: Caller, usernameInput: string): Promise<number> {
    const chat = await this.deps.store.read.chats.chatByUsername(normalizeUsername(usernameInput));
    if (!chat) throw notFound.chat();
    return this.groupOf(bot, chat.id);
  }

  /** A group the bot is a member of. */
  async groupOf(bot: Caller, chatId: number): Promise<number> {
    const { chat } = await requireMembership(this.deps.store.read, chatId, bot.userId);
    if (chat.kind === ChatKind.PRIVATE) throw notFound.chat();
    return chatId;
  }

  /** Sends the bot's updates to `url` from now on, instead of keeping them for getUpdates. */
  async setWebhook(bot: Caller, input: WebhookInput): Promise<void> {
    if (!input.url) return this.deleteWebhook(bot, input.dropPendingUpdates);
    const url = await checkWebhookUrl(input.url, this.deps.webhookAllowPrivate);
    if (!/^[A-Za-z0-9_-]{0,256}$/.test(input.secretToken)) {
      throw new DomainError(ErrorCode.WEBHOOK_INVALID, 'secret token contains unallowed characters');
    }
    const maxConnections = input.maxConnections || 40;
    if (maxConnections < 1 || maxConnections > 100) throw invalidInput('max_connections must be 1-100');
    await this.deps.store.write(async (tx) => {
      await tx.bots.updateBot(bot.userId, {
        webhook_url: url,
        webhook_secret: input.secretToken,
        webhook_max_connections: maxConnections,
        webhook_error_date: 0,
        webhook_error: '',
        ...(input.allowedUpdates ? { allowed_updates: allowedUpdatesJson(input.allowedUpdates) } : {}),
      });
      if (input.dropPendingUpdates) await tx.bots.dropUpdates(bot.userId, Number.MAX_SAFE_INTEGER, 0);
    });
    // Updates already waiting go out now.
    const { delivery } = wakeUp(bot.userId, true);
    this.deps.bus.publish(delivery.subject, delivery.payload);
  }

  async deleteWebhook(bot: Caller, dropPendingUpdates: boolean): Promise<void> {
    await this.deps.store.write(async (tx) => {
      await tx.bots.updateBot(bot.userId, { webhook_url: '', webhook_secret: '', queue_lease_until: 0 });
      if (dropPendingUpdates) await tx.bots.dropUpdates(bot.userId, Number.MAX_SAFE_INTEGER, 0);
    });
  }

  async webhookInfo(bot: Caller): Promise<WebhookInfo> {
    const row = await this.deps.store.read.bots.bot(bot.userId);
    return {
      url: row?.webhook_url ?? '',
      maxConnections: row?.webhook_max_connections ?? 40,
      allowedUpdates: row?.allowed_updates ? JSON.parse(row.allowed_updates) : [],
      pendingUpdateCount: await this.pendingCount(bot),
      lastErrorDate: row?.webhook_error_date ?? 0,
      lastErrorMessage: row?.webhook_error ?? '',
    };
  }

  /** Bots with a webhook and updates waiting (the sender's sweep after a restart or a lost wake-up). */
  async webhooksWithPending(): Promise<number[]> {
    return this.deps.store.read.bots.webhookBotsWithPending(1000);
  }

  /**
   * The right to deliver a bot's webhook for `ms`: one node at a time, so updates go out in order.
   * Renewed with the `held` lease; returns the lease (its end, ms), or 0 when another node has it.
   */
  async leaseWebhook(botId: number, ms: number, held = 0): Promise<number> {
    const now = Date.now();
    const until = Math.max(now + ms, held + 1);
    const taken = await this.deps.store.write((tx) => tx.bots.leaseQueue(botId, now, until, true, held));
    return taken ? until : 0;
  }

  /** Gives up the right to consume the bot's queue (webhook sender or in-process bot). */
  async releaseWebhook(botId: number): Promise<void> {
    await this.deps.store.write((tx) => tx.bots.updateBot(botId, { queue_lease_until: 0 }));
  }

  /** The oldest pending updates of a bot with a webhook, with where to send them. */
  async webhookBatch(botId: number, limit: number): Promise<WebhookBatch | undefined> {
    const bot = await this.deps.store.read.bots.bot(botId);
    if (!bot?.webhook_url) return undefined;
    await this.confirm(botId, 0);
    const rows = await this.deps.store.read.bots.pendingUpdates(botId, 0, limit);
    const viewer = await this.viewer(botId);
    return {
      url: bot.webhook_url,
      secretToken: bot.webhook_secret,
      updates: await Promise.all(rows.map((row) => viewer.update(row))),
    };
  }

  /** The webhook took the update: it leaves the queue. */
  async webhookDelivered(botId: number, updateId: number): Promise<void> {
    await this.deps.store.write((tx) => tx.bots.dropUpdates(botId, updateId + 1, 0));
  }

  async webhookFailed(botId: number, message: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.write((tx) =>
      tx.bots.updateBot(botId, { webhook_error_date: now, webhook_error: message.slice(0, 256) }),
    );
  }

  /** A signed-in bot by id (a webhook reply acts as its bot). */
  async sessionOf(botId: number): Promise<BotSession | undefined> {
    const bot = await this.deps.store.read.bots.bot(botId);
    const user = bot && (await this.deps.store.read.accounts.userById(botId));
    return bot && user ? { caller: { userId: botId, sessionId: 0 }, user, bot } : undefined;
  }

  async pendingCount(bot: Caller): Promise<number> {
    return this.deps.store.read.bots.pendingCount(bot.userId);
  }

  /** Drops confirmed updates (offset above them) and expired ones; returns the first id to read. */
  private async confirm(botId: number, offset: number): Promise<number> {
    const expired = this.deps.clock.now() - BOT_UPDATE_TTL;
    let fromId = offset;
    if (offset < 0) {
      // As Telegram's: a negative offset counts back from the newest update.
      const bot = await this.deps.store.read.bots.bot(botId);
      fromId = Math.max((bot?.last_update_id ?? 0) + offset + 1, 1);
    }
    await this.deps.store.write((tx) => tx.bots.dropUpdates(botId, fromId, expired));
    return fromId;
  }

  /** Ends every long poll now (they answer with what is pending, usually nothing). */
  stopLongPolls(): void {
    this.stopping = true;
    for (const cancel of [...this.waiting]) cancel();
  }

  /** Resolves on a wake-up for the bot, at the deadline, on abort or at shutdown. */
  private wakeUp(botId: number, deadline: number, signal?: AbortSignal) {
    let cancel = () => {};
    const promise = new Promise<void>((resolve) => {
      const subscription = this.deps.bus.subscribe(subjects.bot(botId), () => cancel());
      const timer = setTimeout(() => cancel(), Math.max(deadline - Date.now(), 0));
      cancel = () => {
        clearTimeout(timer);
        subscription.unsubscribe();
        signal?.removeEventListener('abort', cancel);
        this.waiting.delete(cancel);
        resolve();
      };
      signal?.addEventListener('abort', cancel);
      this.waiting.add(cancel);
    });
    return { promise, cancel };
  }

  private async changeOwned(
    owner: Caller,
    botId: number,
    patch: Parameters<Store['read']['bots']['updateBot']>[1],
  ) {
    await this.deps.store.write(async (tx) => {
      const bot = await tx.bots.bot(botId);
      if (bot?.owner_id !== owner.userId)
        throw new DomainError(ErrorCode.BOT_INVALID, 'You have no such bot');
      await tx.bots.updateBot(botId, patch);
    });
  }
}

function requireBotName(input: string): string {
  const name = cleanText(input);
  if (!name || name.length > 64)
    throw new DomainError(ErrorCode.DISPLAY_NAME_INVALID, 'A bot name has 1-64 characters');
  return name;
}
