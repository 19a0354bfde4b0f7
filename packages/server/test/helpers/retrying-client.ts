import { PeykClient } from '@peyk/client';
import { WebSocket } from 'ws';
import { PASSWORD } from './server.js';

/**
 * A newly signed-up person on a client that gives up on a request after 3 s and reconnects
 * within half a second: made for runs where servers die and come back (the chaos runs).
 */
export async function retryingUser(url: string, username: string): Promise<PeykClient> {
  const client = new PeykClient({
    url,
    WebSocket: WebSocket as never,
    requestTimeoutMs: 3000,
    reconnect: { minMs: 50, maxMs: 500 },
  });
  try {
    await client.connect();
    await client.signUp({ username, password: PASSWORD, displayName: username });
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}
