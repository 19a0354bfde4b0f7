import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../server/bin/peyk.mjs', import.meta.url));
const gcOnSignal = new URL('./gc-on-signal.mjs', import.meta.url).href;
const FULL_COLLECTION_WAIT_MS = 10_000;

export interface ServerOptions {
  /** Writes a V8 CPU profile there when the server stops. */
  profileDir?: string | undefined;
  /** Environment for the server (its limits). */
  env?: Record<string, string> | undefined;
  /**
   * Runs it with `--trace-gc`, recording each full collection's live heap in `majorGcs`, and lets
   * `liveHeapMb` ask it for one.
   */
  traceGc?: boolean;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** The heap's live size after a full (mark-compact) collection, and when it was reported. */
export interface MajorGc {
  at: number;
  liveMb: number;
}

/** A `--trace-gc` line: "[pid:isolate]  896 ms: Scavenge …" or "… ms: Mark-Compact …". */
const GC_TRACE = /^\[\d+:0x[\da-f]+\]\s+[\d.]+ ms: /;
/** The one for a full collection: "Mark-Compact 95.0 (128.5) -> 22.2 (56.2) MB". */
const MARK_COMPACT = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/;

/**
 * `peyk start` on SQLite in `dataDir`, as its own process so that it is measured from outside
 * (/proc) and never shares an event loop with the load generator. With `profileDir` it writes a
 * V8 CPU profile there when it stops.
 */
export class ServerProcess {
  private output = '';
  private partialLine = '';
  /** Full collections seen so far (with `traceGc`): the live heap, free of garbage not yet collected. */
  readonly majorGcs: MajorGc[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly traceGc: boolean,
  ) {
    child.stdout?.on('data', (d) => {
      if (traceGc) this.readGcTrace(String(d));
      else this.output += d;
    });
    child.stderr?.on('data', (d) => {
      this.output += d;
    });
  }

  static async start(
    dataDir: string,
    { profileDir, env: extraEnv = {}, traceGc = false }: ServerOptions = {},
  ): Promise<ServerProcess> {
    const port = await freePort();
    const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const gc = traceGc ? ['--trace-gc', '--expose-gc', '--import', gcOnSignal] : [];
    const child = spawn(process.execPath, [...profile, ...gc, bin, 'start', '--data-dir', dataDir], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // The load generator's users come from loopback: no proof of work for them.
        PEYK_SIGNUP_CHALLENGE_AFTER: '1000000',
        // What a chat can carry is measured here, not the flood policy: the cap of 1,000 messages
        // per chat and 10 s would shed a busy supergroup's steps (the overload run tests the caps).
        PEYK_CHAT_MESSAGES_PER_10S: '1000000000',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, port, traceGc);
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

  /** Keeps the full collections' figures and every other line the server printed. */
  private readGcTrace(chunk: string): void {
    const lines = (this.partialLine + chunk).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) {
      if (!GC_TRACE.test(line)) {
        this.output += `${line}\n`;
        continue;
      }
      const fullCollection = MARK_COMPACT.exec(line);
      if (fullCollection) this.majorGcs.push({ at: performance.now(), liveMb: Number(fullCollection[1]) });
    }
  }

  /**
   * The server's live heap now, MB: it runs a full collection (of a server started with
   * `traceGc`) and reads what the collection kept.
   */
  async liveHeapMb(): Promise<number> {
    const seen = this.majorGcs.length;
    this.child.kill('SIGUSR2');
    const deadline = Date.now() + FULL_COLLECTION_WAIT_MS;
    while (this.majorGcs.length === seen) {
      if (Date.now() > deadline) throw new Error(`the server ran no full collection: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.majorGcs.at(-1)?.liveMb as number;
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
