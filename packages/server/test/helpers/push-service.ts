import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// http_ece (RFC 8188) comes with web-push; the test decrypts with it as a browser would.
import ece from 'http_ece';

export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A push service on 127.0.0.1 over HTTPS with a throwaway self-signed certificate, standing in
 * for the browsers' push services that cannot be reached from here. It records what it gets
 * and answers each subscription path with the status set for it (201 by default).
 */
export class LocalPushService {
  readonly received: ReceivedPush[] = [];
  readonly statusFor = new Map<string, number>();
  readonly agent: Agent;
  private constructor(
    private readonly server: Server,
    readonly port: number,
    cert: Buffer,
  ) {
    this.agent = new Agent({ ca: cert });
  }

  static async start(): Promise<LocalPushService> {
    const dir = mkdtempSync(join(tmpdir(), 'peyk-push-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const key = readFileSync(join(dir, 'key.pem'));
      const cert = readFileSync(join(dir, 'cert.pem'));
      let service: LocalPushService | undefined;
      const server = createServer({ key, cert }, (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const path = request.url ?? '';
          service?.received.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
          response.writeHead(service?.statusFor.get(path) ?? 201).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('push service not listening');
      service = new LocalPushService(server, address.port, cert);
      return service;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** A browser's subscription: its endpoint here and its keys, and how to read what it gets. */
  subscription(name: string) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const path = `/push/${name}`;
    return {
      path,
      endpoint: `https://127.0.0.1:${this.port}${path}`,
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: auth.toString('base64url'),
      decrypt: (body: Buffer): unknown =>
        JSON.parse(
          ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8'),
        ),
    };
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
