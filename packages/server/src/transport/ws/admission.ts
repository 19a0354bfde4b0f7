/**
 * Admission control for the requests of every connection on this node. Without it, an offered
 * load past what the node can serve queues without end: each request holds memory and waits
 * behind all the earlier ones, so everyone's latency grows with the length of the overload.
 * With it, a request past the limit is answered at once with FLOOD_WAIT (cheap: decoded, never
 * run) and the client retries later, as `PeykClient` does.
 */
/** How many times the node's limit gentle connections may fill while it is busy. */
const BUSY_ROOM = 4;

export class Admission {
  private running = 0;

  /**
   * `perConnection`: requests one connection may have running at once. `perNode`: requests
   * running on this node before it is busy. While it is busy only a gentle connection (one
   * that has sent no faster than two requests a second of late, see `Allowance`) with nothing
   * else running gets in, up to `BUSY_ROOM` times `perNode`: a person who sends now and then is
   * served ahead of a client that floods, whose excess is shed. Nothing else running, as
   * flooders that were quiet before still have their saved allowance when a flood starts: one
   * request each, not five, keeps the room for the people.
   */
  constructor(
    private readonly perConnection: number,
    private readonly perNode: number,
  ) {}

  /**
   * Counts a request of a connection already running `held` and takes a slot for it, or says
   * why it is shed: the connection has too many running, or the node is busy and the request
   * is not a gentle connection's only one (or even those would pass the busy room).
   *
   * 'first': admitted, and its store writes go ahead of the others (`writeFirst`), given to a
   * gentle connection with nothing else running, so it never overtakes its own earlier request.
   */
  tryEnter(held: number, allowance: Allowance): 'first' | 'admitted' | 'connection busy' | 'node busy' {
    if (held >= this.perConnection) return 'connection busy';
    const first = allowance.spend() && held === 0;
    if (this.running >= this.perNode && (!first || this.running >= BUSY_ROOM * this.perNode)) {
      return 'node busy';
    }
    this.running++;
    return first ? 'first' : 'admitted';
  }

  leave(): void {
    this.running--;
  }

  /** Requests running now. */
  get size(): number {
    return this.running;
  }
}

/** Requests a connection earns a second, may save up, and may owe at most. */
const EARNED_PER_SECOND = 2;
const SAVED = 5;
const OWED = 10;

/**
 * How fast a connection has been sending, kept by the connection: it earns two requests a
 * second (up to 5 saved), and every request costs one whether or not it is admitted, down to 10
 * owed. A connection with one to spend has sent no faster than two a second of late (a person,
 * and their app retrying after FLOOD_WAIT, stay under it); a flooder is always in debt, however
 * many of its requests were refused.
 */
export class Allowance {
  private balance = SAVED;
  private last: number;

  constructor(private readonly now: () => number = Date.now) {
    this.last = now();
  }

  /** Counts a request: whether the connection had one to spend. */
  spend(): boolean {
    const now = this.now();
    this.balance = Math.min(SAVED, this.balance + ((now - this.last) / 1000) * EARNED_PER_SECOND);
    this.last = now;
    const had = this.balance >= 1;
    this.balance = Math.max(-OWED, this.balance - 1);
    return had;
  }
}
