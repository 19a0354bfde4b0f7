/** A cell, printed with `String()`: format figures with `formatNumber` first. */
export type Cell = string | number;

/** Formats a number for a table: thousands separators, a fixed number of decimals. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Renders rows under a header as a Markdown table, padded so that it also reads as plain text:
 * the first column left-aligned (a label), the others right-aligned (figures).
 */
export function renderTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, column) => Math.max(3, ...text.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? ` ${'-'.repeat(width)} ` : ` ${'-'.repeat(width - 1)}: `)).join('|')}|`;
  return [line(text[0] ?? []), rule, ...text.slice(1).map(line)].join('\n');
}
