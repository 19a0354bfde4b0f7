/** A live subscription; `unsubscribe` is idempotent. */
export interface Subscription {
  unsubscribe(): void;
}

/**
 * Carries live events between the domain and the connections, within a node or across nodes.
 *
 * Guarantees every implementation keeps:
 * - Per subject, messages reach each subscriber in the order they were published by one node.
 * - Delivery is at most once and not durable: a subscriber that is slow, disconnected or on a
 *   node that failed may miss messages. Nothing depends on the bus for durability: every
 *   persistent change is in the store first, and clients recover what they missed from their
 *   update sequence (pts) with getDifference.
 * - A handler never runs inside `publish`'s caller's stack after `publish` throws; handler errors
 *   are isolated from the publisher and from other handlers.
 */
export interface Bus {
  publish(subject: string, payload: Uint8Array): void;
  subscribe(subject: string, handler: (payload: Uint8Array) => void): Subscription;
  /**
   * Calls `listener` each time the bus comes back after being cut off (a NATS restart): what was
   * published meanwhile may be lost, so whoever relays live events should make its clients catch
   * up. Returns a function that stops listening. The in-process bus is never cut off.
   */
  onResume(listener: () => void): () => void;
  close(): Promise<void>;
}
