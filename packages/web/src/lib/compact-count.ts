/** 1.2K, 3.4M, ۱٫۲ هزار: a count (views, members) in the user's language, compact. */
export function formatCompactCount(count: number, language: string): string {
  return new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 }).format(count);
}
