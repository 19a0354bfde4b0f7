import { PeykClient } from '@peyk/client';
import type { User } from '@peyk/protocol';
import { WebSocket } from 'ws';

/** A person driven from Node through the SDK: quick to fill a chat with history. */
export async function sdkUser(
  url: string,
  username: string,
  displayName: string,
): Promise<{ client: PeykClient; user: User }> {
  const client = new PeykClient({ url, WebSocket, deviceName: 'test' });
  await client.connect();
  const auth = await client.signUp({ username, password: 'correct horse battery', displayName });
  if (!auth.user) throw new Error('no user');
  return { client, user: auth.user };
}
