import { create, fromBinary, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { type Update, UpdateSchema } from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { ChatMemberRow, ChatRow } from '../../store/schema.js';
import type { Repositories } from '../../store/store.js';
import { isLarge } from '../chats/large-chats.js';
import { wireId } from '../ids.js';

/**
 * An encoded update stamped with its pts, ready to publish once its write has committed: on one
 * user's subject, or on a large chat's subject for every member watching it.
 */
export interface Delivery {
  subject: string;
  payload: Uint8Array;
}

/** A bot's queue got something from a chat event: wake its long polls or its webhook sender. */
export interface BotWake {
  botId: number;
  delivery: Delivery;
}

/**
 * Sees every chat's events inside their write and queues them for the chat's bots: in a small
 * chat the bots among the recipients (the wake-ups it returns replace their deliveries), in a
 * large chat (`recipients` undefined) the bots among its members.
 */
export type ChatEventFeed = (
  tx: Repositories,
  chatId: number,
  recipients: readonly number[] | undefined,
  update: Update,
  date: number,
) => Promise<BotWake[]>;

/** A member's row before and after a change of their standing in a group, supergroup or channel. */
export interface MemberChange {
  chatId: number;
  userId: number;
  actorId: number;
  before?: ChatMemberRow;
  after?: ChatMemberRow;
  /** Removed by a ban: until when (0: until unbanned). */
  bannedUntil?: number;
  /** A private chat with a bot: the person blocked the bot (kicked) or unblocked it (member). */
  blocked?: { before: boolean; after: boolean };
}

/** Feeds the bots of a chat with membership changes and join requests, inside their write. */
export interface MemberFeeds {
  memberChanged(tx: Repositories, change: MemberChange, date: number): Promise<BotWake[]>;
  joinRequested(
    tx: Repositories,
    request: { chatId: number; userId: number; link: string },
    date: number,
  ): Promise<BotWake[]>;
}

/** What an update says, as an init shape: `{ case: 'newMessage', value: message }`. */
export type UpdateKind = MessageInitShape<typeof UpdateSchema>['kind'];

/**
 * Records persistent updates in the store (inside a write) and publishes them (after the commit).
 * This is the only place that gives out pts and the only place that publishes updates.
 */
export class Fanout {
  constructor(
    private readonly bus: Bus,
    private readonly feed?: ChatEventFeed,
    private readonly members?: MemberFeeds,
  ) {}

  /** A member's standing changed: the chat's bots hear of it (my_chat_member, chat_member). */
  async memberChanged(tx: Repositories, change: MemberChange, date: number): Promise<Delivery[]> {
    const wakes = this.members ? await this.members.memberChanged(tx, change, date) : [];
    return wakes.map((wake) => wake.delivery);
  }

  /** Someone asked to join a chat: its admin bots hear of it (chat_join_request). */
  async joinRequested(
    tx: Repositories,
    request: { chatId: number; userId: number; link: string },
    date: number,
  ): Promise<Delivery[]> {
    const wakes = this.members ? await this.members.joinRequested(tx, request, date) : [];
    return wakes.map((wake) => wake.delivery);
  }

  /**
   * A change to a chat's history: one chat event. In a small chat each recipient also gets a
   * pointer to it in their own sequence; a large chat (channel, supergroup) writes nothing per
   * member: the event, stamped with the chat's pts, goes out once on the chat's subject, and
   * members who were away catch up with the chat's difference. `recipients` is ignored there.
   */
  async chatEvent(
    tx: Repositories,
    chat: ChatRow,
    recipients: readonly number[],
    kind: UpdateKind,
    date: number,
    /** The event's chat pts when already taken under the chat's row lock (with a message id). */
    takenPts?: number,
  ): Promise<Delivery[]> {
    const chatId = chat.id;
    const large = isLarge(chat);
    const shared = create(UpdateSchema, { pts: 0, date, kind, sequenceChatId: large ? wireId(chatId) : '0' });
    const stored = toBinary(UpdateSchema, shared);
    const chatPts = takenPts ?? (await tx.updates.appendChatEvent(chatId, date, stored));
    if (takenPts !== undefined) await tx.updates.insertChatEvent(chatId, takenPts, date, stored);
    if (large) {
      const forEveryone =
        shared.kind.case === 'newMessage' ? toBinary(UpdateSchema, personalize(shared, 0, 0)) : stored;
      const wakes = this.feed ? await this.feed(tx, chatId, undefined, shared, date) : [];
      return [
        { subject: subjects.chat(chatId), payload: stampPts(forEveryone, chatPts) },
        ...wakes.map((wake) => wake.delivery),
      ];
    }
    // Encoded once for everyone (and once more for a sender, who alone sees the random_id);
    // each recipient's copy only gets its pts in front.
    const senderId = shared.kind.case === 'newMessage' ? shared.kind.value.senderId : undefined;
    const forOthers = senderId ? toBinary(UpdateSchema, personalize(shared, 0, 0)) : stored;
    const wakes = this.feed ? await this.feed(tx, chatId, recipients, shared, date) : [];
    const bots = new Set(wakes.map((wake) => wake.botId));
    const deliveries: Delivery[] = wakes.map((wake) => wake.delivery);
    const ptsByUser = await tx.updates.appendChatEventPointers(recipients, date, chatId, chatPts);
    for (const userId of new Set(recipients)) {
      if (bots.has(userId)) continue;
      const pts = ptsByUser.get(userId) as number;
      const payload = stampPts(wireId(userId) === senderId ? stored : forOthers, pts);
      deliveries.push({ subject: subjects.user(userId), payload });
    }
    return deliveries;
  }

  /** A change seen by one user only (their read pointer, dialog settings, a chat they left...). */
  async userEvent(tx: Repositories, userId: number, kind: UpdateKind, date: number): Promise<Delivery> {
    const payload = toBinary(UpdateSchema, create(UpdateSchema, { pts: 0, date, kind }));
    const pts = await tx.updates.appendUserUpdate(userId, date, { payload });
    return { subject: subjects.user(userId), payload: stampPts(payload, pts) };
  }

  /** Changes seen by one user each (the same kind of change told to many users at once). */
  async userEvents(
    tx: Repositories,
    events: readonly { userId: number; kind: UpdateKind }[],
    date: number,
  ): Promise<Delivery[]> {
    const encoded = events.map(({ userId, kind }) => ({
      userId,
      payload: toBinary(UpdateSchema, create(UpdateSchema, { pts: 0, date, kind })),
    }));
    const ptsByUser = await tx.updates.appendUserUpdates(date, encoded);
    return encoded.map(({ userId, payload }) => ({
      subject: subjects.user(userId),
      payload: stampPts(payload, ptsByUser.get(userId) as number),
    }));
  }

  publish(deliveries: readonly Delivery[]): void {
    for (const { subject, payload } of deliveries) this.bus.publish(subject, payload);
  }

  /**
   * Tells the user's connections on every node to start (or stop) watching a large chat's
   * subject. Not stored: a connection reads the chats it watches from the store when it signs in.
   * Put it before the update that tells the user they joined.
   */
  watch(userId: number, chatId: number, watch: boolean): Delivery {
    return { subject: subjects.watch(userId), payload: encodeWatch(chatId, watch) };
  }

  /** Typing and presence: not stored, pts 0, lost if nobody is listening. */
  publishEphemeral(userIds: Iterable<number>, kind: UpdateKind, date: number): void {
    const payload = toBinary(UpdateSchema, create(UpdateSchema, { pts: 0, date, kind }));
    for (const userId of userIds) this.bus.publish(subjects.user(userId), payload);
  }
}

/** The update as `viewerId` sees it: their pts, and a random_id only on their own new messages. */
export function personalize(shared: Update, viewerId: number, pts: number): Update {
  const update = fromBinary(UpdateSchema, toBinary(UpdateSchema, shared));
  update.pts = pts;
  if (update.kind.case === 'newMessage' && update.kind.value.senderId !== wireId(viewerId)) {
    update.kind.value.randomId = '0';
  }
  return update;
}

/**
 * Sets pts on an Update encoded without one: proto3 leaves a zero pts out, so field 1 (varint)
 * goes in front, where a decoder reads it like any other field.
 */
export function stampPts(unstamped: Uint8Array, pts: number): Uint8Array {
  const varint: number[] = [];
  for (let rest = pts; ; rest = Math.floor(rest / 128)) {
    if (rest < 0x80) {
      varint.push(rest);
      break;
    }
    varint.push((rest & 0x7f) | 0x80);
  }
  const stamped = new Uint8Array(1 + varint.length + unstamped.length);
  stamped[0] = 0x08;
  stamped.set(varint, 1);
  stamped.set(unstamped, 1 + varint.length);
  return stamped;
}

/** A watch control message: the chat id, negative to stop watching. */
export function encodeWatch(chatId: number, watch: boolean): Uint8Array {
  return new TextEncoder().encode(String(watch ? chatId : -chatId));
}

export function decodeWatch(payload: Uint8Array): { chatId: number; watch: boolean } {
  const value = Number(new TextDecoder().decode(payload));
  return { chatId: Math.abs(value), watch: value > 0 };
}
