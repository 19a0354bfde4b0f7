import type { Subscription } from './bus.js';

/** A subscriber's callback: receives one published payload. */
export type BusHandler = (payload: Uint8Array) => void;

export interface SubjectHandlersHooks {
  /** The subject got its first local subscriber: subscribe to it below (once for the node). */
  onFirst?(subject: string): void;
  /** The subject lost its last local subscriber: unsubscribe below. */
  onLast?(subject: string): void;
  /** A handler threw; the others still run and the publisher never sees it. */
  onError?(error: unknown): void;
}

/**
 * One handler of one subject. Its own `unsubscribe` (no closure per subscription): a node holds
 * a few of these for every connection, so their size is memory per connection.
 */
class HandlerSubscription implements Subscription {
  constructor(
    private readonly owner: SubjectHandlers,
    readonly subject: string,
    readonly handler: BusHandler,
  ) {}

  unsubscribe(): void {
    this.owner.remove(this);
  }
}

/**
 * The local subscribers of one node, by subject. Every bus keeps its handlers here, so that
 * however many sessions on a node watch a subject (one user's devices, or later the members of a
 * large chat), the transport below holds one subscription for it: `onFirst` and `onLast` tell the
 * bus when to open and close that one subscription, and `dispatch` fans each message in to every
 * local handler.
 */
export class SubjectHandlers {
  /**
   * A subject's subscriptions in subscription order: most subjects have one (a session, a user
   * with one device), held as itself; more are an array that is replaced, never changed, so a
   * dispatch running over it is not disturbed by (un)subscribing.
   */
  private readonly bySubject = new Map<string, HandlerSubscription | readonly HandlerSubscription[]>();

  constructor(private readonly hooks: SubjectHandlersHooks = {}) {}

  add(subject: string, handler: BusHandler): Subscription {
    const subscription = new HandlerSubscription(this, subject, handler);
    const current = this.bySubject.get(subject);
    if (current === undefined) {
      this.bySubject.set(subject, subscription);
      this.hooks.onFirst?.(subject);
    } else {
      this.bySubject.set(subject, [...subscriptionsIn(current), subscription]);
    }
    return subscription;
  }

  /** Drops one subscription (a second time does nothing); the subject's last one calls `onLast`. */
  remove(subscription: HandlerSubscription): void {
    const { subject } = subscription;
    const current = this.bySubject.get(subject);
    if (current === undefined) return;
    const rest = subscriptionsIn(current).filter((other) => other !== subscription);
    if (rest.length === subscriptionsIn(current).length) return;
    if (rest.length === 0) {
      this.bySubject.delete(subject);
      this.hooks.onLast?.(subject);
    } else {
      this.bySubject.set(subject, rest.length === 1 ? (rest[0] as HandlerSubscription) : rest);
    }
  }

  /** Runs every handler of the subject, in subscription order, each isolated from the others. */
  dispatch(subject: string, payload: Uint8Array): void {
    const current = this.bySubject.get(subject);
    if (current === undefined) return;
    if (current instanceof HandlerSubscription) this.run(current, payload);
    else for (const subscription of current) this.run(subscription, payload);
  }

  private run({ handler }: HandlerSubscription, payload: Uint8Array): void {
    try {
      handler(payload);
    } catch (error) {
      this.hooks.onError?.(error);
    }
  }

  /** Forgets every handler without calling `onLast` (the bus below is closing as a whole). */
  clear(): void {
    this.bySubject.clear();
  }
}

function subscriptionsIn(
  held: HandlerSubscription | readonly HandlerSubscription[],
): readonly HandlerSubscription[] {
  return held instanceof HandlerSubscription ? [held] : held;
}
