/**
 * Highlighting of search matches, client-side and light: the server decides what matches
 * (docs/PROTOCOL.md, "Search"); this only finds where the query's words are in a text, folding
 * both the same way (case, diacritics, tatweel, joiners, Arabic/Persian letter forms, native
 * digits) while keeping offsets into the original text.
 */

const LETTERS: Record<string, string> = {
  ي: 'ی',
  ى: 'ی',
  ئ: 'ی',
  ك: 'ک',
  ة: 'ه',
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ؤ: 'و',
};

/** One code point, folded: '' for marks, tatweel and joiners. */
function foldChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0); // ۰–۹
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660); // ٠–٩
  const letter = LETTERS[char];
  if (letter) return letter;
  return char
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}|\u0640|\u200c|\u200d|\u200b|\u2060/gu, '');
}

/** The folded text and, for each of its UTF-16 units, the original range it came from. */
function foldWithMap(text: string): { folded: string; starts: number[]; ends: number[] } {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const char of text) {
    const out = foldChar(char);
    for (let i = 0; i < out.length; i++) {
      starts.push(index);
      ends.push(index + char.length);
    }
    folded += out;
    index += char.length;
  }
  return { folded, starts, ends };
}

/** The query's words, folded, without duplicates (longest first). */
export function queryWords(query: string): string[] {
  const words = new Set<string>();
  for (const word of query.split(/[\s\p{P}]+/u)) {
    const folded = foldWithMap(word).folded;
    if (folded) words.add(folded);
  }
  return [...words].sort((a, b) => b.length - a.length);
}

/** True when the query has something to search for (a letter or a digit). */
export function hasSearchableText(query: string): boolean {
  return /[\p{L}\p{N}]/u.test(query);
}

/** [start, end) ranges (UTF-16 offsets into `text`) of the query's words, sorted and merged. */
export function highlightRanges(text: string, query: string): [number, number][] {
  const words = queryWords(query);
  if (words.length === 0 || !text) return [];
  const { folded, starts, ends } = foldWithMap(text);
  const found: [number, number][] = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      found.push([starts[at] as number, ends[at + word.length - 1] as number]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of found) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

export interface Piece {
  text: string;
  match: boolean;
}

/**
 * The text cut into matching and other pieces. A long text is cut to about `max` units
 * around its first match, with "…" where it was cut.
 */
export function highlightPieces(text: string, query: string, max = 140): Piece[] {
  const flat = text.replace(/\s+/g, ' ');
  let ranges = highlightRanges(flat, query);
  let from = 0;
  let to = flat.length;
  if (flat.length > max) {
    const first = ranges[0]?.[0] ?? 0;
    from = Math.max(0, Math.min(first - 30, flat.length - max));
    // Do not start or end inside a surrogate pair.
    if (from > 0 && /[\uDC00-\uDFFF]/.test(flat[from] ?? '')) from--;
    to = Math.min(flat.length, from + max);
    if (to < flat.length && /[\uDC00-\uDFFF]/.test(flat[to] ?? '')) to++;
    ranges = ranges
      .filter(([start, end]) => end > from && start < to)
      .map(([start, end]) => [Math.max(start, from), Math.min(end, to)]);
  }
  const pieces: Piece[] = [];
  if (from > 0) pieces.push({ text: '…', match: false });
  let at = from;
  for (const [start, end] of ranges) {
    if (start > at) pieces.push({ text: flat.slice(at, start), match: false });
    pieces.push({ text: flat.slice(start, end), match: true });
    at = end;
  }
  if (at < to) pieces.push({ text: flat.slice(at, to), match: false });
  if (to < flat.length) pieces.push({ text: '…', match: false });
  return pieces;
}
