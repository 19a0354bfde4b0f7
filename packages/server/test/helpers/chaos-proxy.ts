import { decodeServerFrame } from '@peyk/protocol';
import { WebSocket, WebSocketServer } from 'ws';

export interface Chaos {
  /** Probability that a pushed update frame is dropped. */
  dropUpdate: number;
  /** Probability that a pushed update frame is delivered twice. */
  duplicateUpdate: number;
  /** Probability that a response frame is dropped (the client times out and retries sends). */
  dropResponse: number;
  /** Probability, per frame from the server, that the connection is cut. */
  cut: number;
}

export const calm: Chaos = { dropUpdate: 0, duplicateUpdate: 0, dropResponse: 0, cut: 0 };

/**
 * A WebSocket proxy between clients and the server that loses, repeats and cuts frames on
 * purpose, from a seeded generator so a failure can be replayed.
 */
export class ChaosProxy {
  chaos: Chaos = calm;
  readonly stats = { droppedUpdates: 0, duplicatedUpdates: 0, droppedResponses: 0, cuts: 0 };
  private readonly wss: WebSocketServer;
  private random: () => number;

  private constructor(
    private readonly upstreamUrl: string,
    seed: number,
  ) {
    this.random = mulberry32(seed);
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.wss.on('connection', (client) => this.pipe(client));
  }

  static async start(upstreamUrl: string, seed: number): Promise<ChaosProxy> {
    const proxy = new ChaosProxy(upstreamUrl, seed);
    await new Promise((resolve) => proxy.wss.once('listening', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.wss.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return `ws://127.0.0.1:${address.port}/ws`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private pipe(client: WebSocket): void {
    const upstream = new WebSocket(this.upstreamUrl);
    const early: Buffer[] = [];
    upstream.on('open', () => {
      for (const frame of early.splice(0)) upstream.send(frame);
    });
    client.on('message', (data) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data as Buffer);
      else early.push(data as Buffer);
    });
    upstream.on('message', (data) => this.forward(client, upstream, data as Buffer));
    const closeBoth = () => {
      client.terminate();
      upstream.terminate();
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  }

  private forward(client: WebSocket, upstream: WebSocket, data: Buffer): void {
    const { chaos } = this;
    if (this.random() < chaos.cut) {
      this.stats.cuts++;
      client.terminate();
      upstream.terminate();
      return;
    }
    const kind = decodeServerFrame(new Uint8Array(data)).frame.case;
    if (kind === 'update') {
      if (this.random() < chaos.dropUpdate) {
        this.stats.droppedUpdates++;
        return;
      }
      client.send(data);
      if (this.random() < chaos.duplicateUpdate) {
        this.stats.duplicatedUpdates++;
        client.send(data);
      }
      return;
    }
    if (kind === 'response' && this.random() < chaos.dropResponse) {
      this.stats.droppedResponses++;
      return;
    }
    client.send(data);
  }
}

/** A small seeded generator: the same seed gives the same chaos. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
