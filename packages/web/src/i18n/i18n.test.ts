import { describe, expect, it, vi } from 'vitest';
import { detectLanguage, loadCatalog, loadCatalogPart, t } from './i18n';

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

describe('catalog parts', () => {
  it('adds a part to the language shown, and brings it along when the language changes', async () => {
    // Plural rules and digits follow the browser's language: an English one here.
    vi.stubGlobal('navigator', { languages: ['en-US'], language: 'en-US' });
    await loadCatalog('en');
    expect(t('channels.adminLog')).toBe('channels.adminLog');
    await loadCatalogPart('panels');
    expect(t('channels.adminLog')).toBe('Admin log');
    expect(t('common.close')).toBe('Close');
    await loadCatalog('ru');
    expect(t('channels.adminLog')).toBe('Журнал действий админов');
    expect(t('common.close')).not.toBe('Close');
    vi.unstubAllGlobals();
  });
});
