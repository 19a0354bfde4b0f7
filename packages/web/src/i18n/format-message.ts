/**
 * A small ICU MessageFormat: `{name}`, `{n, plural, =0 {none} one {# item} other {# items}}`
 * (plural categories from Intl.PluralRules, `#` is the number in the locale's digits) and
 * `{x, select, a {...} other {...}}`, nested as deep as needed. Enough for an app's strings,
 * at a fraction of the size of a full implementation.
 */
export type MessageValue = string | number;
export type MessageParams = Record<string, MessageValue>;

type Part =
  | string
  | { arg: string }
  | { arg: string; type: 'plural' | 'select'; options: Record<string, Part[]> }
  | { pound: true };

/** Formats numbers and picks plural categories for one locale. */
export interface MessageLocale {
  plural(value: number): Intl.LDMLPluralRule;
  number(value: number): string;
}

const parsed = new Map<string, Part[]>();

/** Formats an ICU message with params; unknown params render as `{name}`. */
export function formatMessage(message: string, params: MessageParams, locale: MessageLocale): string {
  let parts = parsed.get(message);
  if (!parts) {
    parts = parseMessage(message);
    parsed.set(message, parts);
  }
  return render(parts, params, locale, undefined);
}

function render(
  parts: Part[],
  params: MessageParams,
  locale: MessageLocale,
  pound: number | undefined,
): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if ('pound' in part) out += pound === undefined ? '#' : locale.number(pound);
    else if (!('type' in part)) {
      const value = params[part.arg];
      out += value === undefined ? `{${part.arg}}` : typeof value === 'number' ? locale.number(value) : value;
    } else if (part.type === 'plural') {
      const value = Number(params[part.arg] ?? 0);
      const chosen =
        part.options[`=${value}`] ?? part.options[locale.plural(value)] ?? part.options.other ?? [];
      out += render(chosen, params, locale, value);
    } else {
      const value = String(params[part.arg] ?? '');
      out += render(part.options[value] ?? part.options.other ?? [], params, locale, pound);
    }
  }
  return out;
}

/** Parses a message; throws on unbalanced braces (the locale test checks every message). */
export function parseMessage(message: string): Part[] {
  const [parts, end] = parseParts(message, 0, false);
  if (end !== message.length) throw new SyntaxError(`unexpected "}" at ${end} in: ${message}`);
  return parts;
}

function parseParts(source: string, start: number, nested: boolean): [Part[], number] {
  const parts: Part[] = [];
  let text = '';
  let i = start;
  while (i < source.length) {
    const char = source[i];
    if (char === '}') break;
    if (char === '#' && nested) {
      if (text) parts.push(text);
      text = '';
      parts.push({ pound: true });
      i++;
      continue;
    }
    if (char !== '{') {
      text += char;
      i++;
      continue;
    }
    if (text) parts.push(text);
    text = '';
    const close = parseArgument(source, i + 1);
    parts.push(close.part);
    i = close.end;
  }
  if (text) parts.push(text);
  return [parts, i];
}

function parseArgument(source: string, start: number): { part: Part; end: number } {
  const header = /^\s*([\w.]+)\s*(?:,\s*(plural|select)\s*,)?\s*/.exec(source.slice(start));
  if (!header) throw new SyntaxError(`bad argument at ${start} in: ${source}`);
  const arg = header[1] as string;
  let i = start + header[0].length;
  if (!header[2]) {
    if (source[i] !== '}') throw new SyntaxError(`expected "}" at ${i} in: ${source}`);
    return { part: { arg }, end: i + 1 };
  }
  const type = header[2] as 'plural' | 'select';
  const options: Record<string, Part[]> = {};
  for (;;) {
    const key = /^\s*(=?[\w-]+)\s*\{/.exec(source.slice(i));
    if (!key) break;
    const [body, end] = parseParts(source, i + key[0].length, type === 'plural');
    if (source[end] !== '}') throw new SyntaxError(`unclosed option at ${i} in: ${source}`);
    options[key[1] as string] = body;
    i = end + 1;
  }
  const close = /^\s*\}/.exec(source.slice(i));
  if (!close) throw new SyntaxError(`expected "}" at ${i} in: ${source}`);
  if (!options.other) throw new SyntaxError(`"${arg}" needs an "other" option in: ${source}`);
  return { part: { arg, type, options }, end: i + close[0].length };
}
