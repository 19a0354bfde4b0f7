import { create, fromBinary, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { type Update, UpdateSchema } from '@peyk/protocol';
import type { Bus } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import type { Repositories } from '../../store/store.js';
import { wireId } from '../ids.js';

/** An encoded update stamped with one user's pts, ready to publish once its write has committed. */
export interface Delivery {
  userId: number;
  payload: Uint8Array;
  /** Where to publish, when not the user's subject (a bot's wake-up). */
  subject?: string;
}

/**
 * Sees every chat event inside its write and returns wake-ups for the users it queued something
 * for (bots), which replace those users' deliveries.
 */
export type ChatEventFeed = (
  tx: Repositories,
  chatId: number,
  recipients: readonly number[],
  update: Update,
  date: number,
) => Promise<Delivery[]>;

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
  ) {}

  /**
   * A change to a chat's history: one chat event, and for each recipient a pointer to it in their
   * own sequence.
   */
  async chatEvent(
    tx: Repositories,
    chatId: number,
    recipients: readonly number[],
    kind: UpdateKind,
    date: number,
  ): Promise<Delivery[]> {
    const shared = create(UpdateSchema, { pts: 0, date, kind });
    const stored = toBinary(UpdateSchema, shared);
    const chatPts = await tx.updates.appendChatEvent(chatId, date, stored);
    // Encoded once for everyone (and once more for a sender, who alone sees the random_id);
    // each recipient's copy only gets its pts in front.
    const senderId = shared.kind.case === 'newMessage' ? shared.kind.value.senderId : undefined;
    const forOthers = senderId ? toBinary(UpdateSchema, personalize(shared, 0, 0)) : stored;
    const deliveries: Delivery[] = [];
    for (const userId of recipients) {
      const pts = await tx.updates.appendUserUpdate(userId, date, { chatId, chatPts });
      deliveries.push({ userId, payload: stampPts(wireId(userId) === senderId ? stored : forOthers, pts) });
    }
    const wakes = this.feed ? await this.feed(tx, chatId, recipients, shared, date) : [];
    if (wakes.length === 0) return deliveries;
    const woken = new Set(wakes.map((wake) => wake.userId));
    return [...deliveries.filter((delivery) => !woken.has(delivery.userId)), ...wakes];
  }

  /** A change seen by one user only (their read pointer, dialog settings, a chat they left...). */
  async userEvent(tx: Repositories, userId: number, kind: UpdateKind, date: number): Promise<Delivery> {
    const payload = toBinary(UpdateSchema, create(UpdateSchema, { pts: 0, date, kind }));
    const pts = await tx.updates.appendUserUpdate(userId, date, { payload });
    return { userId, payload: stampPts(payload, pts) };
  }

  publish(deliveries: readonly Delivery[]): void {
    for (const { userId, payload, subject } of deliveries) {
      this.bus.publish(subject ?? subjects.user(userId), payload);
    }
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
