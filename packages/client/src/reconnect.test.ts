import { ErrorCode, GoodbyeCode } from '@peyk/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisconnectInfo, SessionRevokedInfo } from './client-events.js';
import type { PeykClient } from './peyk-client.js';
import { ClientErrorCode } from './peyk-error.js';
import { authResult, difference, newMessage, signedInClient, testClient } from './testing/fixtures.js';
import { ScriptedServer, sleep, until } from './testing/scripted-server.js';

let server: ScriptedServer;
const clients: PeykClient[] = [];

beforeEach(async () => {
  server = await ScriptedServer.start();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
});

async function signedIn(pts = 0) {
  const signed = await signedInClient(server, pts);
  clients.push(signed.client);
  return signed;
}

describe('reconnect', () => {
  it('reconnects after a drop, authenticates with the token and fetches the difference first', async () => {
    const { client, connection } = await signedIn(0);
    const events: string[] = [];
    const delivered: number[] = [];
    client.on('connected', () => events.push('connected'));
    client.on('disconnected', (info) => events.push(`disconnected:${info.willReconnect}`));
    client.on('authenticated', () => events.push('authenticated'));
    client.on('update', (update) => delivered.push(update.pts));

    connection.push(newMessage(1));
    connection.push(newMessage(2));
    await until(() => delivered.length === 2);
    connection.terminate();

    const second = await server.nextConnection();
    const auth = await second.next();
    expect(auth.request.case).toBe('authenticate');
    expect(auth.request.value).toMatchObject({ token: 'token-1' });
    second.reply(auth, authResult(4));

    const fetch = await second.next('getDifference');
    expect(fetch.request.value).toMatchObject({ pts: 2 });
    // A push that arrives before the difference is answered waits for it.
    second.push(newMessage(5));
    await sleep(30);
    expect(delivered).toEqual([1, 2]);

    second.reply(fetch, difference([newMessage(3), newMessage(4)], 4));
    await until(() => delivered.length === 5);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(events).toEqual(['disconnected:true', 'connected', 'authenticated']);
    expect(client.status).toBe('ready');
  });

  it('sends requests made while disconnected after the resumed session is authenticated', async () => {
    const { client, connection } = await signedIn(0);
    connection.terminate();
    await until(() => client.status !== 'ready');
    const request = client.request('getState', {});

    const second = await server.nextConnection();
    const auth = await second.next();
    expect(auth.request.case).toBe('authenticate');
    await sleep(20);
    expect(second.frames.map((f) => f.request.case)).toEqual(['authenticate']);
    second.reply(auth, authResult(0));

    second.reply(await second.next('getState'), { case: 'state', value: { pts: 0 } });
    expect((await request).pts).toBe(0);
  });

  it('backs off exponentially while the server keeps failing authenticate', async () => {
    server.handle('authenticate', (frame, connection) => connection.fail(frame, ErrorCode.INTERNAL));
    const client = testClient(server, { token: 'saved', reconnect: { minMs: 40, maxMs: 160, jitter: 0 } });
    clients.push(client);
    const connecting = client.connect();

    await until(() => server.connections.length >= 5, 3000);
    client.close();
    await expect(connecting).rejects.toMatchObject({ code: ClientErrorCode.CLIENT_CLOSED });
    const opened: number[] = [];
    for (const connection of server.connections.slice(0, 5)) {
      opened.push(connection.openedAt);
    }
    const gaps = opened.slice(1).map((at, i) => at - (opened[i] as number));
    // 40, 80, 160, 160 ms plus connection set-up time.
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(150);
    expect(gaps[3]).toBeGreaterThanOrEqual(150);
    expect(gaps[3]).toBeLessThan(1000);
  });

  it('keeps retrying while the server is down and connects when it is back', async () => {
    const client = testClient(server);
    clients.push(client);
    const port = server.port;
    await server.close();
    const drops: DisconnectInfo[] = [];
    client.on('disconnected', (info) => drops.push(info));
    const connecting = client.connect();

    await until(() => drops.length >= 3);
    expect(drops.every((d) => d.willReconnect)).toBe(true);
    server = await ScriptedServer.start(port);
    await connecting;
    expect(client.status).toBe('ready');
  });

  it('resumes a saved session from its token and pts', async () => {
    const client = testClient(server, { token: 'saved', pts: 10 });
    clients.push(client);
    const delivered: number[] = [];
    client.on('update', (update) => delivered.push(update.pts));
    const connecting = client.connect();

    const connection = await server.nextConnection();
    const auth = await connection.next('authenticate');
    expect(auth.request.value).toMatchObject({ token: 'saved' });
    connection.reply(auth, authResult(11, ''));
    await connecting;
    const fetch = await connection.next('getDifference');
    expect(fetch.request.value).toMatchObject({ pts: 10 });
    connection.reply(fetch, difference([newMessage(11)], 11));
    await until(() => delivered.length === 1);
    expect(delivered).toEqual([11]);
    // An authenticate result without a token keeps the one we have.
    expect(client.token).toBe('saved');
  });

  it('reconnects after a SERVER_SHUTDOWN goodbye', async () => {
    const { client, connection } = await signedIn(0);
    const goodbyes: string[] = [];
    client.on('goodbye', (goodbye) => goodbyes.push(goodbye.code));
    connection.goodbye(GoodbyeCode.SERVER_SHUTDOWN);
    connection.close(1001);
    const second = await server.nextConnection();
    second.reply(await second.next('authenticate'), authResult(0));
    second.reply(await second.next('getDifference'), difference([], 0));
    await until(() => client.status === 'ready');
    expect(goodbyes).toEqual([GoodbyeCode.SERVER_SHUTDOWN]);
  });
});

describe('session revoked', () => {
  it('stops reconnecting after a SESSION_REVOKED goodbye and fails pending work', async () => {
    const { client, connection } = await signedIn(0);
    const revoked: SessionRevokedInfo[] = [];
    const drops: DisconnectInfo[] = [];
    client.on('sessionRevoked', (info) => revoked.push(info));
    client.on('disconnected', (info) => drops.push(info));
    const request = client.request('getState', {});
    await connection.next('getState');
    const sending = client.sendMessage('7', 'never sent');

    connection.goodbye(GoodbyeCode.SESSION_REVOKED, 'signed out elsewhere');
    connection.close(4001);

    await expect(request).rejects.toMatchObject({ code: ClientErrorCode.SESSION_REVOKED });
    await expect(sending).rejects.toMatchObject({ code: ClientErrorCode.SESSION_REVOKED });
    expect(revoked).toEqual([{ code: GoodbyeCode.SESSION_REVOKED, message: 'signed out elsewhere' }]);
    expect(drops.map((d) => d.willReconnect)).toEqual([false]);
    expect(client.token).toBeUndefined();
    expect(client.status).toBe('closed');
    await sleep(150);
    expect(server.connections).toHaveLength(1);
  });

  it('treats AUTH_TOKEN_INVALID on resume as a revoked session', async () => {
    server.handle('authenticate', (frame, connection) =>
      connection.fail(frame, ErrorCode.AUTH_TOKEN_INVALID),
    );
    const client = testClient(server, { token: 'stale' });
    clients.push(client);
    const revoked: SessionRevokedInfo[] = [];
    client.on('sessionRevoked', (info) => revoked.push(info));

    await expect(client.connect()).rejects.toMatchObject({ code: ClientErrorCode.SESSION_REVOKED });
    expect(revoked.map((r) => r.code)).toEqual([ErrorCode.AUTH_TOKEN_INVALID]);
    await sleep(100);
    expect(server.connections).toHaveLength(1);
  });
});
