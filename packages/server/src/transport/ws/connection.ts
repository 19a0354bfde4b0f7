import type { Duplex } from 'node:stream';
import { create } from '@bufbuild/protobuf';
import {
  type AuthResult,
  type ClientFrame,
  decodeClientFrame,
  ErrorCode,
  GoodbyeCode,
  Limits,
  peekRequestId,
  type RequestCase,
  ResponseSchema,
  resultCaseOf,
} from '@peyk/protocol';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Bus, Subscription } from '../../bus/bus.js';
import { subjects } from '../../bus/subjects.js';
import { type Caller, type Domain, DomainError, decodeWatch } from '../../domain/index.js';
import type { SharedRateLimit } from '../../domain/shared-rate-limit.js';
import { writeFirst } from '../../store/write-priority.js';
import { type Admission, Allowance } from './admission.js';
import type { ChatWatchers, FrameSink } from './chat-watchers.js';
import { errorFrame, goodbyeFrame, responseFrame, updateFrame } from './frames.js';
import { handlers, type RequestContext } from './handlers.js';
import { TokenBucket } from './token-bucket.js';

export interface ConnectionLimits {
  /** Frames above this get FRAME_TOO_LARGE. */
  frameBytes: number;
  /** A client that lets this much pile up unread is disconnected (it resyncs on return). */
  bufferedBytes: number;
  requestBurst: number;
  requestsPerSecond: number;
  /** Requests of one account over all its connections on every node, per `userWindowMs`. */
  requestsPerUser: number;
  userWindowMs: number;
  /** Requests one connection may have running at once (more get FLOOD_WAIT). */
  requestsInFlight: number;
  /** Requests running on the node before it sheds load (admission.ts). */
  requestsInFlightPerNode: number;
  /** Bad frames in a row before the connection is closed. */
  badFrames: number;
  /** How often the server pings; a client that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  /** Open connections from one address (high: mobile carriers put many users behind one). */
  connectionsPerAddress: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  frameBytes: Limits.frameBytes,
  bufferedBytes: 8 * 1024 * 1024,
  requestBurst: 200,
  requestsPerSecond: 100,
  requestsPerUser: 3000,
  userWindowMs: 10_000,
  requestsInFlight: 64,
  requestsInFlightPerNode: 128,
  badFrames: 10,
  pingIntervalMs: 30_000,
  connectionsPerAddress: 1000,
};

/** One client's WebSocket: decodes frames, calls the handlers, pushes the user's updates. */
export class Connection {
  private caller: Caller | undefined;
  private subscriptions: Subscription[] = [];
  /** The large chats this connection watches. */
  private readonly watched = new Set<number>();
  private readonly sink: FrameSink = (frame) => this.send(frame);
  private readonly bucket: TokenBucket;
  private badFramesInARow = 0;
  /** This connection's requests admitted and not yet answered. */
  private running = 0;
  /** How fast this connection has been sending, which decides while the node is busy. */
  private readonly allowance = new Allowance();
  private closed = false;
  private markFinished: () => void = () => {};
  /** Resolves once the socket has closed and its cleanup (presence) is done. */
  readonly finished = new Promise<void>((resolve) => {
    this.markFinished = resolve;
  });
  private answeredPing = true;
  /** Frames waiting for the end of this turn of the event loop, sent together then. */
  private outbox: Uint8Array[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly origin: string,
    private readonly domain: Domain,
    private readonly bus: Bus,
    private readonly watchers: ChatWatchers,
    private readonly log: Logger,
    private readonly limits: ConnectionLimits,
    private readonly admission: Admission,
    private readonly userRequests: SharedRateLimit,
  ) {
    this.bucket = new TokenBucket(limits.requestBurst, limits.requestsPerSecond);
    socket.on('message', (data, isBinary) => void this.receive(data as Buffer, isBinary));
    socket.on('close', () => void this.cleanUp().finally(this.markFinished));
    socket.on('pong', () => {
      this.answeredPing = true;
    });
    socket.on('error', (error) => this.log.debug({ err: error }, 'socket error'));
  }

  /** Drops the connection if the last ping went unanswered, then pings again. */
  checkAlive(): void {
    if (this.closed) return;
    if (!this.answeredPing) {
      this.log.debug({ origin: this.origin }, 'no pong: connection dropped');
      this.socket.terminate();
      return;
    }
    this.answeredPing = false;
    this.socket.ping();
  }

  /** Says goodbye and closes: the server is shutting down or the session ended. */
  goodbye(code: GoodbyeCode, message: string, closeCode = 1001): void {
    if (this.closed) return;
    this.send(goodbyeFrame(code, message));
    this.flush();
    this.socket.close(closeCode, code);
  }

  private async receive(data: Buffer, isBinary: boolean): Promise<void> {
    if (!isBinary) return this.badFrame(0, ErrorCode.BAD_FRAME, 'Frames are binary protobuf');
    if (data.length > this.limits.frameBytes) {
      return this.badFrame(
        peekRequestId(data),
        ErrorCode.FRAME_TOO_LARGE,
        `Frames are at most ${this.limits.frameBytes} bytes`,
      );
    }
    let frame: ClientFrame;
    try {
      frame = decodeClientFrame(data);
    } catch (error) {
      const utf8 = /utf-?8|encoded data/i.test(String(error));
      return this.badFrame(
        peekRequestId(data),
        utf8 ? ErrorCode.INVALID_UTF8 : ErrorCode.BAD_FRAME,
        utf8 ? 'A string field is not valid UTF-8' : 'The frame is not a ClientFrame',
      );
    }
    const requestCase = frame.request.case;
    if (!requestCase || !(requestCase in handlers)) {
      return this.badFrame(frame.id, ErrorCode.UNKNOWN_REQUEST, 'Unknown request type');
    }
    this.badFramesInARow = 0;
    const wait = this.bucket.take();
    if (wait > 0) {
      this.send(errorFrame(frame.id, ErrorCode.FLOOD_WAIT, `Too many requests: wait ${wait} s`, wait));
      return;
    }
    const userWait = this.caller ? this.userRequests.take(this.caller.userId) : 0;
    if (userWait > 0) {
      const message = `Too many requests from this account: wait ${userWait} s`;
      this.send(errorFrame(frame.id, ErrorCode.FLOOD_WAIT, message, userWait));
      return;
    }
    const admission = this.admission.tryEnter(this.running, this.allowance);
    if (admission === 'connection busy' || admission === 'node busy') {
      const why = admission === 'node busy' ? 'The server is busy' : 'Too many requests at once';
      this.send(errorFrame(frame.id, ErrorCode.FLOOD_WAIT, `${why}: try again in 1 s`, 1));
      return;
    }
    this.running++;
    try {
      const handle = () => this.handle(frame.id, requestCase, frame.request.value);
      await (admission === 'first' ? writeFirst(handle) : handle());
    } finally {
      this.running--;
      this.admission.leave();
    }
  }

  private async handle(id: number, requestCase: RequestCase, request: unknown): Promise<void> {
    const ctx: RequestContext = {
      caller: this.caller,
      origin: this.origin,
      bind: (caller, auth) => this.bind(caller, auth),
    };
    try {
      const handler = handlers[requestCase] as (d: Domain, r: unknown, c: RequestContext) => Promise<unknown>;
      const value = await handler(this.domain, request, ctx);
      const result = { case: resultCaseOf[requestCase], value } as never;
      this.send(responseFrame(create(ResponseSchema, { id, result })));
    } catch (error) {
      if (error instanceof DomainError) {
        this.send(errorFrame(id, error.code, error.message, error.retryAfter));
        return;
      }
      this.log.error({ err: error, request: requestCase }, 'request failed');
      this.send(errorFrame(id, ErrorCode.INTERNAL, 'The server failed; nothing was changed'));
    }
  }

  private bind(caller: Caller, _auth: AuthResult): void {
    if (this.closed) return;
    this.caller = caller;
    this.subscriptions.push(
      this.bus.subscribe(subjects.user(caller.userId), (update) => this.send(updateFrame(update))),
      // Deferred a turn, so the answer to this session's own sign-out goes out before the goodbye.
      this.bus.subscribe(subjects.session(caller.sessionId), () =>
        setImmediate(() => this.goodbye(GoodbyeCode.SESSION_REVOKED, 'This session was signed out', 4001)),
      ),
      // Subscribed before the store is read, so a join in between is not missed.
      this.bus.subscribe(subjects.watch(caller.userId), (payload) => {
        const { chatId, watch } = decodeWatch(payload);
        this.setWatching(chatId, watch);
      }),
    );
    void this.domain.channels
      .watchedChats(caller.userId)
      .then((chatIds) => {
        for (const chatId of chatIds) this.setWatching(chatId, true);
      })
      .catch((error) => this.log.warn({ err: error }, 'large chats to watch'));
    void this.domain.presence
      .connected(caller.userId)
      .catch((error) => this.log.warn({ err: error }, 'presence'));
  }

  private setWatching(chatId: number, watch: boolean): void {
    if (this.closed || watch === this.watched.has(chatId)) return;
    if (watch) {
      this.watched.add(chatId);
      this.watchers.watch(chatId, this.sink);
    } else {
      this.watched.delete(chatId);
      this.watchers.unwatch(chatId, this.sink);
    }
  }

  private badFrame(id: number, code: ErrorCode, message: string): void {
    this.send(errorFrame(id, code, message));
    if (++this.badFramesInARow >= this.limits.badFrames) {
      this.goodbye(GoodbyeCode.TOO_MANY_BAD_FRAMES, 'Too many bad frames', 1008);
    }
  }

  /**
   * Queues a frame for the end of this turn of the event loop. A group commit publishes many
   * updates at once, so a socket often gets several in one turn: they then leave in one write
   * (one system call) instead of one each. The order of frames is kept.
   */
  private send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.bufferedBytes) {
      this.log.info({ origin: this.origin }, 'slow reader disconnected');
      this.outbox = [];
      this.socket.terminate();
      return;
    }
    if (this.outbox.push(frame) === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const frames = this.outbox;
    if (frames.length === 0) return;
    this.outbox = [];
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    // ws writes each frame's header and payload to the TCP socket; corked, the frames of this
    // turn go out in one writev. (ws has no public cork: its socket is reached directly.)
    const tcp = (this.socket as unknown as { _socket?: Duplex })._socket;
    tcp?.cork();
    for (const frame of frames) this.socket.send(frame, { binary: true });
    tcp?.uncork();
  }

  private async cleanUp(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
    for (const chatId of this.watched) this.watchers.unwatch(chatId, this.sink);
    this.watched.clear();
    if (this.caller) {
      await this.domain.presence
        .disconnected(this.caller.userId)
        .catch((error) => this.log.warn({ err: error }, 'presence'));
    }
  }
}
