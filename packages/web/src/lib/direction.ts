import { EntityType } from '@peyk/protocol';
import type { EntitySpan } from './entities';

/** Letters of right-to-left scripts: Hebrew, Arabic (Persian, Urdu, ...), Syriac, Thaana, N'Ko and their presentation forms. */
const RTL_LETTER =
  /[\u0590-\u05FF\u0600-\u06FF\u0700-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|\uD802[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]/;
const STRONG = /\p{L}/u;
/** Runs that do not say what language the message is in. */
const NOISE_RE = /https?:\/\/\S+|[@#][\p{L}\p{N}_\u200c]+/gu;
const SKIPPED_TYPES = new Set<EntityType>([
  EntityType.URL,
  EntityType.TEXT_MENTION,
  EntityType.MENTION,
  EntityType.HASHTAG,
  EntityType.CODE,
  EntityType.PRE,
]);

export type TextDirection = 'rtl' | 'ltr' | 'auto';

/**
 * The direction a message's text reads in, from its first strong letter (the Unicode
 * bidi "first strong" rule), ignoring links, @mentions, #hashtags and code: a Persian sentence
 * that starts with an English word or a mention still reads right to left. `auto` when the
 * text has no letters (emoji, numbers): the browser then decides per paragraph.
 */
export function textDirection(text: string, entities: readonly EntitySpan[] = []): TextDirection {
  let cleaned = text;
  for (const entity of entities) {
    if (!SKIPPED_TYPES.has(entity.type)) continue;
    const end = entity.offset + entity.length;
    cleaned = cleaned.slice(0, entity.offset) + ' '.repeat(Math.max(0, entity.length)) + cleaned.slice(end);
  }
  cleaned = cleaned.replace(NOISE_RE, ' ');
  for (const char of cleaned) {
    if (RTL_LETTER.test(char)) return 'rtl';
    if (STRONG.test(char)) return 'ltr';
  }
  return 'auto';
}

/** True when a language is written right to left. */
export function isRtlLanguage(language: string): boolean {
  return /^(fa|ar|he|ur|ps|ckb|yi|dv|sd|ug)(-|$)/i.test(language);
}
