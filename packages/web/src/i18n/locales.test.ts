import { ErrorCode } from '@peyk/protocol';
import { describe, expect, it } from 'vitest';
import { parseMessage } from './format-message';
import { LANGUAGES } from './i18n';

type Catalog = Record<string, string>;
type Parts = ReturnType<typeof parseMessage>;

// A language's catalog and its parts (`locales/<part>/<lang>.json`), checked as one.
const files = import.meta.glob<Catalog>('./locales/**/*.json', { eager: true, import: 'default' });
const locales: Record<string, Catalog> = {};
const repeated: string[] = [];
for (const [path, catalog] of Object.entries(files)) {
  const language = path.replace(/^.*\/|\.json$/g, '');
  for (const key of Object.keys(catalog))
    if (locales[language]?.[key] !== undefined) repeated.push(`${path} ${key}`);
  locales[language] = { ...locales[language], ...catalog };
}
const en = locales.en as Catalog;
const translated = Object.keys(locales).filter((language) => language !== 'en');
const CLIENT_CODES = ['TIMEOUT', 'DISCONNECTED', 'CLIENT_CLOSED', 'SESSION_REVOKED', 'UNEXPECTED_RESULT'];

/** Strings that every language may write as English does, and why. */
const SAME_IN_EVERY_LANGUAGE: Record<string, string> = {
  'app.name': 'the brand name; Latin-script languages write it as it is',
  'common.listSeparator': 'punctuation',
  'message.forwardedShort': 'a symbol',
  'reactions.chip': 'only placeholders',
};

/** Words a language borrowed from English and writes as English does, and why. */
const SAME_IN_ONE_LANGUAGE: Record<string, Record<string, string>> = {
  tr: { 'composer.emoji': 'Turkish writes "emoji"', 'user.bot': 'Turkish writes "bot"' },
  'pt-BR': {
    'composer.emoji': 'Portuguese writes "emoji"',
    'composer.link': 'Brazilian apps say "link"',
    'presence.online': 'Brazilian apps say "online"',
    'settings.bio': 'Brazilian apps say "bio"',
    'message.via': 'Brazilian apps write "via @bot" as English does',
    'user.bot': 'Portuguese writes "bot"',
  },
  id: {
    'composer.emoji': 'Indonesian writes "emoji"',
    'groups.admin': 'Indonesian apps say "admin"',
    'settings.bio': 'Indonesian apps say "bio"',
    'user.bot': 'Indonesian writes "bot"',
  },
  uz: { 'composer.emoji': 'Uzbek writes "emoji"', 'user.bot': 'Uzbek writes "bot"' },
};

/**
 * Arguments the app passes beyond those English uses, for languages whose grammar needs them:
 * `self` is "yes" when "you" did it, so the verb can agree ("oluşturdunuz", "Вы создали").
 */
const GRAMMAR_ARGUMENTS = ['self'];

/** The plural categories (`one`, `few`, ...) CLDR gives a language; `other` is always among them. */
function pluralCategories(language: string): string[] {
  return new Intl.PluralRules(language).resolvedOptions().pluralCategories;
}

function walk(parts: Parts, visit: (part: Parts[number]) => void): void {
  for (const part of parts) {
    visit(part);
    if (typeof part === 'object' && 'type' in part)
      for (const option of Object.values(part.options)) walk(option, visit);
  }
}

type Plural = Record<string, Parts>;

/** The options of each plural in a message. */
function plurals(message: string): Plural[] {
  const found: Plural[] = [];
  walk(parseMessage(message), (part) => {
    if (typeof part === 'object' && 'type' in part && part.type === 'plural') found.push(part.options);
  });
  return found;
}

function mentionsCount(parts: Parts): boolean {
  let found = false;
  walk(parts, (part) => {
    if (typeof part === 'object' && 'pound' in part) found = true;
  });
  return found;
}

/**
 * Categories whose text leaves out the number ("Delete message") although they cover several
 * counts: Russian `one` is also 21 and 31, so "Удалить сообщение" needs `=1`.
 */
function countlessCategories(language: string, options: Plural): string[] {
  const rules = new Intl.PluralRules(language);
  return Object.entries(options)
    .filter(([category, body]) => !category.startsWith('=') && !mentionsCount(body))
    .map(([category]) => category)
    .filter((category) => {
      let counts = 0;
      for (let n = 1; n <= 200; n++) if (!(`=${n}` in options) && rules.select(n) === category) counts++;
      return counts > 1;
    });
}

/** The names of a message's arguments, e.g. ["actor", "title"]. */
function argumentNames(message: string): string[] {
  const names = new Set<string>();
  walk(parseMessage(message), (part) => {
    if (typeof part === 'object' && 'arg' in part) names.add(part.arg);
  });
  return [...names].sort();
}

describe('locales', () => {
  const keys = Object.keys(en).sort();

  it('has a catalog for every language of the selector, and no other', () => {
    expect(Object.keys(locales).sort()).toEqual(Object.keys(LANGUAGES).sort());
  });

  it.each(Object.keys(locales))('%s translates every string, and only those', (language) => {
    expect(Object.keys(locales[language] ?? {}).sort()).toEqual(keys);
    for (const key of keys) expect(locales[language]?.[key]?.trim(), `${language} ${key}`).toBeTruthy();
  });

  it.each(translated)('%s leaves no string in English', (language) => {
    const allowed = { ...SAME_IN_EVERY_LANGUAGE, ...SAME_IN_ONE_LANGUAGE[language] };
    const untranslated = keys.filter(
      (key) =>
        !(key in allowed) && locales[language]?.[key]?.trim().toLowerCase() === en[key]?.trim().toLowerCase(),
    );
    expect(untranslated).toEqual([]);
  });

  it.each(Object.keys(locales))(
    '%s messages parse, keep their arguments and spell out its plural forms',
    (language) => {
      const required = pluralCategories(language);
      for (const [key, message] of Object.entries(locales[language] ?? {})) {
        const names = argumentNames(message).filter((name) => !GRAMMAR_ARGUMENTS.includes(name));
        expect(names, `${language} ${key}`).toEqual(argumentNames(en[key] ?? ''));
        for (const options of plurals(message)) {
          const categories = Object.keys(options).filter((option) => !option.startsWith('='));
          expect(
            categories.filter((category) => !required.includes(category)),
            `${language} ${key}`,
          ).toEqual([]);
          for (const category of required) expect(categories, `${language} ${key}`).toContain(category);
          expect(countlessCategories(language, options), `${language} ${key}`).toEqual([]);
        }
      }
    },
  );

  it('keeps each string in one place: the catalog or one of its parts', () => {
    expect(repeated).toEqual([]);
  });

  it('has a sentence for every error code', () => {
    for (const code of [...Object.values(ErrorCode), ...CLIENT_CODES]) {
      expect(Object.keys(en)).toContain(`error.${code}`);
    }
  });
});
