import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PeykServer } from './peyk-server';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../server/bin/peyk.mjs', import.meta.url));

/** A bot driven by hand over the HTTP Bot API, as any Telegram bot would. */
export class HandBot {
  private offset = 0;
  constructor(private readonly root: string) {}

  /** Makes a bot with the operator's CLI (`peyk bot create`), owned by `owner`. */
  static async create(server: PeykServer, owner: string, username: string, name: string): Promise<HandBot> {
    const created = await run(
      process.execPath,
      [bin, 'bot', 'create', '--owner', owner, '--username', username, '--name', name],
      { env: { ...process.env, PEYK_DATA_DIR: server.dataDir, PEYK_STORE: 'sqlite' } },
    );
    const token = created.stdout.trim().split('\n').at(-1);
    return new HandBot(`http://127.0.0.1:${server.port}/bot${token}`);
  }

  async call(method: string, params: Record<string, unknown> = {}) {
    const response = await fetch(`${this.root}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    const body = await response.json();
    if (!body.ok) throw new Error(`${method}: ${body.description}`);
    return body.result;
  }

  /** The next update (long polling). */
  async next() {
    for (;;) {
      const updates = await this.call('getUpdates', { offset: this.offset, timeout: 20 });
      if (updates.length > 0) {
        this.offset = updates[0].update_id + 1;
        return updates[0];
      }
    }
  }
}
