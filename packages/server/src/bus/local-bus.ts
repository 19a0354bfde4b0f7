import type { Bus, Subscription } from './bus.js';

/**
 * The in-process bus of the embedded mode. Handlers run synchronously, in subscription order,
 * in the publisher's turn of the event loop, so per-subject order is the publish order.
 */
export class LocalBus implements Bus {
  private readonly handlers = new Map<string, Set<(payload: Uint8Array) => void>>();

  constructor(private readonly onHandlerError: (error: unknown) => void = () => {}) {}

  publish(subject: string, payload: Uint8Array): void {
    const handlers = this.handlers.get(subject);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      try {
        handler(payload);
      } catch (error) {
        this.onHandlerError(error);
      }
    }
  }

  subscribe(subject: string, handler: (payload: Uint8Array) => void): Subscription {
    let set = this.handlers.get(subject);
    if (!set) {
      set = new Set();
      this.handlers.set(subject, set);
    }
    set.add(handler);
    return {
      unsubscribe: () => {
        const current = this.handlers.get(subject);
        if (!current) return;
        current.delete(handler);
        if (current.size === 0) this.handlers.delete(subject);
      },
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
