import { type ClientFrame, decodeServerFrame, encodeClientFrame, type ServerFrame } from '@peyk/protocol';

/**
 * The part of the WebSocket API the client uses. Both the browser's `WebSocket` and the `ws`
 * package's `WebSocket` satisfy it.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  // The handlers take `never` so that any implementation's own event types are accepted; the
  // shapes the client relies on are `SocketMessageEvent` and `SocketCloseEvent` below.
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws`'s `WebSocket` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

interface SocketMessageEvent {
  data: unknown;
}

interface SocketCloseEvent {
  code?: number;
  reason?: string;
}

/** What a `Transport` reports to its owner. */
export interface TransportHandlers {
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  /** Called once, after an open or a failed attempt to open. */
  onClose(code: number, reason: string): void;
}

const OPEN = 1;

/**
 * One WebSocket connection speaking Peyk frames: binary messages in and out, one frame each.
 * Messages that do not decode are dropped (a text message cannot be a frame).
 */
export class Transport {
  readonly #socket: WebSocketLike;
  readonly #closeHandler: (code: number, reason: string) => void;
  #closed = false;

  constructor(WebSocketImpl: WebSocketConstructor, url: string, handlers: TransportHandlers) {
    this.#socket = new WebSocketImpl(url);
    // Browsers default to Blob, ws to Buffer; ArrayBuffer is the one both deliver synchronously.
    this.#socket.binaryType = 'arraybuffer';
    this.#socket.onopen = () => {
      if (!this.#closed) handlers.onOpen();
    };
    this.#socket.onmessage = ((event: SocketMessageEvent) => {
      if (this.#closed) return;
      const bytes = toBytes(event.data);
      if (!bytes) return;
      let frame: ServerFrame;
      try {
        frame = decodeServerFrame(bytes);
      } catch {
        return;
      }
      handlers.onFrame(frame);
    }) as (event: never) => void;
    this.#socket.onclose = ((event: SocketCloseEvent) => {
      if (this.#closed) return;
      this.#closed = true;
      handlers.onClose(event.code ?? 1006, event.reason ?? '');
    }) as (event: never) => void;
    // An error is always followed by a close event, which carries what the owner needs.
    this.#socket.onerror = () => {};
    this.#closeHandler = handlers.onClose;
  }

  /** True while frames can be sent. */
  get isOpen(): boolean {
    return !this.#closed && this.#socket.readyState === OPEN;
  }

  /** Sends a frame; returns false when the socket is not open. */
  send(frame: ClientFrame): boolean {
    if (!this.isOpen) return false;
    this.#socket.send(encodeClientFrame(frame));
    return true;
  }

  /**
   * Closes the socket and reports `onClose` at once, without waiting for the closing handshake,
   * so that the owner can reconnect or stop right away.
   */
  close(code = 1000, reason = ''): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#socket.close(code, reason);
    } catch {
      // Closing a socket that is still connecting throws in some implementations: it is dead anyway.
    }
    this.#closeHandler(code, reason);
  }
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}
