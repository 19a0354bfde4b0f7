import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP load balancer in front of the nodes of a cluster, as HAProxy in `mode tcp` with
 * `option redispatch` is in production: each new connection goes to the preferred backend, or,
 * when that one refuses (killed, draining), to the next one that accepts. A connection whose
 * backend goes away is closed, and the client reconnects through the balancer to a live node.
 * Clients only ever know the balancer's address.
 *
 * Tests give each client its own balancer, so that they choose which node a client lands on
 * first; the failover is the balancer's, exactly as behind a shared one.
 */
export class TcpBalancer {
  /** Index into the backends of the one tried first. */
  prefer: number;
  private readonly server: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; backend: number }>();

  private constructor(
    private readonly backends: readonly number[],
    prefer: number,
    private readonly host: string,
  ) {
    this.prefer = prefer;
    this.server = createServer((client) => this.accept(client));
  }

  /** A balancer on a free loopback port over the given backend ports. */
  static async start(backends: readonly number[], prefer = 0, host = '127.0.0.1'): Promise<TcpBalancer> {
    const balancer = new TcpBalancer(backends, prefer, host);
    await new Promise<void>((resolve) => balancer.server.listen(0, '127.0.0.1', resolve));
    return balancer;
  }

  get port(): number {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the balancer is not listening');
    return address.port;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** The backend port of every open connection. */
  get routes(): number[] {
    return [...this.pairs].map((p) => p.backend);
  }

  /** Cuts every open connection (a network failure between clients and nodes). */
  cut(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, attempt = 0): void {
    if (attempt === 0) {
      client.pause();
      client.on('error', () => client.destroy());
    }
    if (client.destroyed || attempt >= this.backends.length) {
      client.destroy();
      return;
    }
    const backend = this.backends[(this.prefer + attempt) % this.backends.length] as number;
    const upstream = connect(backend, this.host);
    // Refused (the node is down or draining): redispatch to the next one.
    const refused = () => {
      upstream.destroy();
      this.accept(client, attempt + 1);
    };
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.off('error', refused);
      const pair = { client, upstream, backend };
      this.pairs.add(pair);
      const closeBoth = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', closeBoth);
      client.on('error', closeBoth);
      upstream.on('close', closeBoth);
      client.on('close', closeBoth);
      if (client.destroyed) closeBoth();
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }
}
