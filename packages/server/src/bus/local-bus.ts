import type { Bus, Subscription } from './bus.js';
import { type BusHandler, SubjectHandlers } from './subject-handlers.js';

/**
 * The in-process bus of the embedded mode. Handlers run synchronously, in subscription order,
 * in the publisher's turn of the event loop, so per-subject order is the publish order.
 */
export class LocalBus implements Bus {
  private readonly handlers: SubjectHandlers;

  constructor(onHandlerError: (error: unknown) => void = () => {}) {
    this.handlers = new SubjectHandlers({ onError: onHandlerError });
  }

  publish(subject: string, payload: Uint8Array): void {
    this.handlers.dispatch(subject, payload);
  }

  onResume(): () => void {
    return () => {};
  }

  subscribe(subject: string, handler: BusHandler): Subscription {
    return this.handlers.add(subject, handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
