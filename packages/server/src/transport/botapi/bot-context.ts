import { randomInt } from 'node:crypto';
import type { BotSession, Domain } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import type { ParamReader } from './params.js';
import type { DownloadedFile } from './url-download.js';

/** One Bot API call: the bot making it, its parameters, and the domain it acts on. */
export interface BotCall {
  domain: Domain;
  session: BotSession;
  params: ParamReader;
  /** Aborted when the caller hangs up (ends a long poll early). */
  signal: AbortSignal;
  /** Flood control for sends to a chat (Peyk's chat id): rejects with 429 past the limits. */
  throttleSend(chatId: number, isGroup: boolean): Promise<void>;
  /** Fetches a file a bot names by URL (SSRF-checked). */
  downloadUrl(url: string): Promise<DownloadedFile>;
}

/** Peyk's chat id for a Bot API chat_id: a person's id for a private chat, minus a group's id. */
export async function resolveChat(call: BotCall, name = 'chat_id'): Promise<number> {
  const raw = call.params.string(name);
  if (raw === undefined) throw badRequest(`${name} is empty`);
  if (/^@[A-Za-z0-9_]{1,64}$/.test(raw.trim())) {
    return call.domain.bots.chatByUsername(call.session.caller, raw.trim().slice(1));
  }
  if (!/^-?\d{1,16}$/.test(raw.trim())) throw badRequest('chat not found');
  const id = Number(raw);
  if (id > 0) return call.domain.bots.privateChatWith(call.session.caller, id);
  if (id < 0) return call.domain.bots.groupOf(call.session.caller, -id);
  throw badRequest('chat not found');
}

/** Whether a call's chat_id names a group, supergroup or channel (for flood control): not a person's id. */
export function isGroupTarget(call: BotCall, name = 'chat_id'): boolean {
  return !/^\d+$/.test((call.params.string(name) ?? '').trim());
}

/** Bot API calls carry no random_id: each gets a fresh one (a retried call sends again, as Telegram's). */
export function freshRandomId(): string {
  return String(randomInt(1, 2 ** 47));
}
