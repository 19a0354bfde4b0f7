import { create, fromBinary } from '@bufbuild/protobuf';
import { ChatKind, type ReplyMarkup, ReplyMarkupKind, ReplyMarkupSchema, UpdateSchema } from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { Store } from '../../store/store.js';
import type { Caller } from '../caller.js';
import { DomainError } from '../errors.js';
import { parseId } from '../ids.js';
import type { MessagesService } from '../messages/messages-service.js';
import { type Conversation, converse, type FatherAction } from './bot-father-dialog.js';
import { fatherTexts } from './bot-father-texts.js';
import type { BotsService } from './bots-service.js';

const LEASE_MS = 60_000;
const IDLE_WAIT_MS = 20_000;
const RETRY_MS = 5_000;

/**
 * The built-in bot that makes and manages bots in chat, like Telegram's BotFather. It runs inside
 * the server on its own update queue: every node runs the loop, the queue's lease lets one of
 * them work at a time. Conversations in progress (waiting for a name...) live in that node's
 * memory: a node that takes over starts them afresh.
 */
export class BotFather {
  private readonly conversations = new Map<number, Conversation>();
  private stopped = false;
  private wake: (() => void) | undefined;
  /** A message came since the queue was last read: it is read again at once, not after the idle wait. */
  private woken = false;
  private running: Promise<void> | undefined;
  private botId = 0;
  /** The queue's lease while this node holds it (its end, ms), else 0. */
  private lease = 0;

  constructor(
    private readonly deps: { store: Store; bus: Bus; bots: BotsService; messages: MessagesService },
    private readonly log: (error: unknown, message: string) => void,
  ) {}

  /** Makes the bot on first start (unless a person holds the username) and runs its loop. */
  async start(username = 'botfather'): Promise<void> {
    try {
      this.botId = await this.deps.bots.ensureSystemBot(username, 'BotFather');
    } catch (error) {
      this.log(error, `the system bot @${username} could not be made (is the username a person's?)`);
      return;
    }
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    const subscription = this.deps.bus.subscribe(subjects.bot(this.botId), () => {
      this.woken = true;
      this.wake?.();
    });
    try {
      while (!this.stopped) {
        try {
          this.lease = await this.deps.bots.leaseQueue(this.botId, LEASE_MS, this.lease);
          if (this.lease) {
            await this.drain();
            if (!this.woken) await this.pause(IDLE_WAIT_MS);
          } else await this.pause(RETRY_MS);
        } catch (error) {
          this.log(error, 'the system bot failed');
          await this.pause(RETRY_MS);
        }
      }
    } finally {
      subscription.unsubscribe();
      if (this.lease) await this.deps.bots.releaseWebhook(this.botId).catch(() => {});
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** Answers every pending message, confirming each once answered. */
  private async drain(): Promise<void> {
    for (;;) {
      this.woken = false;
      const rows = await this.deps.store.read.bots.pendingUpdates(this.botId, 0, 50);
      if (rows.length === 0 || this.stopped) return;
      for (const row of rows) {
        const update = fromBinary(UpdateSchema, row.payload);
        const message = update.kind.case === 'newMessage' ? update.kind.value : undefined;
        if (row.kind === 'message' && message && !message.service) {
          await this.answer(parseId(message.senderId), parseId(message.chatId), message.text);
        }
        await this.deps.store.write((tx) => tx.bots.dropUpdates(this.botId, row.update_id + 1, 0));
      }
    }
  }

  private async answer(personId: number, chatId: number, text: string): Promise<void> {
    const chat = await this.deps.store.read.chats.chatById(chatId);
    if (chat?.kind !== ChatKind.PRIVATE) return;
    const owner: Caller = { userId: personId, sessionId: 0 };
    // Read at every message: a language changed on any device applies to the next reply.
    const settings = await this.deps.store.read.settings.settingsOf(personId);
    const { reply, next } = await converse(
      this.deps.bots,
      owner,
      this.conversations.get(personId),
      text.trim(),
      fatherTexts(settings?.language),
    );
    if (next) this.conversations.set(personId, next);
    else this.conversations.delete(personId);
    await this.say(chatId, reply);
  }

  private async say(chatId: number, action: FatherAction): Promise<void> {
    const me: Caller = { userId: this.botId, sessionId: 0 };
    try {
      await this.deps.messages.send(me, {
        chatId,
        randomId: String(Math.floor(Math.random() * 2 ** 47) + 1),
        text: action.text,
        entities: [],
        replyToId: 0,
        replyMarkup: keyboardFor(action.choices),
      });
    } catch (error) {
      // The person blocked the bot or left: nothing to tell them.
      if (!(error instanceof DomainError)) throw error;
    }
  }
}

/** A reply keyboard of choices (one per row), or one that takes a previous keyboard away. */
function keyboardFor(choices: readonly string[] | undefined): ReplyMarkup {
  if (!choices?.length) return create(ReplyMarkupSchema, { kind: ReplyMarkupKind.REMOVE_KEYBOARD });
  return create(ReplyMarkupSchema, {
    kind: ReplyMarkupKind.REPLY_KEYBOARD,
    rows: choices.map((text) => ({ buttons: [{ text }] })),
    oneTime: true,
    resize: true,
  });
}
