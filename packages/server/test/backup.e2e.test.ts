import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PeykClient } from '@peyk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort, ServerProcess } from './helpers/server-process.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/peyk.mjs', import.meta.url));
const PASSWORD = 'backup password';

/** The peyk command with a data directory; resolves with its exit code and output. */
async function peyk(dataDir: string, ...args: string[]) {
  return run(process.execPath, [bin, ...args], { env: { ...process.env, PEYK_DATA_DIR: dataDir } }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function signedIn(server: ServerProcess, signUp: boolean): Promise<PeykClient> {
  const client = new PeykClient({ url: server.wsUrl, WebSocket: WebSocket as never });
  await client.connect();
  const credentials = { username: 'keeper', password: PASSWORD };
  if (signUp) await client.signUp({ ...credentials, displayName: 'Keeper' });
  else await client.signIn(credentials);
  return client;
}

/** Every message id in Saved Messages, oldest first. */
async function savedIds(client: PeykClient): Promise<number[]> {
  const chat = await client.request('openPrivateChat', { userId: client.user?.id ?? '' });
  const ids: number[] = [];
  for (let anchor = 1; ; ) {
    const page = await client.request('getHistory', {
      chatId: chat.id,
      anchorId: anchor,
      before: 0,
      after: 100,
    });
    const fresh = page.messages.map((m) => m.id).filter((id) => id >= anchor && !ids.includes(id));
    if (fresh.length === 0) return ids;
    ids.push(...fresh);
    anchor = (fresh.at(-1) ?? anchor) + 1;
  }
}

describe('backup and restore of the embedded store', () => {
  let live: string;
  let restored: string;
  let backupFile: string;
  beforeAll(() => {
    live = mkdtempSync(join(tmpdir(), 'peyk-live-'));
    restored = mkdtempSync(join(tmpdir(), 'peyk-restored-'));
    backupFile = join(mkdtempSync(join(tmpdir(), 'peyk-backup-')), 'peyk-backup.db');
  });
  afterAll(() => {
    for (const dir of [live, restored, join(backupFile, '..')]) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while messages keep arriving, refuses to restore over a running server, and restores whole', async () => {
    const server = new ServerProcess(await freePort(), { PEYK_DATA_DIR: live });
    await server.start();
    let backupIds: number[] = [];
    try {
      const client = await signedIn(server, true);
      const chat = await client.request('openPrivateChat', { userId: client.user?.id ?? '' });
      const acked: number[] = [];
      const send = async (n: number) => {
        for (let i = 0; i < n; i++) acked.push((await client.sendMessage(chat.id, `note ${i}`)).id);
      };
      await send(50);
      const ackedBeforeBackup = [...acked];
      // Messages keep coming while the backup runs.
      const writing = send(200);
      const backup = await peyk(live, 'backup', '--to', backupFile);
      await writing;
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/backed up \d+ pages/);
      expect(existsSync(`${backupFile}.partial`)).toBe(false);

      // Restoring over the store of a running server is refused, and the server carries on.
      const refused = await peyk(live, 'restore', '--from', backupFile);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('locked');
      expect(await savedIds(client)).toEqual(acked);
      client.close();

      // Restore into a new data directory and start a server on it.
      const restore = await peyk(restored, 'restore', '--from', backupFile);
      expect(restore.code, restore.stderr).toBe(0);
      const second = new ServerProcess(await freePort(), { PEYK_DATA_DIR: restored });
      await second.start();
      try {
        const again = await signedIn(second, false);
        backupIds = await savedIds(again);
        again.close();
      } finally {
        await second.stop();
      }
      // A snapshot of one moment: everything acknowledged before the backup began, and after it
      // an unbroken run of ids (no message without the ones before it).
      expect(backupIds.slice(0, ackedBeforeBackup.length)).toEqual(ackedBeforeBackup);
      expect(backupIds).toEqual(acked.slice(0, backupIds.length));
    } finally {
      await server.stop();
    }
  }, 90_000);

  it('refuses a file that is not a Peyk database, and leaves the store as it was', async () => {
    const junk = join(restored, 'junk.db');
    writeFileSync(junk, 'not a database at all, just words '.repeat(200));
    const result = await peyk(restored, 'restore', '--from', junk);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a database|damaged|not a Peyk database/);
    const server = new ServerProcess(await freePort(), { PEYK_DATA_DIR: restored });
    await server.start();
    try {
      const client = await signedIn(server, false);
      expect((await savedIds(client)).length).toBeGreaterThanOrEqual(50);
      client.close();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('points PostgreSQL users to pg_dump', async () => {
    const result = await run(process.execPath, [bin, 'backup', '--to', backupFile], {
      env: { ...process.env, PEYK_STORE: 'postgres://127.0.0.1/test' },
    }).catch((error) => error);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pg_dump');
  });
});
