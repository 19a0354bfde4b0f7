import type { InlineResultInput } from '../../domain/index.js';
import { badRequest } from './bot-api-error.js';
import { replyMarkupFromJson } from './keyboards.js';
import type { BotMethod } from './message-methods.js';
import { entitiesFromJson, type Json } from './objects.js';
import { type FormattedText, parseHtml, parseMarkdownV2 } from './parse-mode.js';

/** InputTextMessageContent: its text, formatted by parse_mode or given entities. */
function textContent(content: Json): FormattedText {
  const text = content.message_text;
  if (typeof text !== 'string') throw badRequest('message text is empty');
  const mode = typeof content.parse_mode === 'string' ? content.parse_mode.toLowerCase() : '';
  if (mode === 'html') return parseHtml(text);
  if (mode === 'markdownv2' || mode === 'markdown') return parseMarkdownV2(text);
  if (mode) throw badRequest('unsupported parse_mode');
  return { text, entities: content.entities === undefined ? [] : entitiesFromJson(content.entities) };
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
