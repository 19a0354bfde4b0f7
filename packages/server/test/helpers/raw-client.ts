import { create } from '@bufbuild/protobuf';
import {
  type ClientFrame,
  ClientFrameSchema,
  decodeServerFrame,
  encodeClientFrame,
  type Response,
  type ServerFrame,
} from '@peyk/protocol';
import { WebSocket } from 'ws';

/** A bare WebSocket speaking frames byte by byte, for tests that send what the SDK never would. */
export class RawClient {
  readonly frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | undefined;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(decodeServerFrame(new Uint8Array(data as Buffer))));
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static async connect(
    url: string,
    options: { autoPong?: boolean; origin?: string } = {},
  ): Promise<RawClient> {
    const socket = new WebSocket(url, options);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  sendBytes(bytes: Uint8Array | string, binary = true): void {
    this.socket.send(bytes, { binary });
  }

  /** Sends a request frame and waits for the response with its id. */
  async request(id: number, request: ClientFrame['request']): Promise<Response> {
    this.sendBytes(encodeClientFrame(create(ClientFrameSchema, { id, request })));
    return this.response(id);
  }

  async response(id: number, timeoutMs = 5000): Promise<Response> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.frames.find((f) => f.frame.case === 'response' && f.frame.value.id === id);
      if (frame && frame.frame.case === 'response') return frame.frame.value;
      if (Date.now() > deadline) throw new Error(`no response ${id}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** The error code of response `id`, or 'ok'. */
  async errorCode(id: number): Promise<string> {
    const response = await this.response(id);
    return response.result.case === 'error' ? response.result.value.code : 'ok';
  }

  close(): void {
    this.socket.close();
  }
}
