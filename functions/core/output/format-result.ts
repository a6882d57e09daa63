import { csvLine } from '../csv-text.js';
import type { QueryResult, SqlValue } from '../engine/query-engine.js';

export type ResultFormat = 'table' | 'csv' | 'json';
export const RESULT_FORMATS: readonly ResultFormat[] = ['table', 'csv', 'json'];

const NUMERIC =
  /^(tinyint|smallint|integer|bigint|hugeint|decimal|double|float|real|ubigint|uinteger)/;

function cell(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' && !Number.isInteger(value))
    return String(Number(value.toPrecision(12)));
  return String(value);
}

/** A query result as text: an aligned grid, RFC 4180 CSV (formulas neutralised) or JSON rows. */
export function formatResult(result: QueryResult, format: ResultFormat): string {
  const names = result.columns.map((c) => c.name);
  if (format === 'json') return `${JSON.stringify(result.rows, null, 2)}\n`;
  if (format === 'csv') {
    return (
      csvLine(names) + result.rows.map((row) => csvLine(names.map((n) => row[n] ?? null))).join('')
    );
  }
  const grid = result.rows.map((row) => names.map((n) => cell(row[n] ?? null)));
  const widths = names.map((n, i) => Math.max(n.length, ...grid.map((r) => r[i]!.length)));
  const numeric = result.columns.map((c) => NUMERIC.test(c.type));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
  return `${[line(names), rule, ...grid.map(line), count].join('\n')}\n`;
}
