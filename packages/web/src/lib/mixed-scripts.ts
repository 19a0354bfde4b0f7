/** Scripts whose letters look alike enough across them to spoof a name ("Pаypal" with a Cyrillic а). */
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Arabic',
  'Hebrew',
  'Devanagari',
  'Thai',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
].map((script) => ({ script, letters: new RegExp(`\\p{Script=${script}}`, 'u') }));

/** Scripts one word may rightly mix: Japanese, and Korean with Hanja. */
const TOGETHER = [new Set(['Han', 'Hiragana', 'Katakana']), new Set(['Han', 'Hangul'])];

/**
 * Whether a display name has a word written in more than one script, the mark of a name made
 * to look like another's (Unicode's "single script" rule, UTS #39, applied per word, so
 * "Sara سارا" is fine and "Sаra" with a Cyrillic а is not).
 */
export function mixesScripts(name: string): boolean {
  for (const word of name.normalize('NFKC').split(/[\s\p{P}\p{S}\p{N}]+/u)) {
    if (!word) continue;
    const found = SCRIPTS.filter(({ letters }) => letters.test(word)).map(({ script }) => script);
    if (found.length > 1 && !TOGETHER.some((group) => found.every((script) => group.has(script))))
      return true;
  }
  return false;
}
