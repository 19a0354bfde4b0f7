import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server-process.js';

/**
 * A PostgreSQL and a NATS of a test's own, on their own ports and directories, so the test may
 * stop and restart them under load without disturbing the shared services other tests use.
 */

const POSTGRES_BIN = (() => {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  return version ? join(root, version, 'bin') : undefined;
})();
const NATS_SERVER = '/usr/sbin/nats-server';

/** Whether both servers' programs are on this machine (Debian's packages). */
export const privateServicesAvailable = POSTGRES_BIN !== undefined && existsSync(NATS_SERVER);

/** Runs a PostgreSQL program as the postgres user when we are root (initdb refuses root). */
function asPostgres(program: string, args: string[]): void {
  const path = join(POSTGRES_BIN ?? '', program);
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', path, ...args], { stdio: 'pipe' });
  else execFileSync(path, args, { stdio: 'pipe' });
}

export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'peyk-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      chownSync(dir, uid, gid);
    }
    asPostgres('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const server = new PrivatePostgres(await freePort(), dir);
    server.run('start');
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A fast shutdown (every connection cut, as on a failover) and a start again. */
  restart(): void {
    this.run('restart', ['-m', 'fast']);
  }

  stop(): void {
    try {
      asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), 'stop', '-m', 'immediate', '-w']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private run(command: 'start' | 'restart', extra: string[] = []): void {
    const options = `-p ${this.port} -k '' -c listen_addresses=127.0.0.1 -c fsync=off`;
    const log = join(this.dir, 'postgres.log');
    asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-o', options, '-l', log, '-w', command, ...extra]);
  }
}

export class PrivateNats {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateNats> {
    const nats = new PrivateNats(await freePort(), mkdtempSync(join(tmpdir(), 'peyk-nats-')));
    await nats.run();
    return nats;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** kill -9, then the same server on the same port and store again. */
  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  private async run(): Promise<void> {
    this.child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    while (!(await listening(this.port))) {
      if (Date.now() > deadline) throw new Error('nats-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
