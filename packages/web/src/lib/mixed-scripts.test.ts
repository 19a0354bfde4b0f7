import { describe, expect, it } from 'vitest';
import { mixesScripts } from './mixed-scripts';

describe('mixesScripts', () => {
  it('flags a word spelled with letters of two scripts', () => {
    expect(mixesScripts('Pаypal Support')).toBe(true); // Cyrillic а
    expect(mixesScripts('Peyk Teаm')).toBe(true);
    expect(mixesScripts('Ѕara')).toBe(true); // Cyrillic Ѕ
    expect(mixesScripts('Αlice')).toBe(true); // Greek Α
    expect(mixesScripts('علیali')).toBe(true);
  });

  it('leaves names in one script per word alone, whatever the scripts and marks', () => {
    for (const name of [
      'Sara',
      'سارا',
      'Сергей Иванов',
      'Sara سارا',
      'Анна Smith',
      '王小明',
      '山田 太郎',
      'やまだ たろう',
      '田中さん',
      '김민준',
      'राहुल',
      'Ali 2',
      'José Müller-Lüdenscheidt',
      'مهدی‌زاده',
      '',
    ]) {
      expect(mixesScripts(name), name).toBe(false);
    }
  });
});
