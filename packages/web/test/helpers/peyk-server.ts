import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../server/bin/peyk.mjs', import.meta.url));

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface PeykServerOptions {
  /** Where the app under test is served from, when not from this server. */
  allowedOrigins?: readonly string[];
  /** More environment for the server (its configuration). */
  env?: Record<string, string>;
}

/** `peyk start` in its own process, on a free port, with a temporary data directory. */
export class PeykServer {
  output = '';
  readonly dataDir = mkdtempSync(join(tmpdir(), 'peyk-web-test-'));
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly options: PeykServerOptions,
  ) {}

  static async start(options: PeykServerOptions = {}): Promise<PeykServer> {
    const server = new PeykServer(await freePort(), options);
    await server.start();
    return server;
  }

  /** The server's own address, where it serves the built web app. */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [bin, 'start'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PEYK_DATA_DIR: this.dataDir,
        PEYK_STORE: 'sqlite',
        LOG_LEVEL: 'info',
        PEYK_ALLOWED_ORIGINS: (this.options.allowedOrigins ?? []).join(','),
        // Every test person signs up from loopback: no proof of work unless a test asks for it.
        PEYK_SIGNUP_CHALLENGE_AFTER: '100000',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout?.on('data', (data) => {
      this.output += data;
    });
    child.stderr?.on('data', (data) => {
      this.output += data;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`peyk exited: ${this.output}`);
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok) return;
      } catch {}
      if (Date.now() > deadline) throw new Error(`peyk did not start: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The last one-time code the server "texted" to a phone (the log SMS provider). */
  lastCode(phone: string): string | undefined {
    const lines = this.output.split('\n').filter((line) => line.includes(`SMS to ${phone}`));
    const text = lines.at(-1)?.split(`SMS to ${phone}:`)[1];
    return text?.match(/\b\d{4,8}\b/)?.[0];
  }

  /** SIGTERM and wait (the data directory stays, for a restart). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
