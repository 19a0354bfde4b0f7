import { ErrorCode } from '@peyk/protocol';
import { DomainError } from '../errors.js';

/**
 * Bounds the Argon2 work in flight. Each hash costs ~50 ms of a core and 19 MiB: a flood of
 * sign-ins must queue here, and past the queue's end get FLOOD_WAIT, instead of exhausting the
 * node's CPU and memory.
 */
export class HashingGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new DomainError(ErrorCode.FLOOD_WAIT, 'The server is busy: try again in 2 s', 2);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // A waiter takes over this slot; otherwise the slot is freed.
      if (next) next();
      else this.running--;
    }
  }
}
