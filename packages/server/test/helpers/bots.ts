import type { PeykClient } from '@peyk/client';
import type { TestServer } from './server.js';

/** Telegram's JSON as a test reads it: the assertions check its shape, not the types. */
// biome-ignore lint/suspicious/noExplicitAny: replies are checked by the assertions that read them
export type TelegramJson = any;

/** A bot owned by `owner`, made through the domain as the CLI does; returns its token. */
export async function createBot(server: TestServer, owner: PeykClient, username: string): Promise<string> {
  const { token } = await server.app.domain.bots.create(Number(owner.user?.id), username, username);
  return token;
}

/** Calls a Bot API method with a JSON body; returns the HTTP status and Telegram's reply. */
export async function callBotApi(
  server: TestServer,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<{
  status: number;
  body: {
    ok: boolean;
    result?: TelegramJson;
    error_code?: number;
    description?: string;
    parameters?: Record<string, number>;
  };
}> {
  const response = await fetch(`${server.app.httpUrl}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: await response.json() };
}
