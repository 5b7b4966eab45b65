/** RFC 4180 CSV: a header row, then one row per record; null is an empty cell. */
export function renderCsv<K extends string>(
  columns: readonly K[],
  rows: readonly Readonly<Record<K, string | number | null>>[],
): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n') + '\n';
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
