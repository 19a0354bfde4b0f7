import { type ClientFrame, ErrorCode, type SendMessageRequest } from '@peyk/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeykClient } from './peyk-client.js';
import { randomId } from './random-id.js';
import { authResult, difference, signedInClient } from './testing/fixtures.js';
import {
  type ResultInit,
  type ScriptedConnection,
  ScriptedServer,
  sleep,
  until,
} from './testing/scripted-server.js';

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

function sent(frame: ClientFrame): SendMessageRequest {
  if (frame.request.case !== 'sendMessage') throw new Error(`not a send: ${frame.request.case}`);
  return frame.request.value;
}

function stored(frame: ClientFrame, id: number): ResultInit {
  const { chatId, randomId, text } = sent(frame);
  return { case: 'message', value: { chatId, id, senderId: '1', date: 5, text, randomId } };
}

async function start(options = {}) {
  const signed = await signedInClient(server, 0, options);
  client = signed.client;
  return { client: signed.client, connection: signed.connection };
}

async function resume(connection: ScriptedConnection): Promise<void> {
  connection.reply(await connection.next('authenticate'), authResult(0));
  connection.reply(await connection.next('getDifference'), difference([], 0));
}

describe('outgoing message queue', () => {
  it('retries with the same random_id across a dropped connection', async () => {
    const { client, connection } = await start();
    const sending = client.sendMessage('7', 'hello', { replyToId: 3, silent: true });
    const first = sent(await connection.next('sendMessage'));
    expect(first).toMatchObject({ chatId: '7', text: 'hello', replyToId: 3, silent: true });
    expect(client.pendingSends).toMatchObject([{ randomId: first.randomId, status: 'sending', attempts: 1 }]);

    connection.terminate();
    const second = await server.nextConnection();
    await resume(second);
    const retry = await second.next('sendMessage');
    expect(sent(retry)).toMatchObject({ randomId: first.randomId, silent: true });
    second.reply(retry, stored(retry, 41));

    const message = await sending;
    expect(message).toMatchObject({ id: 41, chatId: '7', randomId: first.randomId });
    expect(client.pendingSends).toEqual([]);
  });

  it('retries after a timeout and after INTERNAL with the same random_id', async () => {
    const { client, connection } = await start({ requestTimeoutMs: 100 });
    const sending = client.sendMessage('7', 'hi');
    const first = await connection.next('sendMessage'); // left unanswered: times out
    const second = await connection.next('sendMessage');
    connection.fail(second, ErrorCode.INTERNAL, 'db hiccup');
    const third = await connection.next('sendMessage');
    connection.reply(third, stored(third, 2));

    expect((await sending).id).toBe(2);
    expect(new Set([first, second, third].map((f) => sent(f).randomId)).size).toBe(1);
  });

  it('waits out FLOOD_WAIT before retrying', async () => {
    const { client, connection } = await start();
    const sending = client.sendMessage('7', 'hi');
    const first = await connection.next('sendMessage');
    const refusedAt = Date.now();
    connection.fail(first, ErrorCode.FLOOD_WAIT, 'wait', 1);
    await until(() => client.pendingSends[0]?.status === 'retrying');
    expect(client.pendingSends[0]?.lastError?.code).toBe(ErrorCode.FLOOD_WAIT);

    const retry = await connection.next('sendMessage');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(950);
    connection.reply(retry, stored(retry, 9));
    expect((await sending).id).toBe(9);
  });

  it('rejects on a non-retryable error and goes on with the next send', async () => {
    const { client, connection } = await start();
    const bad = client.sendMessage('7', 'x'.repeat(5000));
    const good = client.sendMessage('7', 'ok');
    connection.fail(await connection.next('sendMessage'), ErrorCode.MESSAGE_TOO_LONG, 'too long');
    await expect(bad).rejects.toMatchObject({ code: ErrorCode.MESSAGE_TOO_LONG });
    const next = await connection.next('sendMessage');
    expect(sent(next).text).toBe('ok');
    connection.reply(next, stored(next, 1));
    expect((await good).text).toBe('ok');
  });

  it('sends to one chat in order, one at a time, while other chats go ahead', async () => {
    const { client, connection } = await start();
    const a = client.sendMessage('7', 'a');
    const b = client.sendMessage('7', 'b');
    const c = client.sendMessage('8', 'c');
    const first = await connection.next('sendMessage');
    const second = await connection.next('sendMessage');
    expect([sent(first).text, sent(second).text]).toEqual(['a', 'c']);
    expect(client.pendingSends.map((p) => [p.text, p.status])).toEqual([
      ['a', 'sending'],
      ['b', 'queued'],
      ['c', 'sending'],
    ]);
    await sleep(30);
    expect(connection.frames.filter((f) => f.request.case === 'sendMessage')).toHaveLength(2);

    connection.reply(second, stored(second, 1));
    connection.reply(first, stored(first, 1));
    const third = await connection.next('sendMessage');
    expect(sent(third).text).toBe('b');
    connection.reply(third, stored(third, 2));
    expect((await Promise.all([a, b, c])).map((m) => m.text)).toEqual(['a', 'b', 'c']);
  });
});

describe('randomId', () => {
  it('is a non-zero safe integer and differs between calls', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = randomId();
      expect(id).toMatch(/^[1-9][0-9]*$/);
      expect(Number.isSafeInteger(Number(id))).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });
});
