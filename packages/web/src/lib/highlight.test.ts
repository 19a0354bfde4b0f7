import { describe, expect, it } from 'vitest';
import { hasSearchableText, highlightPieces, highlightRanges, queryWords } from './highlight';

const marked = (text: string, query: string) =>
  highlightPieces(text, query, 1000)
    .map((piece) => (piece.match ? `[${piece.text}]` : piece.text))
    .join('');

describe('highlightRanges', () => {
  it('matches case-insensitively and merges overlapping words', () => {
    expect(marked('Hello World, hello again', 'hello')).toBe('[Hello] World, [hello] again');
    expect(highlightRanges('abcdef', 'abc bcd')).toEqual([[0, 4]]);
    expect(marked('Planning the plan', 'plan')).toBe('[Plan]ning the [plan]');
  });

  it('finds Persian words typed with Arabic letters and the other way round', () => {
    expect(marked('كتاب خوب', 'کتاب')).toBe('[كتاب] خوب');
    expect(marked('یک کتاب', 'كتاب')).toBe('یک [کتاب]');
    expect(marked('علي آمد', 'علی امد')).toBe('[علي] [آمد]');
    expect(marked('مدرسة', 'مدرسه')).toBe('[مدرسة]');
  });

  it('ignores diacritics, tatweel and joiners, keeping them inside the highlight', () => {
    expect(marked('كِتَاب', 'کتاب')).toBe('[كِتَاب]');
    expect(marked('کتـــاب', 'کتاب')).toBe('[کتـــاب]');
    expect(marked('می‌روم', 'میروم')).toBe('[می‌روم]');
    expect(marked('Café crème', 'cafe creme')).toBe('[Café] [crème]');
  });

  it('treats Persian and Arabic-Indic digits as ASCII digits', () => {
    expect(marked('ساعت ۱۲ و ٣', '12 3')).toBe('ساعت [۱۲] و [٣]');
    expect(marked('room 12', '۱۲')).toBe('room [12]');
  });

  it('keeps offsets right around characters outside the BMP', () => {
    const text = '😀 hello 😀';
    const [range] = highlightRanges(text, 'HELLO');
    expect(text.slice(...(range as [number, number]))).toBe('hello');
  });

  it('finds nothing for an empty query or a text without the words', () => {
    expect(highlightRanges('hello', '')).toEqual([]);
    expect(highlightRanges('hello', '  ')).toEqual([]);
    expect(highlightRanges('hello', 'bye')).toEqual([]);
  });
});

describe('highlightPieces', () => {
  it('cuts a long text around the first match', () => {
    const text = `${'a '.repeat(100)}needle${' b'.repeat(100)}`;
    const pieces = highlightPieces(text, 'needle', 60);
    expect(pieces[0]).toEqual({ text: '…', match: false });
    expect(pieces.at(-1)).toEqual({ text: '…', match: false });
    expect(pieces.filter((piece) => piece.match).map((piece) => piece.text)).toEqual(['needle']);
    expect(pieces.map((piece) => piece.text).join('').length).toBeLessThanOrEqual(62);
  });

  it('flattens line breaks', () => {
    expect(highlightPieces('one\ntwo', 'two')).toEqual([
      { text: 'one ', match: false },
      { text: 'two', match: true },
    ]);
  });
});

describe('query helpers', () => {
  it('splits, folds and dedupes words, longest first', () => {
    expect(queryWords('Ab ab, abc')).toEqual(['abc', 'ab']);
    expect(queryWords('كتاب')).toEqual(['کتاب']);
  });

  it('knows a query without letters or digits', () => {
    expect(hasSearchableText('?! …')).toBe(false);
    expect(hasSearchableText('۱')).toBe(true);
    expect(hasSearchableText('کتاب')).toBe(true);
  });
});
