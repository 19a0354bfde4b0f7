/**
 * One normalization for search, shared by indexing and querying, so that a query matches
 * however its letters were keyed: Arabic and Persian letter variants, diacritics, tatweel,
 * invisible joiners and marks, native digits, compatibility forms and case.
 */

const LETTER_VARIANTS: Record<string, string> = {
  ي: 'ی', // Arabic yeh → Persian yeh
  ى: 'ی', // alef maksura
  ئ: 'ی', // yeh with hamza
  ك: 'ک', // Arabic kaf → Persian keheh
  ة: 'ه', // teh marbuta
  ۀ: 'ه', // heh with yeh above
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا', // alef wasla
  ؤ: 'و',
};

const VARIANT = new RegExp(`[${Object.keys(LETTER_VARIANTS).join('')}]`, 'gu');

/** Harakat, Quranic marks, superscript alef, and the combining accents of Latin, Greek and Cyrillic. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: a class of lone combining marks, matched one at a time on purpose
const DIACRITIC = /[\u064b-\u065f\u0670\u06d6-\u06ed\u0300-\u036f]/gu;

/** A letter and the combining marks after it (in NFD, marks are sorted, so look at them all). */
const MARKED_LETTER = /(\P{M})(\p{M}+)/gu;

/** The breve of й stays: й is a letter of its own in Russian (мой is not мои). */
function stripDiacritics(base: string, marks: string): string {
  const kept = marks.replace(DIACRITIC, '');
  return base + (/[иИ]/.test(base) && marks.includes('\u0306') ? `\u0306${kept}` : kept);
}

/** Tatweel, zero-width (non-)joiners and spaces, direction marks and isolates, BOM, soft hyphen. */
const INVISIBLE = /[\u0640\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** Persian (U+06F0) and Arabic-Indic (U+0660) digits. */
const NATIVE_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/gu;

export function normalizeForSearch(text: string): string {
  return (
    text
      // Compose first so variants and digits are single code points, decompose accents after.
      .normalize('NFKC')
      .replace(VARIANT, (ch) => LETTER_VARIANTS[ch] ?? ch)
      .replace(NATIVE_DIGIT, (ch) => String((ch.codePointAt(0) ?? 0) & 0xf))
      .normalize('NFD')
      .replace(MARKED_LETTER, (_, base: string, marks: string) => stripDiacritics(base, marks))
      .replace(INVISIBLE, '')
      .normalize('NFC')
      .toLowerCase()
  );
}
