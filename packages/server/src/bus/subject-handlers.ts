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
 * The local subscribers of one node, by subject. Every bus keeps its handlers here, so that
 * however many sessions on a node watch a subject (one user's devices, or later the members of a
 * large chat), the transport below holds one subscription for it: `onFirst` and `onLast` tell the
 * bus when to open and close that one subscription, and `dispatch` fans each message in to every
 * local handler.
 */
export class SubjectHandlers {
  // One object per subscription: the same function subscribed twice counts twice.
  private readonly bySubject = new Map<string, Set<{ handler: BusHandler }>>();

  constructor(private readonly hooks: SubjectHandlersHooks = {}) {}

  add(subject: string, handler: BusHandler): Subscription {
    let entries = this.bySubject.get(subject);
    if (!entries) {
      entries = new Set();
      this.bySubject.set(subject, entries);
      this.hooks.onFirst?.(subject);
    }
    const entry = { handler };
    entries.add(entry);
    let active = true;
    return {
      unsubscribe: () => {
        if (!active) return;
        active = false;
        const current = this.bySubject.get(subject);
        if (!current?.delete(entry) || current.size > 0) return;
        this.bySubject.delete(subject);
        this.hooks.onLast?.(subject);
      },
    };
  }

  /** Runs every handler of the subject, in subscription order, each isolated from the others. */
  dispatch(subject: string, payload: Uint8Array): void {
    const entries = this.bySubject.get(subject);
    if (!entries) return;
    for (const { handler } of [...entries]) {
      try {
        handler(payload);
      } catch (error) {
        this.hooks.onError?.(error);
      }
    }
  }

  /** Subjects with at least one local subscriber. */
  subjects(): IterableIterator<string> {
    return this.bySubject.keys();
  }

  /** Local subscribers of a subject. */
  count(subject: string): number {
    return this.bySubject.get(subject)?.size ?? 0;
  }

  /** Forgets every handler without calling `onLast` (the bus below is closing as a whole). */
  clear(): void {
    this.bySubject.clear();
  }
}
