import { toJsonString } from '@bufbuild/protobuf';
import { type ReplyMarkup, ReplyMarkupKind, ReplyMarkupSchema } from '@peyk/protocol';
import type { Repositories } from '../../store/store.js';
import { invalidInput } from '../errors.js';

const MAX_BUTTONS = 100;
const MAX_ROW = 12;
const LINK = /^(https?:\/\/|tg:\/\/)[^\s]{1,2040}$/i;
// COMPAT: besides https, plain http on loopback (a secure context for browsers too: for development).
const WEB_APP_URL = /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/)[^\s]{0,2040}$/i;

/**
 * Checks a keyboard a bot attaches to a message; returns it as stored (JSON), or null for none.
 * Only bots attach keyboards: for anyone else a keyboard is refused.
 */
export async function checkReplyMarkup(
  repos: Repositories,
  senderId: number,
  markup: ReplyMarkup | undefined,
): Promise<string | null> {
  if (!markup || markup.kind === ReplyMarkupKind.UNSPECIFIED) return null;
  if (!(await repos.accounts.userById(senderId))?.is_bot) throw invalidInput('only bots attach keyboards');
  const inline = markup.kind === ReplyMarkupKind.INLINE_KEYBOARD;
  const keyboard = inline || markup.kind === ReplyMarkupKind.REPLY_KEYBOARD;
  if (!keyboard && markup.rows.length > 0) throw invalidInput('this keyboard kind has no buttons');
  if (markup.placeholder.length > 64) throw invalidInput('a placeholder has at most 64 characters');
  let count = 0;
  for (const row of markup.rows) {
    if (row.buttons.length === 0 || row.buttons.length > MAX_ROW)
      throw invalidInput(`a row has 1-${MAX_ROW} buttons`);
    for (const button of row.buttons) {
      if (++count > MAX_BUTTONS) throw invalidInput(`a keyboard has at most ${MAX_BUTTONS} buttons`);
      if (!button.text || button.text.length > 64) throw invalidInput('a button text has 1-64 characters');
      const actions = [button.callbackData, button.url, button.switchInlineQuery, button.webAppUrl].filter(
        Boolean,
      );
      if (!inline) {
        if (actions.length > 0) throw invalidInput('reply keyboard buttons carry only text');
        continue;
      }
      if (actions.length !== 1 && !(button.switchInlineQuery === '' && actions.length === 0)) {
        throw invalidInput('an inline button has exactly one action');
      }
      if (Buffer.byteLength(button.callbackData) > 64)
        throw invalidInput('callback data has at most 64 bytes');
      if (button.url && !LINK.test(button.url)) throw invalidInput('a button url must be http(s) or tg');
      if (button.webAppUrl && !WEB_APP_URL.test(button.webAppUrl))
        throw invalidInput('a web app url must be https');
    }
  }
  if (keyboard && count === 0) throw invalidInput('a keyboard needs a button');
  return toJsonString(ReplyMarkupSchema, markup);
}
