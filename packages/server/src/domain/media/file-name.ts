/** Longest file name kept, in UTF-16 units (most file systems allow 255 bytes). */
const MAX_LENGTH = 120;

/** Control characters, bidirectional marks and overrides (which can disguise an extension, as in
 * "photo\u202egpj.exe"), and characters Windows reserves. Zero-width joiners stay: Persian needs them. */
const BIDI_CONTROLS_AND_RESERVED = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/gu;

/**
 * A file name safe to show and to save: the last path segment only (no "../", no drive or
 * directory), without control, bidirectional-override or reserved characters, never empty or a
 * dot name. The extension is kept when the name is shortened.
 */
export function safeFileName(name: string, fallback = 'file'): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  let clean = lastSegment
    .normalize('NFC')
    .replace(BIDI_CONTROLS_AND_RESERVED, '')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (clean.length > MAX_LENGTH) {
    const dot = clean.lastIndexOf('.');
    const extension = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_LENGTH - extension.length) + extension;
  }
  return clean === '' ? fallback : clean;
}
