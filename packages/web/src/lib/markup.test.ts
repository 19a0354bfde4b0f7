import { EntityType } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { parseMarkup, toMarkup } from './markup';

const spans = (input: string) => {
  const { text, entities } = parseMarkup(input);
  return {
    text,
    entities: entities.map((e) => [e.type, text.slice(e.offset, e.offset + e.length), e.url ?? '']),
  };
};

describe('parseMarkup', () => {
  it('turns markers into entities with UTF-16 offsets', () => {
    expect(spans('**bold** __italic__ ~~gone~~ `code`')).toEqual({
      text: 'bold italic gone code',
      entities: [
        [EntityType.BOLD, 'bold', ''],
        [EntityType.ITALIC, 'italic', ''],
        [EntityType.STRIKETHROUGH, 'gone', ''],
        [EntityType.CODE, 'code', ''],
      ],
    });
  });

  it('counts offsets in UTF-16 code units after emoji and Persian text', () => {
    const { text, entities } = parseMarkup('😀 سلام **دنیا**');
    expect(text).toBe('😀 سلام دنیا');
    expect(entities).toEqual([{ type: EntityType.BOLD, offset: 8, length: 4 }]);
  });

  it('nests formatting and links', () => {
    expect(spans('**see [the docs](https://peyk.example/docs)**')).toEqual({
      text: 'see the docs',
      entities: [
        [EntityType.BOLD, 'see the docs', ''],
        [EntityType.TEXT_LINK, 'the docs', 'https://peyk.example/docs'],
      ],
    });
  });

  it('keeps unclosed or spaced markers as typed, and escapes', () => {
    expect(spans('2 ** 3 and a__b')).toEqual({ text: '2 ** 3 and a__b', entities: [] });
    expect(spans('\\*\\*not bold\\*\\*')).toEqual({ text: '**not bold**', entities: [] });
  });

  it('reads pre blocks with a language', () => {
    const { text, entities } = parseMarkup('```ts\nconst a = 1;\n```');
    expect(text).toBe('const a = 1;');
    expect(entities).toEqual([{ type: EntityType.PRE, offset: 0, length: 12, language: 'ts' }]);
  });

  it('leaves links alone and detects mentions and hashtags', () => {
    expect(spans('https://a.example/__x__ @sara_1 #tag')).toEqual({
      text: 'https://a.example/__x__ @sara_1 #tag',
      entities: [
        [EntityType.URL, 'https://a.example/__x__', ''],
        [EntityType.MENTION, '@sara_1', ''],
        [EntityType.HASHTAG, '#tag', ''],
      ],
    });
  });

  it('trims white space and moves entities with the text', () => {
    const { text, entities } = parseMarkup('  **hi**  ');
    expect(text).toBe('hi');
    expect(entities).toEqual([{ type: EntityType.BOLD, offset: 0, length: 2 }]);
  });
});

describe('toMarkup', () => {
  it('round-trips formatted text', () => {
    for (const input of [
      '**bold** and __italic__ and `code`',
      '**see [the docs](https://peyk.example/docs)**',
      'سلام **دنیا** ~~قدیم~~',
      '```ts\nconst a = 1;\n```',
    ]) {
      const parsed = parseMarkup(input);
      expect(toMarkup(parsed.text, parsed.entities)).toBe(input);
    }
  });

  it('escapes markers that were plain text', () => {
    const markup = toMarkup('a ** b `c` [d]', []);
    expect(parseMarkup(markup).text).toBe('a ** b `c` [d]');
    expect(parseMarkup(markup).entities).toEqual([]);
  });
});
