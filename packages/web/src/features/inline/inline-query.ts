/** "@name_bot query" at the start of the composer: the bot's username and the query (Telegram's rule). */
export function parseInlineQuery(text: string): { username: string; query: string } | undefined {
  const match = /^@([A-Za-z][A-Za-z0-9_]{2,30}bot) ([\s\S]*)$/i.exec(text);
  return match ? { username: (match[1] as string).toLowerCase(), query: match[2] as string } : undefined;
}
