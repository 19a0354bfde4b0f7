import type { Chat } from '@peyk/protocol';

/** Whether an admin's restriction of mine holds in this chat now (the server enforces it too). */
export function restrictedFrom(chat: Chat | undefined, kind: 'noMessages' | 'noMedia' | 'noLinks'): boolean {
  const mine = chat?.myRestrictions;
  if (!mine?.[kind]) return false;
  return mine.until === 0 || mine.until > Date.now() / 1000;
}
