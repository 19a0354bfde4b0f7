import { create } from '@bufbuild/protobuf';
import { type ReplyMarkup, ReplyMarkupKind, ReplyMarkupSchema } from '@peyk/protocol';
import { badRequest } from './bot-api-error.js';
import type { Json } from './objects.js';

const invalid = () => badRequest("can't parse reply keyboard markup JSON object");

/** Telegram's reply_markup (InlineKeyboardMarkup, ReplyKeyboardMarkup, ...) as the protocol's. */
export function replyMarkupFromJson(value: unknown): ReplyMarkup | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw invalid();
  const markup = value as Json;
  if (Array.isArray(markup.inline_keyboard)) {
    return create(ReplyMarkupSchema, {
      kind: ReplyMarkupKind.INLINE_KEYBOARD,
      rows: rowsOf(markup.inline_keyboard, (button) => ({
        text: String(button.text ?? ''),
        callbackData: typeof button.callback_data === 'string' ? button.callback_data : '',
        url: typeof button.url === 'string' ? button.url : '',
        switchInlineQuery: typeof button.switch_inline_query === 'string' ? button.switch_inline_query : '',
        webAppUrl:
          typeof (button.web_app as Json | undefined)?.url === 'string'
            ? String((button.web_app as Json).url)
            : '',
      })),
    });
  }
  if (Array.isArray(markup.keyboard)) {
    // COMPAT: request_contact, request_location, request_poll, request_users and request_chat
    // buttons are plain text buttons; is_persistent and selective are not applied.
    return create(ReplyMarkupSchema, {
      kind: ReplyMarkupKind.REPLY_KEYBOARD,
      rows: rowsOf(markup.keyboard, (button) => ({ text: String(button.text ?? '') })),
      oneTime: markup.one_time_keyboard === true,
      resize: markup.resize_keyboard === true,
      placeholder: typeof markup.input_field_placeholder === 'string' ? markup.input_field_placeholder : '',
    });
  }
  if (markup.remove_keyboard === true)
    return create(ReplyMarkupSchema, { kind: ReplyMarkupKind.REMOVE_KEYBOARD });
  if (markup.force_reply === true) {
    return create(ReplyMarkupSchema, {
      kind: ReplyMarkupKind.FORCE_REPLY,
      placeholder: typeof markup.input_field_placeholder === 'string' ? markup.input_field_placeholder : '',
    });
  }
  throw invalid();
}

function rowsOf(rows: unknown[], button: (json: Json) => Record<string, string>) {
  return rows.map((row) => {
    if (!Array.isArray(row)) throw invalid();
    // Reply keyboards may list buttons as plain strings.
    return {
      buttons: row.map((item) => button(typeof item === 'string' ? { text: item } : ((item ?? {}) as Json))),
    };
  });
}

/** Only inline keyboards are part of a Telegram Message object. */
export function inlineKeyboardJson(markup: ReplyMarkup | undefined): Json | undefined {
  if (markup?.kind !== ReplyMarkupKind.INLINE_KEYBOARD) return undefined;
  return {
    inline_keyboard: markup.rows.map((row) =>
      row.buttons.map((button) => {
        const json: Json = { text: button.text };
        if (button.callbackData) json.callback_data = button.callbackData;
        if (button.url) json.url = button.url;
        if (button.webAppUrl) json.web_app = { url: button.webAppUrl };
        if (!button.callbackData && !button.url && !button.webAppUrl)
          json.switch_inline_query = button.switchInlineQuery;
        return json;
      }),
    ),
  };
}
