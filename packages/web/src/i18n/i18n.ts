import { computed, signal } from '@preact/signals';
import { prefs } from '../app/prefs';
import { type DateSettings, formatNumber } from '../lib/dates';
import { isRtlLanguage } from '../lib/direction';
import { formatMessage, type MessageLocale, type MessageParams } from './format-message';

/**
 * The languages the app is translated into, each in its own name. Portuguese is Brazil's
 * (`pt-BR`, the catalog's name too): it is the only Portuguese the app has, so `pt` and `pt-PT`
 * browsers get it as well (see detectLanguage). Chinese is Simplified, Uzbek in Latin script,
 * Kazakh in Cyrillic.
 */
export const LANGUAGES = {
  en: 'English',
  fa: 'فارسی',
  ar: 'العربية',
  ru: 'Русский',
  zh: '简体中文',
  tr: 'Türkçe',
  ur: 'اردو',
  hi: 'हिन्दी',
  'pt-BR': 'Português (Brasil)',
  id: 'Bahasa Indonesia',
  uz: 'Oʻzbekcha',
  kk: 'Қазақ тілі',
} as const;

export type Language = keyof typeof LANGUAGES;

type Catalog = Record<string, string>;

// Each locale is its own chunk: only the one in use is downloaded.
const loaders = import.meta.glob<Catalog>('./locales/*.json', { import: 'default' });
// Parts of a locale (`./locales/<part>/<lang>.json`) that only lazily loaded screens use: each
// is downloaded with its screens, so the first visit does not pay for them.
const partLoaders = import.meta.glob<Catalog>('./locales/*/*.json', { import: 'default' });

const CODES = Object.keys(LANGUAGES) as Language[];

function baseOf(tag: string): string {
  return tag.toLowerCase().split('-')[0] as string;
}

/**
 * The first of the browser's languages that the app speaks, else English: the exact tag when
 * the app has it (pt-BR), else the app's language with the same base (pt, pt-PT → pt-BR;
 * zh-TW → zh; uz-Cyrl → uz).
 */
export function detectLanguage(
  preferred: readonly string[] = navigator.languages ?? [navigator.language],
): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    const match =
      CODES.find((code) => code.toLowerCase() === lower) ??
      CODES.find((code) => baseOf(code) === baseOf(lower));
    if (match) return match;
  }
  return 'en';
}

/** The language in use: the one chosen in settings, else the browser's. */
export const language = computed<Language>(() => {
  const chosen = prefs.value.language;
  return chosen in LANGUAGES ? (chosen as Language) : detectLanguage();
});

export const direction = computed(() => (isRtlLanguage(language.value) ? 'rtl' : 'ltr'));

/**
 * The browser's own tag for a language when it has one (en-GB, fa-IR): dates then follow the
 * region's habits (24-hour clock in Britain) while the text stays in the app's language.
 */
function regionalTag(lang: Language): string {
  const tags = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return tags.find((tag) => baseOf(tag) === baseOf(lang) && /^[a-z]{2,3}-[a-z]{2}$/i.test(tag)) ?? lang;
}

/** Calendar, digits, week, clock and language for formatting dates and numbers. */
export const dateSettings = computed<DateSettings>(() => ({
  language: regionalTag(language.value),
  calendar: prefs.value.calendar,
  digits: prefs.value.digits,
  weekStart: prefs.value.weekStart,
  hourCycle: prefs.value.hourCycle,
}));

const catalog = signal<{ language: Language; messages: Catalog } | undefined>(undefined);

/** The catalog parts some screen asked for: loaded again in each language chosen later. */
const wantedParts = new Set<string>();

async function loadPart(part: string, lang: Language): Promise<Catalog> {
  const load = partLoaders[`./locales/${part}/${lang}.json`];
  if (!load) throw new Error(`no locale part ${part}/${lang}`);
  return load();
}

/** Loads the catalog of a language (called at start and when the language changes). */
export async function loadCatalog(lang: Language = language.value): Promise<void> {
  if (catalog.value?.language === lang) return;
  const load = loaders[`./locales/${lang}.json`];
  if (!load) throw new Error(`no locale ${lang}`);
  const [main, ...parts] = await Promise.all([
    load(),
    ...[...wantedParts].map((part) => loadPart(part, lang)),
  ]);
  catalog.value = { language: lang, messages: Object.assign({}, main, ...parts) };
}

/** Adds a part of the catalog to the current language's (before showing the screens that use it). */
export async function loadCatalogPart(part: string): Promise<void> {
  if (wantedParts.has(part)) return;
  wantedParts.add(part);
  const current = catalog.value;
  if (!current) return;
  const messages = await loadPart(part, current.language);
  // The language may have changed meanwhile; loadCatalog then loaded the part already.
  if (catalog.value?.language === current.language) {
    catalog.value = { language: current.language, messages: { ...catalog.value.messages, ...messages } };
  }
}

const messageLocale = computed<MessageLocale>(() => {
  const settings = dateSettings.value;
  const rules = new Intl.PluralRules(settings.language);
  return { plural: (n) => rules.select(n), number: (n) => formatNumber(n, settings) };
});

/**
 * The UI text for a key in the current language, formatted with ICU params. Reading it in a
 * component subscribes the component to language changes.
 */
export function t(key: string, params: MessageParams = {}): string {
  const message = catalog.value?.messages[key];
  if (message === undefined) return key;
  return formatMessage(message, params, messageLocale.value);
}

/** A number in the user's digits. */
export function n(value: number): string {
  return formatNumber(value, dateSettings.value);
}
