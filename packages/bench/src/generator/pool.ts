import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { allocateAddresses } from '../addresses.js';
import type { Answer, Command } from './commands.js';

const workerScript = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * The load generator's worker processes, each holding its share of the clients on its own
 * source addresses. Processes rather than threads: each has its own open-file limit.
 */
export class WorkerPool {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(readonly workers: ChildProcess[]) {
    for (const worker of workers) {
      worker.on('message', (answer: Answer) => {
        const waiter = this.pending.get(answer.id);
        if (!waiter) return;
        this.pending.delete(answer.id);
        if (answer.error !== undefined) waiter.reject(new Error(`worker: ${answer.error}`));
        else waiter.resolve(answer.value);
      });
      // A worker that dies (a crash, a signal) while commands wait fails the run instead of hanging it.
      worker.on('exit', (code, signal) => {
        for (const waiter of this.pending.values()) {
          waiter.reject(new Error(`a load-generator worker exited (${signal ?? `code ${code}`})`));
        }
        this.pending.clear();
      });
    }
  }

  /** Forks `count` workers able to hold `connections` clients in total within `perAddress`. */
  static start(count: number, connections: number, perAddress: number): WorkerPool {
    const addresses = allocateAddresses(count, connections, perAddress);
    const workers = addresses.map((list) =>
      fork(workerScript, [list.join(',')], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
    );
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  get pids(): number[] {
    return this.workers.map((worker) => worker.pid as number);
  }

  /** Sends a command to worker `index` and resolves with its answer. */
  call<T>(index: number, command: Command): Promise<T> {
    const worker = this.workers[index];
    if (!worker) throw new Error(`no worker ${index}`);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.send({ ...command, id });
    });
  }

  /** The same command to every worker. */
  all<T>(command: Command): Promise<T[]> {
    return Promise.all(this.workers.map((_, index) => this.call<T>(index, command)));
  }

  /** A command per worker, made by `make(index)`. */
  each<T>(make: (index: number) => Command): Promise<T[]> {
    return Promise.all(this.workers.map((_, index) => this.call<T>(index, make(index))));
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null) return resolve();
            worker.once('exit', () => resolve());
            worker.disconnect();
          }),
      ),
    );
  }
}
