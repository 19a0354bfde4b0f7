import { ErrorCode } from '@peyk/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PeykClient } from './peyk-client.js';
import { ClientErrorCode, PeykError } from './peyk-error.js';
import { authResult, signedInClient, testClient } from './testing/fixtures.js';
import { ScriptedServer, until } from './testing/scripted-server.js';

let server: ScriptedServer;
const clients: PeykClient[] = [];

beforeEach(async () => {
  server = await ScriptedServer.start();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
});

function track(client: PeykClient): PeykClient {
  clients.push(client);
  return client;
}

describe('PeykClient requests', () => {
  it('matches responses to requests by frame id, in any order', async () => {
    const client = track(testClient(server));
    await client.connect();
    const connection = await server.nextConnection();

    const first = client.request('resolveUsername', { username: 'first' });
    const second = client.request('resolveUsername', { username: 'second' });
    const a = await connection.next('resolveUsername');
    const b = await connection.next('resolveUsername');
    expect(a.id).not.toBe(b.id);

    // Answer the second request first.
    connection.reply(b, { case: 'user', value: { id: '2', username: 'second' } });
    connection.reply(a, { case: 'user', value: { id: '1', username: 'first' } });

    expect((await first).username).toBe('first');
    expect((await second).username).toBe('second');
  });

  it('rejects with a PeykError carrying the code, message and retry_after', async () => {
    const client = track(testClient(server));
    await client.connect();
    const connection = await server.nextConnection();

    const signingIn = client.signIn({ username: 'alice', password: 'bad password' });
    connection.fail(await connection.next('signIn'), ErrorCode.FLOOD_WAIT, 'slow down', 42);

    const error = await signingIn.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PeykError);
    expect(error).toMatchObject({ code: ErrorCode.FLOOD_WAIT, message: 'slow down', retryAfter: 42 });
    expect(client.token).toBeUndefined();
  });

  it('rejects a result of the wrong kind with UNEXPECTED_RESULT', async () => {
    const client = track(testClient(server));
    await client.connect();
    const connection = await server.nextConnection();

    const request = client.request('getChat', { chatId: '5' });
    connection.reply(await connection.next('getChat'), { case: 'ok', value: {} });

    await expect(request).rejects.toMatchObject({ code: ClientErrorCode.UNEXPECTED_RESULT });
  });

  it('times out after requestTimeoutMs and ignores a late response', async () => {
    const client = track(testClient(server, { requestTimeoutMs: 100 }));
    await client.connect();
    const connection = await server.nextConnection();

    const started = Date.now();
    const request = client.request('getState', {});
    const frame = await connection.next('getState');
    await expect(request).rejects.toMatchObject({ code: ClientErrorCode.TIMEOUT });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);

    // The late answer settles nothing, and the connection keeps working.
    connection.reply(frame, { case: 'state', value: { pts: 1 } });
    const next = client.request('getState', {});
    connection.reply(await connection.next('getState'), { case: 'state', value: { pts: 2 } });
    expect((await next).pts).toBe(2);
  });

  it('holds requests made before connecting and sends them once connected', async () => {
    const client = track(testClient(server));
    const request = client.request('getState', {});
    await client.connect();
    const connection = await server.nextConnection();
    connection.reply(await connection.next('getState'), { case: 'state', value: { pts: 9 } });
    expect((await request).pts).toBe(9);
  });

  it('fails a request that waits for a connection that never comes, after the timeout', async () => {
    const client = track(testClient(server, { requestTimeoutMs: 80 }));
    await expect(client.request('getState', {})).rejects.toMatchObject({ code: ClientErrorCode.TIMEOUT });
  });

  it('fails requests in flight with DISCONNECTED when the connection drops', async () => {
    const client = track(testClient(server));
    await client.connect();
    const connection = await server.nextConnection();
    const request = client.request('createGroup', { title: 'g' });
    await connection.next('createGroup');
    connection.terminate();
    await expect(request).rejects.toMatchObject({ code: ClientErrorCode.DISCONNECTED });
  });

  it('keeps the token and the state from a sign-up', async () => {
    const client = track(testClient(server, { deviceName: 'test device' }));
    const authenticated: string[] = [];
    client.on('authenticated', (auth) => authenticated.push(auth.token));
    await client.connect();
    const connection = await server.nextConnection();

    const signingUp = client.signUp({ username: 'alice', password: 'password1', displayName: 'Alice' });
    const frame = await connection.next('signUp');
    expect(frame.request.value).toMatchObject({ username: 'alice', deviceName: 'test device' });
    connection.reply(frame, authResult(17, 'tok'));
    const auth = await signingUp;

    expect(auth.user?.id).toBe('1');
    expect(client.token).toBe('tok');
    expect(client.pts).toBe(17);
    expect(client.user?.username).toBe('user1');
    expect(authenticated).toEqual(['tok']);
  });

  it('sends phone sign-in requests and returns their results', async () => {
    const client = track(testClient(server));
    await client.connect();
    const connection = await server.nextConnection();

    const sending = client.sendPhoneCode('+989121234567');
    const codeFrame = await connection.next('sendPhoneCode');
    expect(codeFrame.request.value).toMatchObject({ phone: '+989121234567' });
    connection.reply(codeFrame, {
      case: 'phoneCodeSent',
      value: { codeId: 'c1', expiresIn: 300, codeLength: 5 },
    });
    expect((await sending).codeId).toBe('c1');

    const signingIn = client.signInWithPhone({ phone: '+989121234567', codeId: 'c1', code: '12345' });
    connection.reply(await connection.next('signInWithPhone'), authResult(3, 'phone-token'));
    await signingIn;
    expect(client.token).toBe('phone-token');
    expect(client.pts).toBe(3);
  });

  it('forgets the token and state after signOut', async () => {
    const { client, connection } = await signedInClient(server, 5);
    track(client);
    const signingOut = client.signOut();
    connection.reply(await connection.next('signOut'), { case: 'ok', value: {} });
    await signingOut;
    expect(client.token).toBeUndefined();
    expect(client.pts).toBeUndefined();
  });

  it('rejects everything pending with CLIENT_CLOSED on close(), and refuses new requests', async () => {
    const client = track(testClient(server));
    await client.connect();
    const connection = await server.nextConnection();
    const inFlight = client.request('getState', {});
    await connection.next('getState');
    const sending = client.sendMessage('7', 'hello');

    client.close();

    await expect(inFlight).rejects.toMatchObject({ code: ClientErrorCode.CLIENT_CLOSED });
    await expect(sending).rejects.toMatchObject({ code: ClientErrorCode.CLIENT_CLOSED });
    await expect(client.request('getState', {})).rejects.toMatchObject({
      code: ClientErrorCode.CLIENT_CLOSED,
    });
    expect(client.status).toBe('closed');
    await connection.closed;
    await until(() => server.connections.length === 1);
  });

  it('needs a WebSocket implementation where there is no global one', () => {
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      expect(() => new PeykClient({ url: server.url })).toThrow(/WebSocket/);
      expect(() => new PeykClient({ url: server.url, WebSocket })).not.toThrow();
    } finally {
      if (saved) global.WebSocket = saved;
    }
  });
});
