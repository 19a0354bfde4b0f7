import { create, fromJsonString } from '@bufbuild/protobuf';
import {
  type InlineResult,
  InlineResultSchema,
  Limits,
  type MessageEntity,
  type ReplyMarkup,
  ReplyMarkupSchema,
} from '@peyk/protocol';
import type { Repositories } from '../../store/store.js';
import { checkReplyMarkup } from '../bots/keyboards.js';
import { invalidInput } from '../errors.js';
import { checkContent } from '../messages/content.js';
import { entitiesFromJson, type StoredEntity } from '../messages/message-view.js';

/** One result a bot gives to an inline query: what the composer shows, and what choosing it sends. */
export interface InlineResultInput {
  id: string;
  type: 'article';
  title: string;
  description: string;
  thumbnailUrl: string;
  messageText: string;
  entities: readonly MessageEntity[];
  replyMarkup?: ReplyMarkup;
}

/** A result as kept in `inline_queries.results` until the answer expires. */
export interface StoredInlineResult {
  id: string;
  type: 'article';
  title: string;
  description: string;
  thumbnailUrl: string;
  text: string;
  entities: StoredEntity[];
  /** JSON ReplyMarkup (the bot's inline keyboard under the sent message), or null. */
  replyMarkup: string | null;
}

const RESULT_ID = /^[\x21-\x7e]{1,64}$/;
const PICTURE_URL = /^https?:\/\/[^\s]{1,2040}$/i;

/** Checks a bot's results (ids unique, 1-64 printable bytes; text like a message's). */
export async function checkInlineResults(
  tx: Repositories,
  botId: number,
  results: readonly InlineResultInput[],
): Promise<StoredInlineResult[]> {
  if (results.length > Limits.inlineResults) throw invalidInput(`at most ${Limits.inlineResults} results`);
  const ids = new Set<string>();
  const stored: StoredInlineResult[] = [];
  for (const [i, result] of results.entries()) {
    if (!RESULT_ID.test(result.id)) throw invalidInput(`result ${i}: the id has 1-64 printable characters`);
    if (ids.has(result.id)) throw invalidInput(`result ${i}: the id is not unique`);
    ids.add(result.id);
    if (result.title.trim() === '' || result.title.length > 256)
      throw invalidInput(`result ${i}: a title is required`);
    if (result.thumbnailUrl && !PICTURE_URL.test(result.thumbnailUrl)) {
      throw invalidInput(`result ${i}: the thumbnail is not an http(s) URL`);
    }
    stored.push({
      id: result.id,
      type: result.type,
      title: result.title,
      description: result.description.slice(0, 512),
      thumbnailUrl: result.thumbnailUrl,
      text: result.messageText,
      entities: checkContent(result.messageText, result.entities),
      replyMarkup: await checkReplyMarkup(tx, botId, result.replyMarkup),
    });
  }
  return stored;
}

/** What the composer shows of a result. */
export function toInlineResult(result: StoredInlineResult): InlineResult {
  return create(InlineResultSchema, {
    id: result.id,
    type: result.type,
    title: result.title,
    description: result.description,
    thumbnailUrl: result.thumbnailUrl,
    messageText: result.text,
  });
}

/** The message a chosen result sends. */
export function resultContent(result: StoredInlineResult) {
  return {
    text: result.text,
    entities: entitiesFromJson(JSON.stringify(result.entities)),
    replyMarkup: result.replyMarkup ? fromJsonString(ReplyMarkupSchema, result.replyMarkup) : undefined,
  };
}
