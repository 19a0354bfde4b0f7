/** Telegram's update kinds that Peyk produces. */
export const BOT_UPDATE_KINDS = [
  'message',
  'edited_message',
  'callback_query',
  'my_chat_member',
  'chat_member',
  'message_reaction',
  'channel_post',
  'edited_channel_post',
  'chat_join_request',
  'poll',
  'poll_answer',
  'inline_query',
  'chosen_inline_result',
] as const;

export type BotUpdateKind = (typeof BOT_UPDATE_KINDS)[number];

/** As Telegram's: with no list given, every kind except these. */
const OPT_IN: ReadonlySet<string> = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Whether a bot that asked for `allowed` (JSON list, '' or '[]' for the default) gets `kind`. */
export function isAllowed(allowed: string, kind: BotUpdateKind): boolean {
  const list: string[] = allowed ? JSON.parse(allowed) : [];
  return list.length === 0 ? !OPT_IN.has(kind) : list.includes(kind);
}

/** Keeps the kinds Telegram knows (unknown names are ignored, as Telegram does), as stored JSON. */
export function allowedUpdatesJson(kinds: readonly string[]): string {
  const known = new Set<string>([...BOT_UPDATE_KINDS, ...OPT_IN]);
  return JSON.stringify([...new Set(kinds.filter((kind) => known.has(kind)))]);
}
