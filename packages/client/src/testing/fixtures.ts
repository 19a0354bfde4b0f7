// Test support: small builders shared by the client's tests.
import { WebSocket } from 'ws';
import { PeykClient, type PeykClientOptions } from '../peyk-client.js';
import type { ResultInit, ScriptedConnection, ScriptedServer, UpdateInit } from './scripted-server.js';

/** An `auth` result for user `userId` at `pts`. */
export function authResult(pts: number, token = 'token-1', userId = '1'): ResultInit {
  return {
    case: 'auth',
    value: {
      token,
      user: { id: userId, username: `user${userId}` },
      sessionId: '100',
      state: { pts, date: 1 },
    },
  };
}

/** A `new_message` update at `pts`. */
export function newMessage(pts: number, chatId = '7', id = pts, senderId = '2'): UpdateInit {
  return {
    pts,
    date: 1000 + pts,
    kind: { case: 'newMessage', value: { chatId, id, senderId, date: 1000 + pts, text: `m${id}` } },
  };
}

/** A `difference` result. */
export function difference(
  updates: UpdateInit[],
  pts: number,
  flags: { partial?: boolean; tooLong?: boolean } = {},
): ResultInit {
  return { case: 'difference', value: { updates, state: { pts, date: 1 }, ...flags } };
}

/** A client for `server` with fast timers, not yet connected. */
export function testClient(server: ScriptedServer, options: Partial<PeykClientOptions> = {}): PeykClient {
  return new PeykClient({
    url: server.url,
    WebSocket,
    requestTimeoutMs: 1000,
    reconnect: { minMs: 10, maxMs: 50, jitter: 0 },
    ...options,
  });
}

/** A connected client, signed up at `pts` on the server's next connection. */
export async function signedInClient(
  server: ScriptedServer,
  pts = 0,
  options: Partial<PeykClientOptions> = {},
): Promise<{ client: PeykClient; connection: ScriptedConnection }> {
  const client = testClient(server, options);
  await client.connect();
  const connection = await server.nextConnection();
  const signingUp = client.signUp({ username: 'alice', password: 'password1' });
  connection.reply(await connection.next('signUp'), authResult(pts));
  await signingUp;
  return { client, connection };
}
