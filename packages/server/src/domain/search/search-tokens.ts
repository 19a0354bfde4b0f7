import { normalizeForSearch } from './normalize.js';

/**
 * How text becomes searchable tokens, the same for SQLite FTS5 and PostgreSQL full text:
 * - words are matched by prefix ("کتا" finds "کتابخانه");
 * - Arabic-script words are also indexed by every suffix of 2+ letters, so a part of a compound
 *   word is found too ("خانه" finds "کتابخانه");
 * - Chinese and Japanese, written without spaces, are indexed as overlapping character pairs,
 *   and a query's pairs must stand together ("搜索" finds "中文搜索引擎");
 * - a hashtag is indexed as itself and as its word.
 */
const WORD = /[\p{L}\p{N}\p{M}_#]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const ARABIC_SCRIPT = /^\p{Script=Arabic}+$/u;
/** Longer "words" (a pasted hash, a letter held down) are indexed by their start only. */
const MAX_TOKEN = 64;
/** Real compound words are shorter than this; suffixes of longer ones would grow quadratically. */
const MAX_SUFFIXED_WORD = 24;
/** FTS engines and our tokens agree on letters and digits only: '#' is spelled out. */
export const HASHTAG_MARK = 'hashtagmark';

/** A query term: match tokens starting with `token`, or a run of tokens standing together. */
export type QueryTerm = { prefix: string } | { phrase: string[] };

/** The tokens to index for a message's text, space-separated. */
export function indexTokens(text: string): string {
  const tokens: string[] = [];
  for (const word of normalizeForSearch(text).match(WORD) ?? []) {
    for (const part of splitCjk(word)) {
      if (CJK.test(part)) tokens.push(...pairs(part));
      else tokens.push(...wordTokens(part));
    }
  }
  return tokens.join(' ');
}

/** The terms of a query; every term must match. Empty when the query has nothing searchable. */
export function queryTerms(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const word of normalizeForSearch(query).match(WORD) ?? []) {
    for (const part of splitCjk(word)) {
      if (CJK.test(part)) {
        const chars = [...part];
        terms.push(chars.length === 1 ? { prefix: part } : { phrase: pairs(part) });
      } else {
        const token = plain(part);
        if (token) terms.push({ prefix: token });
      }
    }
  }
  return terms;
}

function wordTokens(word: string): string[] {
  const token = [...plain(word)].slice(0, MAX_TOKEN).join('');
  if (!token) return [];
  const tokens = [token];
  if (word.startsWith('#') && token !== plain(word.slice(1))) tokens.push(plain(word.slice(1)));
  const letters = [...token];
  if (ARABIC_SCRIPT.test(token) && letters.length <= MAX_SUFFIXED_WORD) {
    for (let i = 1; i <= letters.length - 2; i++) tokens.push(letters.slice(i).join(''));
  }
  return tokens.filter(Boolean);
}

/** '#' and '_' become token-safe: both engines split words on them. */
function plain(word: string): string {
  return word.replace(/^#+/, HASHTAG_MARK).replace(/[#_]/g, '');
}

function splitCjk(word: string): string[] {
  return word.match(CJK_RUN) ?? [];
}

function pairs(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  return chars.slice(0, -1).map((ch, i) => ch + chars[i + 1]);
}
