/**
 * Folds text for matching: case, Arabic letter forms typed on Persian keyboards and back
 * (ي/ی, ك/ک, ة/ه, أإآ/ا), diacritics, tatweel and zero-width joiners.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}|\u0640|\u200c|\u200d/gu, '')
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/ة/g, 'ه')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ؤ/g, 'و')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query starts a word of the text, or the text contains it. */
export function matchesQuery(text: string, query: string): boolean {
  const folded = foldForSearch(text);
  const q = foldForSearch(query);
  if (!q) return true;
  return folded.includes(q);
}
