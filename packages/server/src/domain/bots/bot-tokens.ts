import { createHmac, randomBytes } from 'node:crypto';

const TOKEN = /^(\d{1,16}):[A-Za-z0-9_-]{35,}$/;

/** Telegram's shape, `<bot user id>:<secret>`; the secret is 256 random bits (43 base64url characters). */
export function newBotToken(botId: number): string {
  return `${botId}:${randomBytes(32).toString('base64url')}`;
}

/** The bot id a token names, or 0 when the token is not in a bot token's shape. */
export function botIdOfToken(token: string): number {
  const match = TOKEN.exec(token);
  return match ? Number(match[1]) : 0;
}

/** Telegram's mini app signing key for a token: HMAC-SHA256 with the key "WebAppData", hex. */
export function webAppKey(token: string): string {
  return createHmac('sha256', 'WebAppData').update(token).digest('hex');
}
