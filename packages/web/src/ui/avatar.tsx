import { Icon } from './icon';

const COLORS = ['#e17076', '#7bc862', '#e5ca77', '#65aadd', '#a695e7', '#ee7aae', '#6ec9cb', '#faa774'];

/** A stable color for an id (the same person keeps the same color everywhere). */
export function avatarColor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length] as string;
}

/** Up to two initials, from the first letters of the first two words (any script). */
export function initials(name: string): string {
  const words = name
    .replace(/^@/, '')
    .split(/\s+/)
    .filter((word) => /\p{L}|\p{N}/u.test(word));
  const letters = words.slice(0, 2).map((word) => [...word.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  // A zero-width non-joiner keeps Arabic-script initials apart (د‌ر, not در).
  return letters.join('\u200c').toUpperCase() || '?';
}

export function Avatar({
  id,
  name,
  size = 48,
  saved = false,
  online = false,
}: {
  id: string;
  name: string;
  size?: number;
  saved?: boolean;
  online?: boolean;
}) {
  return (
    <span
      class={online ? 'avatar online' : 'avatar'}
      style={{
        width: `${size}px`,
        height: `${size}px`,
        background: avatarColor(id),
        fontSize: `${size * 0.4}px`,
      }}
      aria-hidden="true"
    >
      {saved ? <Icon name="bookmark" size={size * 0.5} /> : initials(name)}
    </span>
  );
}
