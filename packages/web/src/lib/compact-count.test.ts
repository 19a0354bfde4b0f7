import { describe, expect, it } from 'vitest';
import { formatCompactCount } from './compact-count';

describe('formatCompactCount', () => {
  it('shows counts as 1.2K and 3.4M, in the language’s own words and digits', () => {
    expect(formatCompactCount(999, 'en')).toBe('999');
    expect(formatCompactCount(1234, 'en')).toBe('1.2K');
    expect(formatCompactCount(3_400_000, 'en')).toBe('3.4M');
    expect(formatCompactCount(1234, 'fa')).toMatch(/^۱٫۲/);
    expect(formatCompactCount(1234, 'ru')).toMatch(/^1,2/);
  });
});
