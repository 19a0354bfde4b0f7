import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  ChatKind,
  ErrorCode,
  type InlineResults,
  InlineResultsSchema,
  Limits,
  type Message,
} from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { ChatRow, InlineQueryRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import { wakeUp } from '../bots/bot-inbox.js';
import { botOfQuery } from '../bots/callback-queries.js';
import { isAllowed } from '../bots/update-kinds.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput } from '../errors.js';
import { checkRandomId } from '../messages/content.js';
import type { MessagesService } from '../messages/messages-service.js';
import {
  checkInlineResults,
  type InlineResultInput,
  resultContent,
  type StoredInlineResult,
  toInlineResult,
} from './inline-results.js';

/** An inline query as kept in the bot's queue. */
export interface StoredInlineQuery {
  id: string;
  fromId: number;
  query: string;
  offset: string;
  /** Telegram's chat_type: sender, private, group, supergroup or channel. */
  chatType: string;
}

/** A chosen result as kept in the bot's queue (chosen_inline_result). */
export interface StoredChosenResult {
  resultId: string;
  fromId: number;
  query: string;
}

export interface InlineAnswer {
  results: readonly InlineResultInput[];
  /** Seconds the answer is given again to the same query (Telegram's default: 300). */
  cacheTime: number;
  /** The cached answer is for the asker only. */
  isPersonal: boolean;
  nextOffset: string;
}

export interface InlineDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  messages: MessagesService;
}

/** How long a bot has to answer, as Telegram's clients wait. */
const DEFAULT_ANSWER_WAIT_MS = 10_000;
/** A result can be sent for at least this long after the answer, whatever its cache_time. */
const SENDABLE_SECONDS = 600;

function resultInvalid(): DomainError {
  return new DomainError(ErrorCode.INLINE_RESULT_INVALID, 'The inline result expired: ask the bot again');
}

/**
 * Inline mode: "@bot query" in a composer becomes the bot's inline_query; its answer
 * (answerInlineQuery, on any node) comes back through the bus to the node where the person waits.
 * A person's newer query to the same bot ends their older one still waiting (latest wins), and a
 * cached answer (cache_time) is given again without asking the bot.
 */
export class InlineService {
  /** Per asker and bot, the query still waiting on this node: a newer one ends it. */
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly deps: InlineDeps,
    private readonly answerWaitMs = DEFAULT_ANSWER_WAIT_MS,
  ) {}

  async ask(
    caller: Caller,
    input: { botId: number; chatId: number; query: string; offset: string },
  ): Promise<InlineResults> {
    if (input.query.length > Limits.inlineQuery)
      throw invalidInput(`a query has at most ${Limits.inlineQuery} characters`);
    if (input.offset.length > 64) throw invalidInput('an offset has at most 64 characters');
    const repos = this.deps.store.read;
    const now = this.deps.clock.now();
    const chat = input.chatId
      ? (await requireMembership(repos, input.chatId, caller.userId)).chat
      : undefined;
    const bot = await repos.bots.bot(input.botId);
    if (!bot || bot.inline_placeholder === '') {
      throw new DomainError(ErrorCode.BOT_INLINE_DISABLED, 'This bot has no inline mode');
    }
    const chatType = chat ? await this.chatType(repos, chat, bot.user_id) : 'sender';
    const cached = await repos.inline.cached(bot.user_id, input.query, input.offset, caller.userId, now);
    if (cached) return results(cached);
    const query: StoredInlineQuery = {
      id: `${bot.user_id}_${randomBytes(8).toString('hex')}`,
      fromId: caller.userId,
      query: input.query,
      offset: input.offset,
      chatType,
    };
    const key = `${caller.userId}:${bot.user_id}`;
    this.waiting.get(key)?.();
    const answered = this.awaitAnswer(query.id);
    this.waiting.set(key, answered.cancel);
    try {
      const queued = await this.deps.store.write(async (tx) => {
        await tx.inline.deleteExpired(now);
        await tx.inline.insert({
          id: query.id,
          bot_id: bot.user_id,
          user_id: caller.userId,
          query: input.query,
          offset: input.offset,
          answered: 0,
          results: '[]',
          next_offset: '',
          personal: 0,
          cached_until: 0,
          expires_at: now + SENDABLE_SECONDS,
        });
        if (!isAllowed(bot.allowed_updates, 'inline_query')) return false;
        await tx.bots.appendUpdate(bot.user_id, now, 'inline_query', encode(query));
        return true;
      });
      if (queued) {
        const { delivery } = wakeUp(bot.user_id, bot.webhook_url !== '');
        this.deps.bus.publish(delivery.subject, delivery.payload);
      }
      const done = await answered.promise;
      const row = done ? await this.deps.store.read.inline.query(query.id) : undefined;
      return row?.answered ? results(row) : create(InlineResultsSchema, { queryId: query.id });
    } finally {
      answered.cancel();
      if (this.waiting.get(key) === answered.cancel) this.waiting.delete(key);
    }
  }

  /** answerInlineQuery: false when the query is not this bot's or too old to answer. */
  async answer(bot: Caller, queryId: string, answer: InlineAnswer): Promise<boolean> {
    if (botOfQuery(queryId) !== bot.userId) return false;
    if (answer.nextOffset.length > 64) throw invalidInput('next_offset has at most 64 bytes');
    const cacheTime = Math.max(0, Math.floor(answer.cacheTime));
    const now = this.deps.clock.now();
    const stored = await this.deps.store.write(async (tx) => {
      const row = await tx.inline.query(queryId);
      if (!row || row.answered || row.expires_at <= now) return false;
      const results = await checkInlineResults(tx, bot.userId, answer.results);
      await tx.inline.update(queryId, {
        answered: 1,
        results: JSON.stringify(results),
        next_offset: answer.nextOffset,
        personal: answer.isPersonal ? 1 : 0,
        cached_until: now + cacheTime,
        expires_at: now + Math.max(cacheTime, SENDABLE_SECONDS),
      });
      return true;
    });
    if (stored) this.deps.bus.publish(subjects.inlineAnswer(queryId), new Uint8Array());
    return stored;
  }

  /**
   * Sends a result of an answer as the caller's message "via @bot"; a bot with inline feedback
   * (@botfather /setinlinefeedback) learns which result was chosen.
   */
  async send(
    caller: Caller,
    input: { chatId: number; randomId: string; queryId: string; resultId: string; replyToId: number },
  ): Promise<Message> {
    const repos = this.deps.store.read;
    const now = this.deps.clock.now();
    await requireMembership(repos, input.chatId, caller.userId);
    const row = await repos.inline.query(input.queryId);
    if (!row?.answered || row.expires_at <= now) throw resultInvalid();
    if (row.personal && row.user_id !== caller.userId) throw resultInvalid();
    const result = (JSON.parse(row.results) as StoredInlineResult[]).find((r) => r.id === input.resultId);
    if (!result) throw resultInvalid();
    // A retry (the same random_id) returns the message sent before and reports nothing again.
    const retried = await repos.messages.sentMessage(caller.userId, checkRandomId(input.randomId));
    const message = await this.deps.messages.send(caller, {
      chatId: input.chatId,
      randomId: input.randomId,
      replyToId: input.replyToId,
      viaBotId: row.bot_id,
      ...resultContent(result),
    });
    if (!retried) await this.reportChoice(row, caller.userId, result.id, now);
    return message;
  }

  private async reportChoice(row: InlineQueryRow, userId: number, resultId: string, now: number) {
    const bot = await this.deps.store.read.bots.bot(row.bot_id);
    if (!bot?.inline_feedback || !isAllowed(bot.allowed_updates, 'chosen_inline_result')) return;
    const chosen: StoredChosenResult = { resultId, fromId: userId, query: row.query };
    await this.deps.store.write((tx) =>
      tx.bots.appendUpdate(bot.user_id, now, 'chosen_inline_result', encode(chosen)),
    );
    const { delivery } = wakeUp(bot.user_id, bot.webhook_url !== '');
    this.deps.bus.publish(delivery.subject, delivery.payload);
  }

  /** The chat's kind as Telegram names it for inline queries. */
  private async chatType(repos: Repositories, chat: ChatRow, botId: number): Promise<string> {
    if (chat.kind === ChatKind.PRIVATE) {
      const members = await repos.chats.members(chat.id);
      return members.some((m) => m.user_id === botId) ? 'sender' : 'private';
    }
    if (chat.kind === ChatKind.CHANNEL) return 'channel';
    return chat.kind === ChatKind.SUPERGROUP ? 'supergroup' : 'group';
  }

  /** Resolves true when the bot answered, false on timeout or when a newer query ended this one. */
  private awaitAnswer(queryId: string) {
    let cancel = () => {};
    const promise = new Promise<boolean>((resolve) => {
      const subscription = this.deps.bus.subscribe(subjects.inlineAnswer(queryId), () => finish(true));
      const timer = setTimeout(() => finish(false), this.answerWaitMs);
      const finish = (answered: boolean) => {
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve(answered);
      };
      cancel = () => finish(false);
    });
    return { promise, cancel };
  }
}

function results(row: InlineQueryRow): InlineResults {
  const stored = JSON.parse(row.results) as StoredInlineResult[];
  return create(InlineResultsSchema, {
    queryId: row.id,
    results: stored.map(toInlineResult),
    nextOffset: row.next_offset,
  });
}

function encode(value: StoredInlineQuery | StoredChosenResult): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function decodeInlinePayload<T extends StoredInlineQuery | StoredChosenResult>(
  payload: Uint8Array,
): T {
  return JSON.parse(new TextDecoder().decode(payload)) as T;
}
