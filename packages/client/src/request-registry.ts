import {
  type ClientFrame,
  ClientFrameSchema,
  create,
  type RequestCase,
  type Response,
  type ResultOf,
  resultCaseOf,
} from '@peyk/protocol';
import { ClientErrorCode, PeykError } from './peyk-error.js';

type ClientFrameInit = NonNullable<Parameters<typeof create<typeof ClientFrameSchema>>[1]>;
type RequestInitUnion = NonNullable<ClientFrameInit['request']>;

/**
 * The fields of a request, all optional (proto3 defaults apply), nested messages as plain
 * objects: e.g. `RequestInput<'sendMessage'>` is `{ chatId?: bigint; text?: string; ... }`.
 */
export type RequestInput<C extends RequestCase> = Extract<RequestInitUnion, { case: C }>['value'];

/** Options of one request. */
export interface RequestOptions {
  /** Overrides the client's `requestTimeoutMs` for this request. */
  timeoutMs?: number;
}

/**
 * When a request may go out: `'ready'` waits until the connection is open and signed in (if
 * the client has a token); `'now'` goes out on the open socket at once, or fails with
 * DISCONNECTED (the client's own authenticate and getDifference calls).
 */
export type SendMode = 'ready' | 'now';

interface Pending {
  id: number;
  readonly intercept: ((result: unknown) => void) | undefined;
  readonly requestCase: RequestCase;
  readonly value: RequestInitUnion['value'];
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: PeykError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** What the registry needs from the connection. */
export interface RequestTransport {
  /** True when 'ready' requests may be sent. */
  isReady(): boolean;
  /** Sends a frame; false when there is no open socket. */
  transmit(frame: ClientFrame): boolean;
}

const MAX_FRAME_ID = 0xffff_ffff;

/**
 * Matches responses to requests: assigns frame ids (unique among requests in flight), holds
 * requests until the connection is ready, and settles each request exactly once: with its
 * result, a `PeykError` from the server, or TIMEOUT / DISCONNECTED / CLIENT_CLOSED.
 */
export class RequestRegistry {
  readonly #transport: RequestTransport;
  readonly #inFlight = new Map<number, Pending>();
  #waiting: Pending[] = [];
  #nextId = 1;

  constructor(transport: RequestTransport) {
    this.#transport = transport;
  }

  /** Requests sent and not answered yet. */
  get inFlightCount(): number {
    return this.#inFlight.size;
  }

  /** Requests waiting for the connection. */
  get waitingCount(): number {
    return this.#waiting.length;
  }

  /**
   * Starts a request; the promise settles exactly once. `intercept` sees a successful result
   * synchronously, as soon as its response frame is handled.
   */
  call<C extends RequestCase>(
    requestCase: C,
    value: RequestInput<C>,
    timeoutMs: number,
    mode: SendMode,
    intercept?: (result: ResultOf<C>) => void,
  ): Promise<ResultOf<C>> {
    return new Promise<ResultOf<C>>((resolve, reject) => {
      const pending: Pending = {
        id: 0,
        intercept: intercept as ((result: unknown) => void) | undefined,
        requestCase,
        value,
        resolve: resolve as (result: unknown) => void,
        reject,
        timer: undefined,
      };
      pending.timer = setTimeout(() => {
        this.#forget(pending);
        reject(new PeykError(ClientErrorCode.TIMEOUT, `${requestCase}: no response in ${timeoutMs} ms`));
      }, timeoutMs);
      if (mode === 'now') {
        if (!this.#transmit(pending)) {
          this.#settle(pending, new PeykError(ClientErrorCode.DISCONNECTED, `${requestCase}: not connected`));
        }
      } else if (!this.#transport.isReady() || !this.#transmit(pending)) {
        this.#waiting.push(pending);
      }
    });
  }

  /** Sends the requests that waited for the connection, in the order they were made. */
  flush(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (let i = 0; i < waiting.length; i++) {
      const pending = waiting[i] as Pending;
      if (!this.#transport.isReady() || !this.#transmit(pending)) {
        // The connection went away while flushing: the rest wait for the next one.
        this.#waiting = [...waiting.slice(i), ...this.#waiting];
        return;
      }
    }
  }

  /** Settles the request a response answers. Returns false when no request has its id. */
  resolve(response: Response): boolean {
    const pending = this.#inFlight.get(response.id);
    if (!pending) return false;
    const { result } = response;
    if (result.case === 'error') {
      const { code, message, retryAfter } = result.value;
      this.#settle(pending, new PeykError(code, message, retryAfter));
    } else if (result.case !== resultCaseOf[pending.requestCase]) {
      this.#settle(
        pending,
        new PeykError(
          ClientErrorCode.UNEXPECTED_RESULT,
          `${pending.requestCase}: expected ${resultCaseOf[pending.requestCase]}, got ${result.case}`,
        ),
      );
    } else {
      // Runs before the next frame is handled, unlike a `then` on the promise: the client relies
      // on this to adopt a sign-in's state before the updates pushed right after it.
      pending.intercept?.(result.value);
      this.#settle(pending, undefined, result.value);
    }
    return true;
  }

  /**
   * Fails the requests that were sent on a connection that closed: their fate is unknown, and
   * resending a request that is not idempotent could do it twice. Waiting requests stay.
   */
  failInFlight(error: PeykError): void {
    for (const pending of [...this.#inFlight.values()]) this.#settle(pending, error);
  }

  /** Fails every request, sent or waiting. */
  failAll(error: PeykError): void {
    this.failInFlight(error);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const pending of waiting) this.#settle(pending, error);
  }

  #transmit(pending: Pending): boolean {
    pending.id = this.#allocateId();
    const frame = create(ClientFrameSchema, {
      id: pending.id,
      request: { case: pending.requestCase, value: pending.value } as RequestInitUnion,
    });
    if (!this.#transport.transmit(frame)) return false;
    this.#inFlight.set(pending.id, pending);
    return true;
  }

  #allocateId(): number {
    // Ids wrap at 2^32 - 1; one still in flight (a very slow request) is skipped.
    for (;;) {
      const id = this.#nextId;
      this.#nextId = id >= MAX_FRAME_ID ? 1 : id + 1;
      if (!this.#inFlight.has(id)) return id;
    }
  }

  #forget(pending: Pending): void {
    if (this.#inFlight.get(pending.id) === pending) this.#inFlight.delete(pending.id);
    const index = this.#waiting.indexOf(pending);
    if (index >= 0) this.#waiting.splice(index, 1);
  }

  #settle(pending: Pending, error: PeykError | undefined, result?: unknown): void {
    clearTimeout(pending.timer);
    this.#forget(pending);
    if (error) pending.reject(error);
    else pending.resolve(result);
  }
}
