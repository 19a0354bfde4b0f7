import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PeykClient } from '@peyk/client';
import { GoodbyeCode } from '@peyk/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { eventually } from './helpers/server.js';
import { freePort, ServerProcess } from './helpers/server-process.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/peyk.mjs', import.meta.url));

describe('the peyk command', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'peyk-cli-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a user who can then sign in; refuses a taken username with exit code 1', async () => {
    const env = { ...process.env, PEYK_DATA_DIR: dataDir };
    const created = await run(
      process.execPath,
      [bin, 'user', 'create', '--username', 'Cli_User', '--password', 'cli password'],
      { env },
    );
    expect(created.stdout.trim().split('\n').at(-1)).toMatch(/^created user cli_user with id \d+$/);
    const again = await run(
      process.execPath,
      [bin, 'user', 'create', '--username', 'cli_user', '--password', 'other pass'],
      {
        env,
      },
    ).catch((error) => error);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('This username is taken');

    const server = new ServerProcess(await freePort(), { PEYK_DATA_DIR: dataDir });
    await server.start();
    try {
      const health = await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok', store: 'sqlite' });
      const client = new PeykClient({
        url: server.wsUrl,
        WebSocket: WebSocket as never,
        reconnect: { minMs: 10_000 },
      });
      const goodbyes: string[] = [];
      client.on('goodbye', (g) => goodbyes.push(g.code));
      await client.connect();
      const auth = await client.signIn({ username: 'cli_user', password: 'cli password' });
      expect(auth.user?.username).toBe('cli_user');
      expect(await client.request('listSessions', {})).toMatchObject({ sessions: [{ current: true }] });

      expect(await server.stop()).toBe(0);
      await eventually(() => goodbyes.length > 0, 'the goodbye before shutdown');
      expect(goodbyes).toEqual([GoodbyeCode.SERVER_SHUTDOWN]);
      client.close();
    } finally {
      await server.kill();
    }
  }, 60_000);

  it('creates a bot for an existing owner and prints its token last; the token works on the Bot API', async () => {
    const env = { ...process.env, PEYK_DATA_DIR: dataDir };
    await run(
      process.execPath,
      [bin, 'user', 'create', '--username', 'bot_owner', '--password', 'owner password'],
      {
        env,
      },
    );
    const created = await run(
      process.execPath,
      [bin, 'bot', 'create', '--owner', 'bot_owner', '--username', 'Cli_Echo_bot'],
      { env },
    );
    const token = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^\d+:[A-Za-z0-9_-]{43}$/);
    const refused = await run(
      process.execPath,
      [bin, 'bot', 'create', '--owner', 'bot_owner', '--username', 'not_a_b0t'],
      {
        env,
      },
    ).catch((error) => error);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('must end in "bot"');
    const server = new ServerProcess(await freePort(), { PEYK_DATA_DIR: dataDir });
    await server.start();
    try {
      const me = await (await fetch(`http://127.0.0.1:${server.port}/bot${token}/getMe`)).json();
      expect(me).toMatchObject({
        ok: true,
        result: { id: Number(token.split(':')[0]), username: 'cli_echo_bot' },
      });
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('prints its usage for an unknown command', async () => {
    const result = await run(process.execPath, [bin, 'fly'], {}).catch((error) => error);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('peyk start');
  });
});
