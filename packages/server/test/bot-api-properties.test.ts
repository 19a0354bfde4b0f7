import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/errors.js';
import { checkContent } from '../src/domain/messages/content.js';
import { BotApiError } from '../src/transport/botapi/bot-api-error.js';
import { replyMarkupFromJson } from '../src/transport/botapi/keyboards.js';
import { ParamReader } from '../src/transport/botapi/params.js';
import { parseHtml, parseMarkdownV2 } from '../src/transport/botapi/parse-mode.js';

/**
 * A Bot API call's parameters come from anyone holding a token, as JSON, a form or a query
 * string. Whatever they are, parsing them either gives a value of the asked type or refuses with
 * Telegram's 400, never another error (which would answer 500 and log a failure).
 */
const outcome = (read: () => unknown): 'value' | 'refused' => {
  try {
    read();
    return 'value';
  } catch (error) {
    if (error instanceof BotApiError && error.errorCode === 400) return 'refused';
    throw error;
  }
};

/** Strings made of the characters the parse modes treat specially, and a few others. */
const markupText = fc
  .array(
    fc.constantFrom(
      ...Array.from('<>/&;="\'*_~`|[]()\\#+-=.!{}abtg: \n'),
      '<b>',
      '</b>',
      '<a href="https://x.org">',
      '</a>',
      '<pre><code class="language-ts">',
      '</code></pre>',
      '&amp;',
      '&lt;',
      '&#x1F44D;',
      '```',
      '](https://x.org)',
      'سلام',
      '👍🏽',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('Bot API parameter parsing', () => {
  it('reads any value as the asked type or refuses it with 400', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, anything) => {
        for (const value of [json, anything]) {
          const params = new ParamReader({ p: value });
          for (const read of [
            () => params.int('p'),
            () => params.string('p'),
            () => params.bool('p'),
            () => params.json('p'),
            () => params.intArray('p'),
          ]) {
            outcome(read);
          }
          const int = (() => {
            try {
              return params.int('p');
            } catch {
              return undefined;
            }
          })();
          if (int !== undefined) expect(Number.isSafeInteger(int)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parses HTML and MarkdownV2 into entities the message checks accept, or refuses with 400', () => {
    fc.assert(
      fc.property(markupText, (input) => {
        for (const parse of [parseHtml, parseMarkdownV2]) {
          let parsed: ReturnType<typeof parseHtml>;
          try {
            parsed = parse(input);
          } catch (error) {
            if (error instanceof BotApiError && error.errorCode === 400) continue;
            throw error;
          }
          for (const entity of parsed.entities) {
            expect(entity.offset).toBeGreaterThanOrEqual(0);
            expect(entity.offset + entity.length).toBeLessThanOrEqual(parsed.text.length);
          }
          if (parsed.text.trim() === '') continue;
          try {
            checkContent(parsed.text, parsed.entities, false);
          } catch (error) {
            // A link the server refuses (not http or https) is refused with a stable code.
            if (!(error instanceof DomainError)) throw error;
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any reply_markup JSON as a keyboard or refuses it with 400', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        outcome(() => replyMarkupFromJson(json));
        outcome(() => replyMarkupFromJson({ inline_keyboard: json }));
        outcome(() => replyMarkupFromJson({ keyboard: json }));
      }),
      { numRuns: 500 },
    );
  });
});
