import { describe, expect, it } from 'vitest';
import { parseInlineQuery } from './inline-query';

describe('parseInlineQuery', () => {
  it('reads "@bot query" at the start, the query as typed', () => {
    expect(parseInlineQuery('@Pics_bot red tulip')).toEqual({ username: 'pics_bot', query: 'red tulip' });
    expect(parseInlineQuery('@pics_bot ')).toEqual({ username: 'pics_bot', query: '' });
    expect(parseInlineQuery('@pics_bot گل سرخ')).toEqual({ username: 'pics_bot', query: 'گل سرخ' });
  });

  it('needs the space after the name, and a bot username', () => {
    expect(parseInlineQuery('@pics_bot')).toBeUndefined();
    expect(parseInlineQuery('@sara hello')).toBeUndefined();
    expect(parseInlineQuery('hi @pics_bot x')).toBeUndefined();
  });
});
