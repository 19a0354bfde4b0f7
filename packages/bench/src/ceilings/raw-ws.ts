import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConnectAnswer } from '../generator/commands.js';
import type { WorkerPool } from '../generator/pool.js';
import { type ProcUsage, sampleProcess, watchProcesses } from '../proc-stats.js';
import { mergeConnects, mergeStats } from '../world.js';

const serverScript = fileURLToPath(new URL('./raw-ws-server.ts', import.meta.url));

export interface RawWsCeiling {
  clients: number;
  frameBytes: number;
  seconds: number;
  deliveredPerSecond: number;
  /** RSS growth of the raw server per idle connection, bytes. */
  bytesPerIdleConnection: number;
  server: ProcUsage;
  generator: ProcUsage;
}

/**
 * Connects `clients` plain WebSockets from the pool's workers to a bare `ws` server process and
 * has it broadcast `frame` to all of them for `seconds`: delivered frames per second is what the
 * transport alone can do on this machine now.
 */
export async function measureRawWs(
  pool: WorkerPool,
  clients: number,
  frame: Uint8Array,
  seconds: number,
): Promise<RawWsCeiling> {
  const child: ChildProcess = fork(serverScript, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  try {
    const port = await new Promise<number>((resolve) =>
      child.once('message', (m: { port: number }) => resolve(m.port)),
    );
    const url = `ws://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = sampleProcess(child.pid as number).rssBytes;
    const per = Math.ceil(clients / pool.size);
    const connects = await pool.each<ConnectAnswer>((w) => ({
      kind: 'connectRaw',
      url,
      count: Math.max(0, Math.min(per, clients - w * per)),
      concurrency: 100,
    }));
    const connected = mergeConnects(connects).connected;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const bytesPerIdleConnection = (sampleProcess(child.pid as number).rssBytes - before) / connected;
    await pool.all({ kind: 'reset' });
    const server = watchProcesses([child.pid as number]);
    const generator = watchProcesses(pool.pids);
    const done = new Promise<{ sent: number }>((resolve) => child.once('message', resolve));
    child.send({ id: 1, frame: [...frame], durationMs: seconds * 1000 });
    const { sent } = await done;
    // Let the last frames in flight arrive.
    let stats = mergeStats(await pool.all({ kind: 'stats' }));
    for (let i = 0; i < 50 && stats.rawReceived < sent; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stats = mergeStats(await pool.all({ kind: 'stats' }));
    }
    const window = (stats.rawLastMicros - stats.rawFirstMicros) / 1e6;
    const figures = {
      clients: connected,
      frameBytes: frame.length,
      seconds: window,
      deliveredPerSecond: stats.rawReceived / window,
      bytesPerIdleConnection,
      server: server.stop(),
      generator: generator.stop(),
    };
    await pool.all({ kind: 'closeRaw' });
    return figures;
  } finally {
    child.kill('SIGTERM');
  }
}
