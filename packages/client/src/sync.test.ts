import type { State, Update } from '@peyk/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeykClient } from './peyk-client.js';
import { difference, newMessage, signedInClient } from './testing/fixtures.js';
import { ScriptedServer, sleep, until } from './testing/scripted-server.js';

let server: ScriptedServer;
let client: PeykClient | undefined;

beforeEach(async () => {
  server = await ScriptedServer.start();
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await server.close();
});

async function start(pts = 0) {
  const signed = await signedInClient(server, pts);
  client = signed.client;
  const updates: Update[] = [];
  client.on('update', (update) => updates.push(update));
  return { ...signed, updates, pts: () => updates.map((u) => u.pts) };
}

describe('update stream over the socket', () => {
  it('on a gap (pts 1 then 3) fetches the difference and emits 1, 2, 3 once each', async () => {
    const { connection, pts } = await start(0);
    connection.push(newMessage(1));
    connection.push(newMessage(3));
    const fetch = await connection.next('getDifference');
    expect(fetch.request.value).toMatchObject({ pts: 1 });
    // The server's difference repeats 3, which was also pushed: it must still come out once.
    connection.reply(fetch, difference([newMessage(2), newMessage(3)], 3));
    await until(() => pts().length === 3);
    await sleep(20);
    expect(pts()).toEqual([1, 2, 3]);
    expect(client?.pts).toBe(3);
  });

  it('ignores duplicated frames', async () => {
    const { connection, updates, pts } = await start(4);
    connection.push(newMessage(5));
    connection.push(newMessage(5));
    connection.push(newMessage(4));
    connection.push(newMessage(6));
    await until(() => pts().length >= 2);
    await sleep(20);
    expect(pts()).toEqual([5, 6]);
    expect(updates[0]?.kind.case).toBe('newMessage');
    expect(connection.frames.filter((f) => f.request.case === 'getDifference')).toHaveLength(0);
  });

  it('loops while the difference is partial', async () => {
    const { connection, pts } = await start(0);
    connection.push(newMessage(5));
    const first = await connection.next('getDifference');
    expect(first.request.value).toMatchObject({ pts: 0 });
    connection.reply(first, difference([newMessage(1), newMessage(2)], 2, { partial: true }));
    const second = await connection.next('getDifference');
    expect(second.request.value).toMatchObject({ pts: 2 });
    connection.reply(second, difference([newMessage(3), newMessage(4)], 4));
    await until(() => pts().length === 5);
    expect(pts()).toEqual([1, 2, 3, 4, 5]);
  });

  it('on too_long emits reset and continues from state.pts', async () => {
    const { connection, pts } = await start(0);
    const resets: State[] = [];
    client?.on('reset', (state) => resets.push(state));
    connection.push(newMessage(200_000));
    connection.reply(await connection.next('getDifference'), difference([], 199_999, { tooLong: true }));
    await until(() => resets.length === 1);
    expect(resets[0]?.pts).toBe(199_999);
    await until(() => pts().length === 1);
    expect(pts()).toEqual([200_000]);
    connection.push(newMessage(200_001));
    await until(() => pts().length === 2);
    expect(client?.pts).toBe(200_001);
  });

  it('emits typing and presence (pts 0) as they come', async () => {
    const { connection, updates } = await start(3);
    connection.push({ pts: 0, kind: { case: 'typing', value: { chatId: '7', userId: '2', typing: true } } });
    connection.push({
      pts: 0,
      kind: { case: 'userPresence', value: { userId: '2', presence: { kind: 1 } } },
    });
    await until(() => updates.length === 2);
    expect(updates.map((u) => u.kind.case)).toEqual(['typing', 'userPresence']);
    expect(client?.pts).toBe(3);
  });
});
