import { ErrorCode } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { parseMessage } from './format-message';
import ar from './locales/ar.json';
import en from './locales/en.json';
import fa from './locales/fa.json';
import ru from './locales/ru.json';
import zh from './locales/zh.json';

const locales: Record<string, Record<string, string>> = { en, fa, ar, ru, zh };
const CLIENT_CODES = ['TIMEOUT', 'DISCONNECTED', 'CLIENT_CLOSED', 'SESSION_REVOKED', 'UNEXPECTED_RESULT'];

/** Plural categories each language's messages must spell out ('other' covers the rest). */
const REQUIRED: Record<string, string[]> = {
  en: ['one', 'other'],
  fa: ['other'],
  zh: ['other'],
  ru: ['one', 'few', 'many', 'other'],
  ar: ['one', 'two', 'few', 'many', 'other'],
};

function pluralOptions(message: string): string[][] {
  const found: string[][] = [];
  const walk = (parts: ReturnType<typeof parseMessage>) => {
    for (const part of parts) {
      if (typeof part === 'object' && 'type' in part) {
        if (part.type === 'plural') found.push(Object.keys(part.options));
        for (const option of Object.values(part.options)) walk(option);
      }
    }
  };
  walk(parseMessage(message));
  return found;
}

describe('locales', () => {
  const keys = Object.keys(en).sort();

  it.each(Object.keys(locales))('%s translates every string, and only those', (language) => {
    expect(Object.keys(locales[language] ?? {}).sort()).toEqual(keys);
    for (const key of keys) expect(locales[language]?.[key]?.trim(), `${language} ${key}`).toBeTruthy();
  });

  it.each(Object.keys(locales))('%s messages parse and spell out its plural forms', (language) => {
    for (const [key, message] of Object.entries(locales[language] ?? {})) {
      for (const options of pluralOptions(message)) {
        for (const category of REQUIRED[language] ?? []) {
          expect(options, `${language} ${key}`).toContain(category);
        }
      }
    }
  });

  it('has a sentence for every error code', () => {
    for (const code of [...Object.values(ErrorCode), ...CLIENT_CODES]) {
      expect(Object.keys(en)).toContain(`error.${code}`);
    }
  });
});
