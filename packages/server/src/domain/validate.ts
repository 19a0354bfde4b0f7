import { invalidInput } from './errors.js';

/** Ids arrive as numbers; anything not a positive safe integer names nothing. */
export function isId(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

export function requireLimit(value: number, fallback: number, max: number, field: string): number {
  if (value === 0) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) throw invalidInput(`${field} must be 1..${max}`);
  return value;
}

/** Trims and refuses control characters other than line breaks and tabs. */
export function cleanText(value: string): string | undefined {
  const trimmed = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed) ? undefined : trimmed;
}
