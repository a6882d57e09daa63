import type { Row } from '../report-tables.js';
import { num } from '../report-tables.js';

/** The lowest and highest value of a column over some rows, with the rows they came from. */
export interface Range {
  readonly min: number | null;
  readonly max: number | null;
  readonly minMonth: string | null;
  readonly maxMonth: string | null;
}

/** The range of `column` over `rows`, ignoring nulls; the first row wins a tie. */
export function range(rows: readonly Row[], column: string, monthColumn = 'month'): Range {
  let min: { v: number; row: Row } | undefined;
  let max: { v: number; row: Row } | undefined;
  for (const row of rows) {
    const v = num(row, column);
    if (v === null) continue;
    if (!min || v < min.v) min = { v, row };
    if (!max || v > max.v) max = { v, row };
  }
  const month = (r: Row | undefined) => {
    const m = r?.[monthColumn];
    return m === undefined || m === null ? null : String(m);
  };
  return {
    min: min?.v ?? null,
    max: max?.v ?? null,
    minMonth: month(min?.row),
    maxMonth: month(max?.row),
  };
}

/** The sum of a column over rows (nulls as 0). */
export function total(rows: readonly Row[], column: string): number {
  return rows.reduce((sum, row) => sum + (num(row, column) ?? 0), 0);
}

/** 100 * part / whole, or null when whole is 0 (as the report SQL defines its rates). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : (100 * part) / whole;
}

/** The mean of the non-null values of a column, or null when there are none. */
export function mean(rows: readonly Row[], column: string): number | null {
  const values = rows.map((r) => num(r, column)).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Fails with a message that says what to run when a report table has no rows for the scope. */
export function requireRows(
  rows: readonly Row[],
  table: string,
  scope: { readonly laCode: string; readonly asOf: string },
): readonly Row[] {
  if (rows.length === 0) {
    throw new Error(
      `report table ${table} has no rows for LA ${scope.laCode} as of ${scope.asOf}: load that LA's extracts and run \`panelpack tables --month ${scope.asOf}\` first`,
    );
  }
  return rows;
}
