import { EntityType } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { isRtlLanguage, textDirection } from './direction';

describe('textDirection', () => {
  it('reads Persian right to left, even with English words inside', () => {
    expect(textDirection('سلام، من از React استفاده می‌کنم')).toBe('rtl');
    expect(textDirection('این پیام را در Peyk نوشتم')).toBe('rtl');
  });

  it('reads English left to right, even with Persian words inside', () => {
    expect(textDirection('The word پیک means courier')).toBe('ltr');
  });

  it('skips links, mentions, hashtags and code before the first letter', () => {
    expect(textDirection('@sara_1 سلام')).toBe('rtl');
    expect(textDirection('https://peyk.example را ببین')).toBe('rtl');
    expect(textDirection('#news خبر تازه')).toBe('rtl');
    const text = 'npm start را بزن';
    expect(textDirection(text, [{ type: EntityType.CODE, offset: 0, length: 9 }])).toBe('rtl');
  });

  it('leaves text without letters to the browser', () => {
    expect(textDirection('😀 123 !')).toBe('auto');
    expect(textDirection('')).toBe('auto');
  });

  it('knows Arabic, Hebrew and Cyrillic', () => {
    expect(textDirection('مرحبا بالعالم')).toBe('rtl');
    expect(textDirection('שלום')).toBe('rtl');
    expect(textDirection('Привет')).toBe('ltr');
    expect(textDirection('你好')).toBe('ltr');
  });
});

describe('isRtlLanguage', () => {
  it('knows which languages are written right to left', () => {
    expect(['fa', 'ar', 'ur', 'he', 'fa-IR', 'ur-PK'].every(isRtlLanguage)).toBe(true);
    const leftToRight = ['en', 'ru', 'zh', 'fr', 'tr', 'hi', 'pt-BR', 'id', 'uz', 'kk'];
    expect(leftToRight.filter(isRtlLanguage)).toEqual([]);
  });
});
