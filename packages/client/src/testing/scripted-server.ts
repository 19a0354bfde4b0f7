// Test support, not part of the SDK: a real WebSocket server on 127.0.0.1 that speaks Peyk
// frames and answers exactly what each test scripts.
import type { AddressInfo } from 'node:net';
import {
  type ClientFrame,
  create,
  decodeClientFrame,
  encodeServerFrame,
  type RequestCase,
  type ResponseSchema,
  ServerFrameSchema,
  type UpdateSchema,
} from '@peyk/protocol';
import { type WebSocket, WebSocketServer } from 'ws';

type ResponseInit = NonNullable<Parameters<typeof create<typeof ResponseSchema>>[1]>;
/** A result as `create` takes it, e.g. `{ case: 'ok', value: {} }`. */
export type ResultInit = NonNullable<ResponseInit['result']>;
/** An update as `create` takes it, e.g. `{ pts: 1, kind: { case: 'readInbox', value: {...} } }`. */
export type UpdateInit = NonNullable<Parameters<typeof create<typeof UpdateSchema>>[1]>;

/** Answers one request on behalf of a test. */
export type RequestHandler = (frame: ClientFrame, connection: ScriptedConnection) => void;

/** One client connection as the server sees it. */
export class ScriptedConnection {
  /** Every frame received, in order. */
  readonly frames: ClientFrame[] = [];
  readonly closed: Promise<void>;
  /** `Date.now()` when the connection was accepted. */
  readonly openedAt = Date.now();
  readonly #socket: WebSocket;
  readonly #unread: ClientFrame[] = [];
  readonly #waiters: { requestCase: RequestCase | undefined; resolve: (frame: ClientFrame) => void }[] = [];

  constructor(socket: WebSocket, handlers: Map<RequestCase, RequestHandler>) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('message', (data: Buffer) => {
      const frame = decodeClientFrame(new Uint8Array(data));
      this.frames.push(frame);
      const requestCase = frame.request.case;
      const handler = requestCase && handlers.get(requestCase);
      if (handler) {
        handler(frame, this);
        return;
      }
      const index = this.#waiters.findIndex((w) => !w.requestCase || w.requestCase === requestCase);
      if (index >= 0) this.#waiters.splice(index, 1)[0]?.resolve(frame);
      else this.#unread.push(frame);
    });
  }

  /** True until the socket closes. */
  get isOpen(): boolean {
    return this.#socket.readyState === this.#socket.OPEN;
  }

  /** The next frame not handled by a handler nor taken yet (of `requestCase`, when given). */
  next(requestCase?: RequestCase): Promise<ClientFrame> {
    const index = this.#unread.findIndex((f) => !requestCase || f.request.case === requestCase);
    if (index >= 0) return Promise.resolve(this.#unread.splice(index, 1)[0] as ClientFrame);
    return new Promise((resolve) => this.#waiters.push({ requestCase, resolve }));
  }

  /** Answers `frame` with a result. */
  reply(frame: ClientFrame | number, result: ResultInit): void {
    const id = typeof frame === 'number' ? frame : frame.id;
    this.#send({ frame: { case: 'response', value: { id, result } } });
  }

  /** Answers `frame` with an Error. */
  fail(frame: ClientFrame, code: string, message = '', retryAfter = 0): void {
    this.reply(frame, { case: 'error', value: { code, message, retryAfter } });
  }

  /** Pushes an update. */
  push(update: UpdateInit): void {
    this.#send({ frame: { case: 'update', value: update } });
  }

  goodbye(code: string, message = ''): void {
    this.#send({ frame: { case: 'goodbye', value: { code, message } } });
  }

  /** Closes with a close frame. */
  close(code = 1000, reason = ''): void {
    this.#socket.close(code, reason);
  }

  /** Drops the TCP connection without a close frame, like a lost network. */
  terminate(): void {
    this.#socket.terminate();
  }

  #send(init: NonNullable<Parameters<typeof create<typeof ServerFrameSchema>>[1]>): void {
    if (this.isOpen) this.#socket.send(encodeServerFrame(create(ServerFrameSchema, init)));
  }
}

/** A scripted Peyk server on 127.0.0.1 and a free port. */
export class ScriptedServer {
  readonly connections: ScriptedConnection[] = [];
  readonly #server: WebSocketServer;
  readonly #handlers = new Map<RequestCase, RequestHandler>();
  readonly #waiters: ((connection: ScriptedConnection) => void)[] = [];
  #taken = 0;

  private constructor(server: WebSocketServer) {
    this.#server = server;
    server.on('connection', (socket) => {
      const connection = new ScriptedConnection(socket, this.#handlers);
      this.connections.push(connection);
      const waiter = this.#waiters.shift();
      if (waiter) {
        this.#taken++;
        waiter(connection);
      }
    });
  }

  static async start(port = 0): Promise<ScriptedServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws' });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return new ScriptedServer(server);
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** The next connection not yet taken by a test, in the order they arrived. */
  nextConnection(): Promise<ScriptedConnection> {
    const connection = this.connections[this.#taken];
    if (connection) {
      this.#taken++;
      return Promise.resolve(connection);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Answers every request of one kind, on every connection, with `handler`. */
  handle(requestCase: RequestCase, handler: RequestHandler): void {
    this.#handlers.set(requestCase, handler);
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it holds (or fails the test after `timeoutMs`). */
export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
