import type { InlineResultInput } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { replyMarkupFromJson } from './keyboards.js';
import { type BotMethod, formatted } from './message-methods.js';
import type { Json } from './objects.js';
import { ParamReader } from './params.js';
import type { FormattedText } from './parse-mode.js';

/** InputTextMessageContent: its text, formatted by parse_mode or given entities. */
function textContent(content: Json): FormattedText {
  if (typeof content.message_text !== 'string') throw badRequest('message text is empty');
  return formatted(new ParamReader(content), 'message_text', 'entities');
}

/** Telegram's InlineQueryResultArticle as the domain's result. */
function resultFromJson(value: unknown, index: number): InlineResultInput {
  if (typeof value !== 'object' || value === null) throw badRequest("can't parse InlineQueryResult");
  const result = value as Json;
  // COMPAT: only article results are supported; photo, gif, video and the other kinds are refused.
  if (result.type !== 'article') throw badRequest(`RESULT_TYPE_INVALID: result ${index} is not an article`);
  const content = result.input_message_content as Json | undefined;
  if (typeof content !== 'object' || content === null) {
    throw badRequest(`result ${index}: input_message_content is required`);
  }
  const formatted = textContent(content);
  return {
    id: String(result.id ?? ''),
    type: 'article',
    title: String(result.title ?? ''),
    description: typeof result.description === 'string' ? result.description : '',
    thumbnailUrl:
      typeof result.thumbnail_url === 'string'
        ? result.thumbnail_url
        : typeof result.thumb_url === 'string'
          ? result.thumb_url
          : '',
    messageText: formatted.text,
    entities: formatted.entities,
    replyMarkup: replyMarkupFromJson(result.reply_markup),
  };
}

export const inlineMethods: Record<string, BotMethod> = {
  // COMPAT: button (switch to a private chat or a web app) is accepted and not shown.
  async answerInlineQuery(call) {
    const queryId = call.params.requireString('inline_query_id', 'inline_query_id is empty');
    const results = call.params.json('results');
    if (!Array.isArray(results)) throw badRequest("can't parse inline query results JSON object");
    const answered = await call.domain.inline.answer(call.session.caller, queryId, {
      results: results.map(resultFromJson),
      cacheTime: call.params.int('cache_time') ?? 300,
      isPersonal: call.params.bool('is_personal') ?? false,
      nextOffset: call.params.string('next_offset') ?? '',
    });
    if (!answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
    return true;
  },
};
