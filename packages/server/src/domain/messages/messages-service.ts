import { create } from '@bufbuild/protobuf';
import {
  AdminAction,
  ChatKind,
  ErrorCode,
  type InputMedia,
  type InputPoll,
  Limits,
  MediaKind,
  type Message,
  type MessageEntity,
  type MessageList,
  type ReactorList,
  ReactorListSchema,
  type ReplyMarkup,
  ServiceKind,
} from '@peyk/protocol';
import type { ChatMemberRow, ChatRow, MessageRow } from '../../store/schema.js';
import type { Repositories, Store } from '../../store/store.js';
import { checkReplyMarkup } from '../bots/keyboards.js';
import type { Caller } from '../caller.js';
import { logAdminAction } from '../channels/admin-log.js';
import { inSlowMode, type PostAttempt, requireMayPost } from '../channels/posting-rules.js';
import { hasRight, Right, requireRight } from '../channels/rights.js';
import { type Membership, peerOf, requireMembership, requireMembershipAndMembers } from '../chats/access.js';
import type { ChatsService } from '../chats/chats-service.js';
import { fanoutMembers, isMultiMember } from '../chats/large-chats.js';
import type { Clock } from '../clock.js';
import { DomainError, invalidInput, notFound } from '../errors.js';
import { wireId } from '../ids.js';
import type { MediaService } from '../media/media-service.js';
import type { StoredMedia } from '../media/stored-media.js';
import { type OnlineCheck, viewUsers } from '../people/user-view.js';
import { containsLink, searchEntry } from '../search/search-entry.js';
import type { SharedRateLimit } from '../shared-rate-limit.js';
import type { Delivery, Fanout } from '../updates/fanout.js';
import { requireLimit } from '../validate.js';
import { checkAlbumId, checkContent, checkRandomId } from './content.js';
import { AFTER_NEWEST, messageListFor, reactionCounts, toMessage, viewMessages } from './message-view.js';
import { pollForEveryone } from '../polls/poll-view.js';
import { checkPoll } from '../polls/stored-poll.js';
import { mentionedMembers, postMessage } from './posting.js';

const REACTION =
  /^(\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u200d\ufe0f\u{1f3fb}-\u{1f3ff}\u20e3#*0-9])+$/u;

export interface MessagesDeps {
  store: Store;
  clock: Clock;
  fanout: Fanout;
  online: OnlineCheck;
  chats: ChatsService;
  media: MediaService;
  /** Messages per group, supergroup or channel, counted with the other nodes. */
  chatMessages: SharedRateLimit;
  /** Told of every new message after its commit (Web Push to people who are offline). */
  onPosted: (chat: ChatRow, members: readonly ChatMemberRow[], message: MessageRow) => void;
}

export interface SendInput {
  chatId: number;
  randomId: string;
  text: string;
  entities: readonly MessageEntity[];
  replyToId: number;
  media?: InputMedia;
  albumId?: string;
  /** Channels and supergroups: no notification. */
  silent?: boolean;
  /** Supergroups: an admin with the right hides the author. */
  anonymous?: boolean;
  /** Bots only: a keyboard under the message or for the composer. */
  replyMarkup?: ReplyMarkup;
  /** A poll: `text` and `entities` are then empty. */
  poll?: InputPoll;
  /** Sent through this bot's inline mode (the result was checked to be the bot's). */
  viaBotId?: number;
}

/** Sending, forwarding, editing, deleting, reactions, pins, history and read pointers. */
export class MessagesService {
  constructor(private readonly deps: MessagesDeps) {}

  /** Stores the message durably before it resolves; the same random_id returns the original. */
  async send(caller: Caller, input: SendInput): Promise<Message> {
    const randomId = checkRandomId(input.randomId);
    const entities = input.poll ? [] : checkContent(input.text, input.entities, input.media !== undefined);
    const albumId = input.albumId && input.albumId !== '0' ? checkAlbumId(input.albumId) : 0;
    let stored: Parameters<MessagesDeps['onPosted']> | undefined;
    try {
      const message = await this.commit(async (tx, now) => {
        stored = undefined;
        const earlier = await this.alreadySent(caller, randomId, tx);
        if (earlier) return { result: earlier, deliveries: [] };
        const { chat, members } = await this.requireWritable(tx, input.chatId, caller.userId, {
          now,
          hasLink: containsLink(input.text, entities),
          hasMedia: input.media !== undefined,
          anonymous: input.anonymous === true,
        });
        const replyTo = input.replyToId
          ? await this.visible(tx, input.chatId, caller.userId, input.replyToId)
          : undefined;
        const media = input.media ? await this.deps.media.attach(tx, caller, input.media) : undefined;
        if (albumId) await this.requireAlbumRoom(tx, input.chatId, caller.userId, albumId, media);
        const poll = input.poll ? JSON.stringify(checkPoll(input.poll, now)) : undefined;
        const replyMarkup = await checkReplyMarkup(tx, input.viaBotId ?? caller.userId, input.replyMarkup);
        const deliveries = await this.deps.chats.dialogsForMessage(tx, chat, members, now);
        const posted = await postMessage(tx, this.deps.fanout, {
          chat,
          members,
          senderId: caller.userId,
          randomId,
          text: input.text,
          entities,
          replyTo,
          media,
          albumId,
          authorSignature: await signature(tx, chat, caller.userId),
          silent: input.silent === true && isMultiMember(chat),
          anonymous: input.anonymous === true,
          replyMarkup: replyMarkup ?? undefined,
          poll,
          viaBotId: input.viaBotId,
          now,
        });
        if (chat.kind === ChatKind.CHANNEL && chat.linked_chat_id) {
          posted.deliveries.push(...(await this.openDiscussion(tx, chat, posted.row, now)));
        }
        if (input.anonymous) {
          // The author's devices cannot tell the message is theirs: tell them it is read.
          const read = { chatId: wireId(chat.id), maxId: posted.row.id };
          posted.deliveries.push(
            await this.deps.fanout.userEvent(tx, caller.userId, { case: 'readInbox', value: read }, now),
          );
        }
        await tx.messages.recordSent(caller.userId, randomId, {
          chatId: input.chatId,
          messageId: posted.row.id,
        });
        // A new message has no reactions yet: no need to read them.
        stored = [chat, members, posted.row];
        // A poll's author sees a quiz's answer: the poll is read as its author's.
        const result = posted.row.poll
          ? await this.viewOne(tx, caller.userId, posted.row)
          : toMessage(posted.row);
        return { result, deliveries: [...deliveries, ...posted.deliveries] };
      });
      if (stored) this.deps.onPosted(...stored);
      return message;
    } catch (error) {
      // Two nodes raced on the same random_id: the loser returns the winner's message.
      const winner = await this.alreadySent(caller, randomId);
      if (winner) return winner;
      throw error;
    }
  }

  async forward(
    caller: Caller,
    fromChatId: number,
    messageIds: readonly number[],
    toChatId: number,
    randomIdInputs: readonly string[],
  ): Promise<MessageList> {
    if (messageIds.length === 0 || messageIds.length > Limits.forwardBatch) {
      throw invalidInput(`forward 1-${Limits.forwardBatch} messages`);
    }
    if (randomIdInputs.length !== messageIds.length) throw invalidInput('give one random_id per message');
    const randomIds = randomIdInputs.map(checkRandomId);
    let forwarded: Parameters<MessagesDeps['onPosted']>[] = [];
    if (new Set(randomIds).size !== randomIds.length) throw invalidInput('random_ids must differ');
    const messages = await this.commit(async (tx, now) => {
      forwarded = [];
      await requireMembership(tx, fromChatId, caller.userId);
      const attempt = { now, hasLink: false, hasMedia: false, anonymous: false };
      const target = await this.requireWritable(tx, toChatId, caller.userId, attempt);
      const { members } = target;
      const deliveries = await this.deps.chats.dialogsForMessage(tx, target.chat, members, now);
      const rows: MessageRow[] = [];
      for (const [i, messageId] of messageIds.entries()) {
        const randomId = randomIds[i] as number;
        const sent = await tx.messages.sentMessage(caller.userId, randomId);
        const earlier = sent && (await tx.messages.message(sent.chatId, sent.messageId));
        if (earlier) {
          rows.push(earlier);
          continue;
        }
        const source = await this.visible(tx, fromChatId, caller.userId, messageId);
        if (source.service) throw invalidInput('service messages cannot be forwarded');
        // What the forwarded message carries is judged like a message of one's own.
        const hasLink = containsLink(source.text, JSON.parse(source.entities));
        const hasMedia = source.media !== null;
        if (hasLink || hasMedia)
          requireMayPost(target.chat, target.member, { ...attempt, hasLink, hasMedia });
        const origin = source.fwd_user_id
          ? {
              userId: source.fwd_user_id,
              chatId: source.fwd_chat_id,
              messageId: source.fwd_message_id,
              date: source.fwd_date,
            }
          : { userId: source.sender_id, chatId: source.chat_id, messageId: source.id, date: source.date };
        const posted = await postMessage(tx, this.deps.fanout, {
          chat: target.chat,
          members,
          senderId: caller.userId,
          randomId,
          text: source.text,
          entities: JSON.parse(source.entities),
          forward: origin,
          // The stored file is shared, never uploaded again.
          media: source.media ? JSON.parse(source.media) : undefined,
          // A forwarded poll is a copy with votes of its own.
          poll: source.poll ?? undefined,
          authorSignature: await signature(tx, target.chat, caller.userId),
          now,
        });
        await tx.messages.recordSent(caller.userId, randomId, { chatId: toChatId, messageId: posted.row.id });
        forwarded.push([target.chat, members, posted.row]);
        deliveries.push(...posted.deliveries);
        rows.push(posted.row);
      }
      return { result: rows, deliveries };
    });
    for (const posted of forwarded) this.deps.onPosted(...posted);
    return this.messageList(this.deps.store.read, caller.userId, toChatId, messages);
  }

  async edit(
    caller: Caller,
    chatId: number,
    messageId: number,
    text: string,
    entitiesInput: readonly MessageEntity[],
    /** Bots: the new keyboard (an unspecified kind removes it); undefined keeps the current one. */
    replyMarkup?: ReplyMarkup,
  ) {
    return this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      const message = await this.visible(tx, chatId, caller.userId, messageId);
      const entities = checkContent(text, entitiesInput, message.media !== null);
      // In a channel, an admin with the right edits others' posts too.
      const editor =
        message.sender_id === caller.userId ||
        (chat.kind === ChatKind.CHANNEL && hasRight(chat, member, Right.EDIT_MESSAGES));
      if (!editor || message.service || message.fwd_user_id || message.poll) {
        throw new DomainError(ErrorCode.MESSAGE_AUTHOR_REQUIRED, 'Only the author can edit a message');
      }
      const members = await fanoutMembers(tx, chat);
      const replyTo = message.reply_to_id
        ? await tx.messages.message(chatId, message.reply_to_id)
        : undefined;
      const row = await tx.messages.updateMessage(chatId, messageId, {
        text,
        entities: JSON.stringify(entities),
        edit_date: now,
        ...(replyMarkup ? { reply_markup: await checkReplyMarkup(tx, caller.userId, replyMarkup) } : {}),
      });
      await tx.messages.setMentions(
        chatId,
        messageId,
        await mentionedMembers(tx, { chat, members, senderId: caller.userId, text, entities, replyTo }),
      );
      const entry = searchEntry(row);
      if (entry) await tx.search.put(entry);
      else await tx.search.remove(chatId, messageId);
      return {
        result: await this.viewOne(tx, caller.userId, row),
        deliveries: await this.edited(tx, chat, row, members, now),
      };
    });
  }

  async delete(
    caller: Caller,
    chatId: number,
    messageIds: readonly number[],
    forEveryone: boolean,
  ): Promise<void> {
    if (messageIds.length === 0 || messageIds.length > Limits.deleteBatch) {
      throw invalidInput(`delete 1-${Limits.deleteBatch} messages`);
    }
    await this.commit(async (tx, now) => {
      const { chat, member } = await requireMembership(tx, chatId, caller.userId);
      const rows = await tx.messages.visibleByIds(chatId, caller.userId, messageIds);
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return { result: undefined, deliveries: [] };
      if (!forEveryone) {
        await tx.messages.hide(caller.userId, chatId, ids);
        const value = { chatId: wireId(chatId), ids, forEveryone: false };
        return {
          result: undefined,
          deliveries: [
            await this.deps.fanout.userEvent(tx, caller.userId, { case: 'messagesDeleted', value }, now),
          ],
        };
      }
      const others = rows.filter((r) => r.sender_id !== caller.userId).map((r) => r.id);
      if (others.length > 0 && chat.kind !== ChatKind.PRIVATE) {
        requireRight(chat, member, Right.DELETE_MESSAGES);
        await logAdminAction(tx, chat, caller.userId, AdminAction.MESSAGE_DELETED, now, {
          details: others.join(','),
        });
      }
      for (const id of ids) {
        await tx.messages.updateMessage(chatId, id, {
          deleted: 1,
          text: '',
          entities: '[]',
          service: null,
          pinned: 0,
          media: null,
          poll: null,
        });
        await tx.messages.setMentions(chatId, id, []);
        await tx.search.remove(chatId, id);
      }
      await tx.messages.removeReactionsOf(chatId, ids);
      await tx.polls.removeVotesOf(chatId, ids);
      await tx.files.detach(chatId, ids);
      const members = (await fanoutMembers(tx, chat)).map((m) => m.user_id);
      const value = { chatId: wireId(chatId), ids, forEveryone: true };
      const deliveries = await this.deps.fanout.chatEvent(
        tx,
        chat,
        members,
        { case: 'messagesDeleted', value },
        now,
      );
      return { result: undefined, deliveries };
    });
  }

  async setReaction(caller: Caller, chatId: number, messageId: number, emoji: string): Promise<Message> {
    if (emoji !== '' && (emoji.length > 16 || !REACTION.test(emoji))) {
      throw new DomainError(ErrorCode.REACTION_INVALID, 'A reaction is one emoji');
    }
    return this.commit(async (tx, now) => {
      const { chat } = await requireMembership(tx, chatId, caller.userId);
      const message = await this.visible(tx, chatId, caller.userId, messageId);
      const before = (await tx.messages.reactions(chatId, [messageId])).find(
        (r) => r.user_id === caller.userId,
      );
      if ((before?.emoji ?? '') === emoji)
        return { result: await this.viewOne(tx, caller.userId, message), deliveries: [] };
      if (emoji)
        await tx.messages.setReaction({
          chat_id: chatId,
          message_id: messageId,
          user_id: caller.userId,
          emoji,
          date: now,
        });
      else await tx.messages.removeReaction(chatId, messageId, caller.userId);
      const members = (await fanoutMembers(tx, chat)).map((m) => m.user_id);
      const value = {
        chatId: wireId(chatId),
        messageId,
        userId: wireId(caller.userId),
        emoji,
        reactions: reactionCounts(await tx.messages.reactions(chatId, [messageId])),
      };
      const deliveries = await this.deps.fanout.chatEvent(
        tx,
        chat,
        members,
        { case: 'reactionChanged', value },
        now,
      );
      return { result: await this.viewOne(tx, caller.userId, message), deliveries };
    });
  }

  async listReactors(caller: Caller, chatId: number, messageId: number): Promise<ReactorList> {
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    await this.visible(repos, chatId, caller.userId, messageId);
    const rows = await repos.messages.reactions(chatId, [messageId]);
    const users = await repos.accounts.usersByIds(rows.map((r) => r.user_id));
    return create(ReactorListSchema, {
      reactors: rows.map((r) => ({ userId: wireId(r.user_id), emoji: r.emoji, date: r.date })),
      users: await viewUsers(repos, this.deps.online, caller.userId, users),
    });
  }

  async setPinned(caller: Caller, chatId: number, messageId: number, pinned: boolean): Promise<Message> {
    let notice: Parameters<MessagesDeps['onPosted']> | undefined;
    const result = await this.commit(async (tx, now) => {
      notice = undefined;
      const chat = await requirePinner(tx, chatId, caller.userId);
      const message = await this.visible(tx, chatId, caller.userId, messageId);
      if (message.service) throw invalidInput('service messages cannot be pinned');
      if ((message.pinned === 1) === pinned)
        return { result: await this.viewOne(tx, caller.userId, message), deliveries: [] };
      const members = await fanoutMembers(tx, chat);
      const change = { chat, members, actorId: caller.userId, now };
      const { row, deliveries } = await this.changePin(tx, change, messageId, pinned);
      if (pinned) {
        const service = { kind: ServiceKind.MESSAGE_PINNED, userIds: [], messageId };
        const posted = await postMessage(tx, this.deps.fanout, {
          chat,
          members,
          senderId: caller.userId,
          randomId: 0,
          text: '',
          entities: [],
          service,
          now,
        });
        deliveries.push(...posted.deliveries);
        notice = [chat, members, posted.row];
      }
      return { result: await this.viewOne(tx, caller.userId, row), deliveries };
    });
    if (notice) this.deps.onPosted(...notice);
    return result;
  }

  /** Unpins every pinned message of the chat, each as setPinned unpins one. */
  unpinAll(caller: Caller, chatId: number): Promise<void> {
    return this.unpinSome(caller, chatId, (pinned) => pinned);
  }

  /** Unpins the chat's newest pinned message; with none pinned, nothing changes. */
  unpinNewest(caller: Caller, chatId: number): Promise<void> {
    return this.unpinSome(caller, chatId, (pinned) => pinned.slice(-1));
  }

  private async unpinSome(caller: Caller, chatId: number, pick: (pinned: MessageRow[]) => MessageRow[]) {
    await this.commit(async (tx, now) => {
      const chat = await requirePinner(tx, chatId, caller.userId);
      const change = { chat, members: await fanoutMembers(tx, chat), actorId: caller.userId, now };
      const deliveries: Delivery[] = [];
      for (const message of pick(await tx.messages.pinnedMessages(chatId))) {
        deliveries.push(...(await this.changePin(tx, change, message.id, false)).deliveries);
      }
      return { result: undefined, deliveries };
    });
  }

  /** Pins or unpins one message, logged for the admins and shown to the members as an edit. */
  private async changePin(
    tx: Repositories,
    change: { chat: ChatRow; members: readonly ChatMemberRow[]; actorId: number; now: number },
    messageId: number,
    pinned: boolean,
  ) {
    const { chat, members, actorId, now } = change;
    await logAdminAction(tx, chat, actorId, AdminAction.MESSAGE_PINNED, now, {
      details: `${messageId} ${pinned ? 'pinned' : 'unpinned'}`,
    });
    const row = await tx.messages.updateMessage(chat.id, messageId, { pinned: pinned ? 1 : 0 });
    return { row, deliveries: await this.edited(tx, chat, row, members, now) };
  }

  async history(
    caller: Caller,
    chatId: number,
    anchorId: number,
    beforeInput: number,
    after: number,
  ): Promise<MessageList> {
    const before = requireLimit(beforeInput, after === 0 ? 50 : 0, Limits.historyPage, 'before');
    if (after > Limits.historyPage) throw invalidInput(`after must be 0..${Limits.historyPage}`);
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    const anchor = anchorId === 0 ? AFTER_NEWEST : anchorId;
    const [older, newer] = await Promise.all([
      repos.messages.visibleBefore(chatId, caller.userId, anchor, before),
      anchorId === 0 ? [] : repos.messages.visibleAfter(chatId, caller.userId, anchor - 1, after),
    ]);
    return this.messageList(repos, caller.userId, chatId, [...older.reverse(), ...newer]);
  }

  async getMessages(caller: Caller, chatId: number, ids: readonly number[]): Promise<MessageList> {
    if (ids.length > Limits.historyPage) throw invalidInput(`at most ${Limits.historyPage} ids`);
    const repos = this.deps.store.read;
    await requireMembership(repos, chatId, caller.userId);
    return this.messageList(
      repos,
      caller.userId,
      chatId,
      await repos.messages.visibleByIds(chatId, caller.userId, ids),
    );
  }

  /**
   * Moves the caller's read pointer forward; their other devices see read_inbox, and each other
   * member whose messages are now read by someone sees read_outbox.
   */
  async readHistory(caller: Caller, chatId: number, maxId: number): Promise<void> {
    await this.commit(async (tx, now) => {
      const { chat } = await requireMembership(tx, chatId, caller.userId);
      const dialog = await tx.chats.dialog(caller.userId, chatId);
      const upTo = Math.min(maxId, chat.last_message_id);
      if (!dialog || upTo <= dialog.read_inbox_max_id) return { result: undefined, deliveries: [] };
      // Large chats have no read receipts: a read touches the reader's rows only.
      const members = await fanoutMembers(tx, chat);
      await tx.chats.updateDialog(caller.userId, chatId, { read_inbox_max_id: upTo });
      await tx.chats.setMemberRead(chatId, caller.userId, upTo);
      const deliveries: Delivery[] = [
        await this.deps.fanout.userEvent(
          tx,
          caller.userId,
          { case: 'readInbox', value: { chatId: wireId(chatId), maxId: upTo } },
          now,
        ),
      ];
      for (const other of members) {
        if (other.user_id === caller.userId) continue;
        const seenBefore = Math.max(
          0,
          ...members.filter((m) => m.user_id !== other.user_id).map((m) => m.read_inbox_max_id),
        );
        if (upTo <= seenBefore) continue;
        const value = { chatId: wireId(chatId), maxId: upTo, readerId: wireId(caller.userId) };
        deliveries.push(
          await this.deps.fanout.userEvent(tx, other.user_id, { case: 'readOutbox', value }, now),
        );
      }
      return { result: undefined, deliveries };
    });
  }

  private async commit<T>(
    change: (tx: Repositories, now: number) => Promise<{ result: T; deliveries: Delivery[] }>,
  ) {
    const now = this.deps.clock.now();
    const { result, deliveries } = await this.deps.store.write((tx) => change(tx, now));
    this.deps.fanout.publish(deliveries);
    return result;
  }

  /**
   * Copies a new channel post into the channel's discussion group, where comments reply to the
   * copy, and tells the channel which message that is.
   */
  private async openDiscussion(tx: Repositories, channel: ChatRow, post: MessageRow, now: number) {
    const group = await tx.chats.chatById(channel.linked_chat_id);
    if (!group) return [];
    const copy = await postMessage(tx, this.deps.fanout, {
      chat: group,
      members: await fanoutMembers(tx, group),
      senderId: post.sender_id,
      randomId: 0,
      text: post.text,
      entities: JSON.parse(post.entities),
      forward: { userId: post.sender_id, chatId: channel.id, messageId: post.id, date: post.date },
      now,
    });
    const linked = await tx.messages.updateMessage(channel.id, post.id, {
      discussion_message_id: copy.row.id,
    });
    return [...copy.deliveries, ...(await this.edited(tx, channel, linked, [], now))];
  }

  /**
   * A member may write unless this is a private chat where either side has blocked the other or
   * whose other side deleted their account, or the rules of a channel or supergroup refuse it
   * (rights, restrictions, slow mode), or the chat has had too many messages (a group's, a
   * channel's, counted on every node). The members come back for small chats only.
   */
  private async requireWritable(
    tx: Repositories,
    chatId: number,
    userId: number,
    attempt: PostAttempt,
  ): Promise<Membership & { members: ChatMemberRow[] }> {
    const { members, ...membership } = await requireMembershipAndMembers(tx, chatId, userId);
    requireMayPost(membership.chat, membership.member, attempt);
    if (membership.chat.kind !== ChatKind.PRIVATE) {
      // Counted only for members allowed to post: nobody else can use up a chat's messages.
      const wait = this.deps.chatMessages.take(chatId);
      if (wait > 0) {
        throw new DomainError(ErrorCode.FLOOD_WAIT, `Too many messages in this chat: wait ${wait} s`, wait);
      }
    }
    if (inSlowMode(membership.chat, membership.member)) {
      await tx.chats.updateMember(chatId, userId, { last_sent_at: attempt.now });
    }
    if (membership.chat.kind === ChatKind.PRIVATE) {
      const peerId = peerOf(members, userId);
      const peer = await tx.people.peerState(userId, peerId);
      if (peerId !== userId && peer.blocked) {
        throw new DomainError(ErrorCode.USER_BLOCKED, 'You cannot write to this user');
      }
      if (peer.deleted) {
        throw new DomainError(ErrorCode.USER_NOT_FOUND, 'This account was deleted');
      }
    }
    return { ...membership, members };
  }

  /** An album holds up to Limits.albumSize photos and videos of one sender. */
  private async requireAlbumRoom(
    tx: Repositories,
    chatId: number,
    senderId: number,
    albumId: number,
    media: StoredMedia | undefined,
  ): Promise<void> {
    if (media?.kind !== MediaKind.PHOTO && media?.kind !== MediaKind.VIDEO) {
      throw new DomainError(ErrorCode.ALBUM_INVALID, 'An album holds photos and videos only');
    }
    const members = await tx.messages.albumMessages(chatId, albumId);
    if (members.some((m) => m.sender_id !== senderId) || members.length >= Limits.albumSize) {
      throw new DomainError(ErrorCode.ALBUM_INVALID, `An album holds at most ${Limits.albumSize} messages`);
    }
  }

  private async visible(
    repos: Repositories,
    chatId: number,
    viewerId: number,
    messageId: number,
  ): Promise<MessageRow> {
    const [row] =
      Number.isInteger(messageId) && messageId > 0
        ? await repos.messages.visibleByIds(chatId, viewerId, [messageId])
        : [];
    if (!row) throw notFound.message();
    return row;
  }

  private async alreadySent(
    caller: Caller,
    randomId: number,
    repos = this.deps.store.read,
  ): Promise<Message | undefined> {
    const sent = await repos.messages.sentMessage(caller.userId, randomId);
    const row = sent && (await repos.messages.message(sent.chatId, sent.messageId));
    return row ? this.viewOne(repos, caller.userId, row) : undefined;
  }

  private async viewOne(repos: Repositories, viewerId: number, row: MessageRow): Promise<Message> {
    return (await viewMessages(repos, viewerId, row.chat_id, [row]))[0] as Message;
  }

  private async edited(
    tx: Repositories,
    chat: ChatRow,
    row: MessageRow,
    members: readonly ChatMemberRow[],
    now: number,
  ) {
    const message = toMessage(row, reactionCounts(await tx.messages.reactions(row.chat_id, [row.id])));
    message.randomId = '0';
    if (row.poll) message.poll = await pollForEveryone(tx, row);
    return this.deps.fanout.chatEvent(
      tx,
      chat,
      members.map((m) => m.user_id),
      { case: 'messageEdited', value: message },
      now,
    );
  }

  private messageList(repos: Repositories, viewerId: number, chatId: number, rows: MessageRow[]) {
    return messageListFor(repos, this.deps.online, viewerId, chatId, rows);
  }
}

/** A member who may pin: in a group or channel, one with the right to pin. */
async function requirePinner(tx: Repositories, chatId: number, userId: number): Promise<ChatRow> {
  const { chat, member } = await requireMembership(tx, chatId, userId);
  if (isMultiMember(chat)) requireRight(chat, member, Right.PIN_MESSAGES);
  return chat;
}

/** A signed channel's posts carry their author's name. */
async function signature(tx: Repositories, chat: ChatRow, authorId: number): Promise<string> {
  if (chat.kind !== ChatKind.CHANNEL || chat.signatures !== 1) return '';
  return (await tx.accounts.userById(authorId))?.display_name ?? '';
}
