import { derive, type Figure, isWithheld, Withheld } from '../disclosure/withheld.js';
import { addMonths } from '../months.js';
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

/** A range of figures some of which may be withheld (published papers). */
export interface FigureRange {
  readonly min: Figure | null;
  readonly max: Figure | null;
  readonly minMonth: string | null;
  readonly maxMonth: string | null;
}

/**
 * The lowest and highest of a column's figures over rows. When any is withheld both ends are:
 * a withheld figure may be the lowest, and a shown end would bound the withheld ones.
 */
export function figureRange(
  rows: readonly Row[],
  figure: (row: Row) => Figure | null,
  monthColumn = 'month',
): FigureRange {
  const figures = rows.map(figure);
  const withheld = figures.find(isWithheld);
  if (withheld) {
    const hidden = new Withheld('derived', withheld.threshold);
    return { min: hidden, max: hidden, minMonth: null, maxMonth: null };
  }
  const plain = rows.map((row, i) => ({ ...row, __figure: figures[i] as number | null }));
  return range(plain, '__figure', monthColumn);
}

/** The mean of figures (nulls left out); withheld when any is. */
export function figureMean(figures: readonly (Figure | null)[]): Figure | null {
  const present = figures.filter((f) => f !== null);
  if (present.length === 0) return null;
  return derive(present, (...values) => values.reduce((a, b) => a + b, 0) / values.length);
}

/**
 * A moving average column as printed: withheld when a month it averages is (printing it would
 * let a reader recover that month from its neighbours).
 */
export function movingAverage(
  row: Row | undefined,
  average: number | null,
  monthFigure: (month: string) => Figure | null,
  months = 3,
): Figure | null {
  if (!row || average === null) return null;
  const month = String(row.month);
  const parts = Array.from({ length: months }, (_, k) => monthFigure(addMonths(month, -k)));
  return derive(parts, () => average);
}
