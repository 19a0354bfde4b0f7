import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../server/bin/peyk.mjs', import.meta.url));

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * `peyk start` on SQLite in `dataDir`, as its own process so that it is measured from outside
 * (/proc) and never shares an event loop with the load generator. With `profileDir` it writes a
 * V8 CPU profile there when it stops.
 */
export class ServerProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (d) => {
      this.output += d;
    });
    child.stderr?.on('data', (d) => {
      this.output += d;
    });
  }

  static async start(
    dataDir: string,
    profileDir?: string,
    extraEnv: Record<string, string> = {},
  ): Promise<ServerProcess> {
    const port = await freePort();
    const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const child = spawn(process.execPath, [...profile, bin, 'start', '--data-dir', dataDir], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // The load generator's users come from loopback: no proof of work for them.
        PEYK_SIGNUP_CHALLENGE_AFTER: '1000000',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, port);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${server.output}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return server;
      } catch {}
      if (Date.now() > deadline) throw new Error(`the server did not start: ${server.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What the server printed (warnings and errors). */
  get log(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** SIGTERM, waiting for the exit (and so for the CPU profile to be written). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
