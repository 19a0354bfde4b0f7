import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../settings/languages.js';
import {
  FATHER_COMMANDS,
  type FatherTexts,
  fatherTexts,
  fill,
  helpText,
  isChoice,
} from './bot-father-texts.js';

const english = fatherTexts('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const entries = (texts: FatherTexts): [string, string][] =>
  Object.entries(texts).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[key, value]]
      : Object.entries(value).map(([c, text]) => [`commands.${c}`, text]),
  );

describe('BotFather catalogs', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s has every text, translated, with the same placeholders',
    (language) => {
      const texts = fatherTexts(language);
      expect(Object.keys(texts.commands).sort()).toEqual([...FATHER_COMMANDS].sort());
      const theirs = new Map(entries(texts));
      for (const [key, text] of entries(english)) {
        const translated = theirs.get(key) ?? '';
        expect(translated.trim(), `${language} ${key}`).not.toBe('');
        expect(translated, `${language} ${key} is English`).not.toBe(text);
        expect(placeholders(translated), `${language} ${key}`).toEqual(placeholders(text));
      }
    },
  );

  it('falls back to English, fills values and accepts English choices beside the language', () => {
    expect(fatherTexts('')).toBe(english);
    expect(fatherTexts('xx')).toBe(english);
    expect(fill('@{username}: {token} {missing}', { username: 'a_bot', token: '1:x' })).toBe(
      '@a_bot: 1:x {missing}',
    );
    expect(helpText(fatherTexts('ru')).split('\n').at(-1)).toBe('/cancel - прервать текущее действие');
    expect(isChoice('включить', fatherTexts('ru'), 'enable')).toBe(true);
    expect(isChoice('Enable', fatherTexts('ru'), 'enable')).toBe(true);
    expect(isChoice('Выключить', fatherTexts('ru'), 'enable')).toBe(false);
  });
});
