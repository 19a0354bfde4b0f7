import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { type CallbackAnswer, CallbackAnswerSchema, ReplyMarkupKind } from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import type { Clock } from '../clock.js';
import { invalidInput, notFound } from '../errors.js';
import { toMessage } from '../messages/message-view.js';
import { wakeUp } from './bot-inbox.js';

/** A pressed button, as kept in the bot's queue. */
export interface StoredCallbackQuery {
  id: string;
  chatId: number;
  messageId: number;
  fromId: number;
  data: string;
}

export function decodeCallbackQuery(payload: Uint8Array): StoredCallbackQuery {
  return JSON.parse(new TextDecoder().decode(payload));
}

/** The bot whose query this is: ids are `<bot id>_<random>`. */
export function botOfQuery(queryId: string): number {
  const match = /^(\d{1,16})_[0-9a-f]{16}$/.exec(queryId);
  return match ? Number(match[1]) : 0;
}

/**
 * Inline buttons with callback data: a press becomes the bot's callback_query, and the bot's
 * answer goes back to the presser through the bus (whichever node the bot answers on).
 */
export class CallbackQueries {
  constructor(
    private readonly deps: { store: Store; bus: Bus; clock: Clock },
    private readonly answerTimeoutMs: number,
  ) {}

  async press(caller: Caller, chatId: number, messageId: number, data: string): Promise<CallbackAnswer> {
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    const row = await repos.messages.message(chatId, messageId);
    if (!row || row.deleted) throw notFound.message();
    const markup = toMessage(row).replyMarkup;
    const hasButton =
      markup?.kind === ReplyMarkupKind.INLINE_KEYBOARD &&
      markup.rows.some((r) => r.buttons.some((b) => b.callbackData !== '' && b.callbackData === data));
    if (!hasButton) throw invalidInput('the message has no such button');
    const botId = row.sender_id;
    const query: StoredCallbackQuery = {
      id: `${botId}_${randomBytes(8).toString('hex')}`,
      chatId,
      messageId,
      fromId: caller.userId,
      data,
    };
    const answered = this.awaitAnswer(query.id);
    try {
      const bot = await this.deps.store.write(async (tx) => {
        const settings = await tx.bots.bot(botId);
        if (!settings) return undefined;
        const payload = new TextEncoder().encode(JSON.stringify(query));
        await tx.bots.appendUpdate(botId, this.deps.clock.now(), 'callback_query', payload);
        return settings;
      });
      if (!bot) throw invalidInput('the message has no such button');
      const { delivery } = wakeUp(botId, bot.webhook_url !== '');
      this.deps.bus.publish(delivery.subject, delivery.payload);
      return await answered.promise;
    } finally {
      answered.cancel();
    }
  }

  /** The bot's answer to a press; false when the query is not this bot's. */
  answer(bot: Caller, queryId: string, answer: { text: string; showAlert: boolean; url: string }): boolean {
    if (botOfQuery(queryId) !== bot.userId) return false;
    if (answer.text.length > 200) throw invalidInput('the answer has at most 200 characters');
    this.deps.bus.publish(subjects.callbackAnswer(queryId), new TextEncoder().encode(JSON.stringify(answer)));
    return true;
  }

  /** The answer, or an empty one when the bot stays silent past the timeout (as Telegram's clients do). */
  private awaitAnswer(queryId: string) {
    let cancel = () => {};
    const promise = new Promise<CallbackAnswer>((resolve) => {
      const subscription = this.deps.bus.subscribe(subjects.callbackAnswer(queryId), (payload) => {
        const { text, showAlert, url } = JSON.parse(new TextDecoder().decode(payload));
        finish(create(CallbackAnswerSchema, { text, showAlert, url }));
      });
      const timer = setTimeout(() => finish(create(CallbackAnswerSchema)), this.answerTimeoutMs);
      const finish = (answer: CallbackAnswer) => {
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve(answer);
      };
      cancel = () => finish(create(CallbackAnswerSchema));
    });
    return { promise, cancel };
  }
}
