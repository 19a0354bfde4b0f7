import { createHmac } from 'node:crypto';

/**
 * Telegram's mini app launch data: the fields as a query string with `hash`, the hex
 * HMAC-SHA256 of the data-check string (every field but hash, sorted, as `key=value` lines) under
 * the bot's web app key. A bot checks it with its token exactly as it would Telegram's.
 */
export function signInitData(webAppKeyHex: string, fields: Record<string, string>): string {
  const check = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const hash = createHmac('sha256', Buffer.from(webAppKeyHex, 'hex')).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}
