import { create, toBinary } from '@bufbuild/protobuf';
import {
  ErrorCode,
  type InputPoll,
  type Message,
  type PollVoters,
  PollUpdatedSchema,
  PollVotersSchema,
  type ReplyMarkup,
} from '@peyk/protocol';
import type { ChatRow, MessageRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import { wakeUp } from '../bots/bot-inbox.js';
import { isAllowed } from '../bots/update-kinds.js';
import type { Caller } from '../caller.js';
import { requireMembership } from '../chats/access.js';
import { fanoutMembers } from '../chats/large-chats.js';
import type { Clock } from '../clock.js';
import { DomainError, notFound } from '../errors.js';
import { wireId } from '../ids.js';
import { viewMessages } from '../messages/message-view.js';
import type { MessagesService } from '../messages/messages-service.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import type { Delivery, Fanout } from '../updates/fanout.js';
import { requireLimit } from '../validate.js';
import { pollForEveryone, pollForViewer } from './poll-view.js';
import { isClosed, pollFromJson, type StoredPoll } from './stored-poll.js';

export interface PollsDeps {
  store: Store;
  clock: Clock;
  fanout: Fanout;
  online: OnlineCheck;
  messages: MessagesService;
}

export interface SendPollInput {
  chatId: number;
  randomId: string;
  poll: InputPoll | undefined;
  replyToId: number;
  replyMarkup?: ReplyMarkup;
}

/** A person's vote, as a bot that sent a public poll gets it (poll_answer). */
export interface StoredPollAnswer {
  chatId: number;
  messageId: number;
  userId: number;
  options: number[];
}

function answerInvalid(message: string): DomainError {
  return new DomainError(ErrorCode.POLL_ANSWER_INVALID, message);
}

/**
 * Polls: a poll is a message (sent like one); votes are rows, one per chosen option, replaced
 * whole by each vote inside one write, so counts stay exact however many people vote at once.
 * Everyone who sees the message sees the counts change (poll_updated); only the voter's own
 * devices learn their choice, so an anonymous poll names nobody.
 */
export class PollsService {
  constructor(private readonly deps: PollsDeps) {}

  async send(caller: Caller, input: SendPollInput): Promise<Message> {
    if (!input.poll) throw new DomainError(ErrorCode.POLL_INVALID, 'A poll is required');
    return this.deps.messages.send(caller, {
      chatId: input.chatId,
      randomId: input.randomId,
      text: '',
      entities: [],
      replyToId: input.replyToId,
      poll: input.poll,
      replyMarkup: input.replyMarkup,
    });
  }

  /** Replaces the caller's vote with `options`; an empty list takes it back (not in a quiz). */
  async vote(
    caller: Caller,
    chatId: number,
    messageId: number,
    optionsInput: readonly number[],
  ): Promise<Message> {
    const options = [...new Set(optionsInput)].sort((a, b) => a - b);
    if (options.length !== optionsInput.length) throw answerInvalid('An option is chosen once');
    return this.commit(async (tx, now) => {
      const { chat, row, poll } = await this.visiblePoll(tx, chatId, caller.userId, messageId);
      if (isClosed(poll, now)) throw new DomainError(ErrorCode.POLL_CLOSED, 'The poll is closed');
      if (options.some((o) => !Number.isInteger(o) || o < 0 || o >= poll.options.length)) {
        throw answerInvalid('No such option');
      }
      if (options.length > 1 && !poll.multiple) throw answerInvalid('This poll takes one answer');
      const before = (await tx.polls.choices(chatId, [messageId], caller.userId)).get(messageId) ?? [];
      if (poll.quiz && before.length > 0) throw answerInvalid('A quiz answer cannot be changed');
      if (before.join() === options.join()) {
        return { result: await this.view(tx, caller.userId, row), deliveries: [] };
      }
      await tx.polls.replaceVote(chatId, messageId, caller.userId, options, now);
      const deliveries = await this.pollChanged(tx, chat, row, now, caller.userId);
      deliveries.push(
        ...(await this.tellBot(tx, row, poll, now, { chatId, messageId, userId: caller.userId, options })),
      );
      return { result: await this.view(tx, caller.userId, row), deliveries };
    });
  }

  /** Closes the poll for good: only its author may, and a quiz's answer is shown to all. */
  async close(caller: Caller, chatId: number, messageId: number): Promise<Message> {
    return this.commit(async (tx, now) => {
      const found = await this.visiblePoll(tx, chatId, caller.userId, messageId);
      if (found.row.sender_id !== caller.userId) {
        throw new DomainError(ErrorCode.MESSAGE_AUTHOR_REQUIRED, 'Only the author can close a poll');
      }
      if (found.poll.closed) return { result: await this.view(tx, caller.userId, found.row), deliveries: [] };
      await tx.polls.claimClosing(chatId, messageId);
      const { row, deliveries } = await this.closed(tx, found.chat, found.row, found.poll, now);
      return { result: await this.view(tx, caller.userId, row), deliveries };
    });
  }

  /**
   * Closes a poll whose close date has come (the PollCloser calls it), announced as a manual
   * close is. Only the write that claims the pending close announces it: another node that
   * looked at the same time finds the claim gone and does nothing.
   */
  async closeAtDate(chatId: number, messageId: number): Promise<void> {
    await this.commit(async (tx, now) => {
      const nothing = { result: undefined, deliveries: [] };
      if (!(await tx.polls.claimClosing(chatId, messageId))) return nothing;
      const row = await tx.messages.message(chatId, messageId);
      const chat = await tx.chats.chatById(chatId);
      if (!row || row.deleted || !row.poll || !chat) return nothing;
      const poll = pollFromJson(row.poll);
      if (poll.closed) return nothing;
      return { result: undefined, deliveries: (await this.closed(tx, chat, row, poll, now)).deliveries };
    });
  }

  private async closed(tx: Repositories, chat: ChatRow, found: MessageRow, open: StoredPoll, now: number) {
    const poll: StoredPoll = { ...open, closed: true };
    const row = await tx.messages.updateMessage(chat.id, found.id, { poll: JSON.stringify(poll) });
    const deliveries = await this.pollChanged(tx, chat, row, now);
    deliveries.push(...(await this.tellBot(tx, row, poll, now)));
    return { row, deliveries };
  }

  /** Who chose an option of a public poll (an anonymous poll names nobody: INPUT_INVALID). */
  async voters(
    caller: Caller,
    chatId: number,
    messageId: number,
    option: number,
    limitInput: number,
  ): Promise<PollVoters> {
    const limit = requireLimit(limitInput, 50, 100, 'limit');
    const repos = this.deps.store.read;
    const { poll } = await this.visiblePoll(repos, chatId, caller.userId, messageId);
    if (poll.anonymous) throw answerInvalid('The poll is anonymous');
    if (!Number.isInteger(option) || option >= poll.options.length) throw answerInvalid('No such option');
    const ids = await repos.polls.voters(chatId, messageId, option, limit);
    const users = await repos.accounts.usersByIds(ids);
    return create(PollVotersSchema, {
      userIds: ids.map(wireId),
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
    });
  }

  private async visiblePoll(repos: Repositories, chatId: number, userId: number, messageId: number) {
    const { chat } = await requireMembership(repos, chatId, userId);
    const [row] =
      Number.isInteger(messageId) && messageId > 0
        ? await repos.messages.visibleByIds(chatId, userId, [messageId])
        : [];
    if (!row) throw notFound.message();
    if (!row.poll) throw answerInvalid('The message is not a poll');
    return { chat, row, poll: pollFromJson(row.poll) };
  }

  /**
   * The new counts for every member (for_viewer unset: nobody's choice in it), and for the voter
   * alone their own choice, after it so that their devices end with it.
   */
  private async pollChanged(
    tx: Repositories,
    chat: ChatRow,
    row: MessageRow,
    now: number,
    voterId?: number,
  ): Promise<Delivery[]> {
    const members = (await fanoutMembers(tx, chat)).map((m) => m.user_id);
    const shared = { chatId: wireId(chat.id), messageId: row.id, poll: await pollForEveryone(tx, row) };
    const deliveries = await this.deps.fanout.chatEvent(
      tx,
      chat,
      members,
      { case: 'pollUpdated', value: shared },
      now,
    );
    if (voterId !== undefined) {
      const own = { ...shared, poll: await pollForViewer(tx, row, voterId), forViewer: true };
      deliveries.push(
        await this.deps.fanout.userEvent(tx, voterId, { case: 'pollUpdated', value: own }, now),
      );
    }
    return deliveries;
  }

  /**
   * A bot that sent the poll gets its new state (`poll`), and each vote in a public poll
   * (`poll_answer`), as Telegram's bots do.
   */
  private async tellBot(
    tx: Repositories,
    row: MessageRow,
    poll: StoredPoll,
    now: number,
    answer?: StoredPollAnswer,
  ): Promise<Delivery[]> {
    const bot = await tx.bots.bot(row.sender_id);
    if (!bot) return [];
    let queued = false;
    if (isAllowed(bot.allowed_updates, 'poll')) {
      const state = create(PollUpdatedSchema, {
        chatId: wireId(row.chat_id),
        messageId: row.id,
        poll: await pollForEveryone(tx, row),
      });
      await tx.bots.appendUpdate(bot.user_id, now, 'poll', toBinary(PollUpdatedSchema, state));
      queued = true;
    }
    if (answer && !poll.anonymous && isAllowed(bot.allowed_updates, 'poll_answer')) {
      await tx.bots.appendUpdate(
        bot.user_id,
        now,
        'poll_answer',
        new TextEncoder().encode(JSON.stringify(answer)),
      );
      queued = true;
    }
    return queued ? [wakeUp(bot.user_id, bot.webhook_url !== '').delivery] : [];
  }

  private async view(repos: Repositories, viewerId: number, row: MessageRow): Promise<Message> {
    return (await viewMessages(repos, viewerId, row.chat_id, [row]))[0] as Message;
  }

  private async commit<T>(
    change: (tx: Repositories, now: number) => Promise<{ result: T; deliveries: Delivery[] }>,
  ) {
    const now = this.deps.clock.now();
    const { result, deliveries } = await this.deps.store.write((tx) => change(tx, now));
    this.deps.fanout.publish(deliveries);
    return result;
  }
}
