import { describe, expect, it } from 'vitest';
import { detectLanguage } from './i18n';

describe('detectLanguage', () => {
  it('takes the first browser language the app speaks', () => {
    expect(detectLanguage(['de-DE', 'tr-TR', 'en'])).toBe('tr');
    expect(detectLanguage(['ur-PK'])).toBe('ur');
    expect(detectLanguage(['kk'])).toBe('kk');
  });

  it('gives every Portuguese the Brazilian catalog, the only Portuguese the app has', () => {
    expect(detectLanguage(['pt-BR'])).toBe('pt-BR');
    expect(detectLanguage(['pt'])).toBe('pt-BR');
    expect(detectLanguage(['pt-PT', 'en'])).toBe('pt-BR');
  });

  it('maps other scripts and regions of a language to the one the app has', () => {
    expect(detectLanguage(['zh-TW'])).toBe('zh');
    expect(detectLanguage(['uz-Cyrl-UZ'])).toBe('uz');
  });

  it('falls back to English', () => {
    expect(detectLanguage(['de', 'fr'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});
