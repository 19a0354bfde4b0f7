import { describe, expect, it } from 'vitest';
import { HASHTAG_MARK, indexTokens, queryTerms } from './search-tokens.js';

describe('indexTokens', () => {
  it('indexes Arabic-script words with their suffixes, normalized', () => {
    expect(indexTokens('كتابخانه')).toBe('کتابخانه تابخانه ابخانه بخانه خانه انه نه');
  });

  it('indexes Chinese as overlapping pairs', () => {
    expect(indexTokens('中文搜索 ok')).toBe('中文 文搜 搜索 ok');
    expect(indexTokens('我')).toBe('我');
  });

  it('keeps a hashtag and its word, and digits as ASCII', () => {
    expect(indexTokens('#news ۱۴۰۵')).toBe(`${HASHTAG_MARK}news news 1405`);
  });

  it('bounds the tokens of a very long word', () => {
    const tokens = indexTokens('ک'.repeat(4096)).split(' ');
    expect(tokens).toEqual(['ک'.repeat(64)]);
    expect(indexTokens('x'.repeat(500)).length).toBe(64);
  });

  it('splits Latin from CJK inside one run of letters', () => {
    expect(indexTokens('Peyk消息')).toBe('peyk 消息');
  });
});

describe('queryTerms', () => {
  it('makes prefixes of words and phrases of CJK pairs', () => {
    expect(queryTerms('كتا 中文搜 #News')).toEqual([
      { prefix: 'کتا' },
      { phrase: ['中文', '文搜'] },
      { prefix: `${HASHTAG_MARK}news` },
    ]);
    expect(queryTerms('中')).toEqual([{ prefix: '中' }]);
    expect(queryTerms('  ...  ')).toEqual([]);
  });
});
