import { TokenBucket } from './token-bucket.js';

/**
 * Admission control for the requests of every connection on this node. Without it, an offered
 * load past what the node can serve queues without end: each request holds memory and waits
 * behind all the earlier ones, so everyone's latency grows with the length of the overload.
 * With it, a request past the limit is answered at once with FLOOD_WAIT (cheap: decoded, never
 * run) and the client retries later, as `PeykClient` does.
 */
export class Admission {
  private running = 0;

  /**
   * `perConnection`: requests one connection may have running at once. `perNode`: requests
   * running on this node before it is busy. While it is busy, a connection with nothing running
   * still gets its small allowance (`allowance()`: 1 request a second, 3 at once), up to twice
   * `perNode`: a person who sends now and then and waits for the answer is served ahead of a
   * client that floods (it always has requests running), whose excess is shed.
   */
  constructor(
    private readonly perConnection: number,
    private readonly perNode: number,
  ) {}

  /** A connection's allowance while the node is busy, kept by the connection. */
  allowance(): TokenBucket {
    return new TokenBucket(3, 1);
  }

  /**
   * Takes a slot for a request of a connection already running `held`, or says why it is shed:
   * the connection has too many running, or the node is busy and the connection has requests
   * running, or has spent its allowance, or even the allowances would pass twice the limit.
   */
  tryEnter(held: number, allowance: TokenBucket): 'admitted' | 'connection busy' | 'node busy' {
    if (held >= this.perConnection) return 'connection busy';
    if (this.running >= this.perNode) {
      if (held > 0 || this.running >= 2 * this.perNode || allowance.take() > 0) return 'node busy';
    }
    this.running++;
    return 'admitted';
  }

  leave(): void {
    this.running--;
  }

  /** Requests running now. */
  get size(): number {
    return this.running;
  }
}
