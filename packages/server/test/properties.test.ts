import { create } from '@bufbuild/protobuf';
import {
  ClientFrameSchema,
  decodeClientFrame,
  EntityType,
  encodeClientFrame,
  ErrorCode,
  MessageEntitySchema,
  peekRequestId,
} from '@peyk/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/errors.js';
import { checkContent } from '../src/domain/messages/content.js';
import { normalizeForSearch } from '../src/domain/search/normalize.js';
import { indexTokens, queryTerms } from '../src/domain/search/search-tokens.js';

/** Letters from the scripts Peyk's users write in, plus the troublemakers between them. */
const scriptText = fc
  .array(
    fc.constantFrom(
      ...Array.from(
        'abcXYZ سلامكتابيىةأإآ ئؤ ۱۴۰۵ ٢٠ 中文搜索引擎 привет ё й नमस्ते #_ \u200c\u200d\u0640\u064e\ufeff 👍🏽',
      ),
    ),
    { maxLength: 40 },
  )
  .map((chars) => chars.join(''));

describe('protocol decoder', () => {
  it('either decodes or throws an Error for any bytes, and peeks a sane request id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const id = peekRequestId(bytes);
        expect(id >= 0 && id <= 0xffffffff).toBe(true);
        try {
          decodeClientFrame(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips any text message request', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffffffff }),
        fc.string({ maxLength: 200 }),
        scriptText,
        (id, text, more) => {
          const frame = create(ClientFrameSchema, {
            id,
            request: { case: 'sendMessage', value: { chatId: '12', randomId: '-77', text: text + more } },
          });
          const bytes = encodeClientFrame(frame);
          expect(decodeClientFrame(bytes)).toEqual(frame);
          expect(peekRequestId(bytes)).toBe(id);
        },
      ),
    );
  });
});

describe('entity validation', () => {
  const entity = fc.record({
    type: fc.integer({ min: -1, max: 14 }),
    offset: fc.nat({ max: 60 }),
    length: fc.nat({ max: 60 }),
    url: fc.constantFrom('', 'https://peyk.example', 'javascript:alert(1)', 'tg://resolve'),
    userId: fc.constantFrom('0', '7', 'x'),
  });

  it('accepts only entities inside the text, and refuses everything else with a stable code', () => {
    fc.assert(
      fc.property(scriptText, fc.array(entity, { maxLength: 5 }), (text, entities) => {
        try {
          const stored = checkContent(
            text,
            entities.map((e) => create(MessageEntitySchema, e)),
          );
          for (const e of stored) {
            expect(e.length).toBeGreaterThan(0);
            expect(e.offset + e.length).toBeLessThanOrEqual(text.length);
            if (e.type === EntityType.TEXT_LINK) expect(e.url).toMatch(/^(https?:|tg:|mailto:)/i);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect([ErrorCode.ENTITIES_INVALID, ErrorCode.MESSAGE_EMPTY, ErrorCode.MESSAGE_TOO_LONG]).toContain(
            (error as DomainError).code,
          );
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('search normalization and tokens', () => {
  it('normalizes idempotently', () => {
    fc.assert(
      fc.property(scriptText, (text) => {
        const once = normalizeForSearch(text);
        expect(normalizeForSearch(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a text by any of its own words (invisible characters join, they do not split)', () => {
    fc.assert(
      fc.property(scriptText, (text) => {
        const tokens = indexTokens(text).split(' ').filter(Boolean);
        for (const word of normalizeForSearch(text).split(/\s+/)) {
          for (const term of queryTerms(word)) {
            const found =
              'prefix' in term
                ? tokens.some((t) => t.startsWith(term.prefix))
                : tokens.some((_, i) => term.phrase.every((p, j) => tokens[i + j] === p));
            expect(found, `${JSON.stringify(word)} in ${JSON.stringify(text)}`).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
