import type { DuckDBConnection } from '@duckdb/node-api';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import {
  type FixtureValue,
  insertRows,
  runModel,
  warehouseFixture,
} from '../../helpers/sql-fixture.js';

/**
 * The warehouse fixture plus the shipped reference tables (`la`, `calendar`, `bank_holidays`):
 * report SQL reads the build month from `calendar` and the LA's region from `la`.
 */
export async function reportFixture(): Promise<DuckDBConnection> {
  const connection = await warehouseFixture();
  await createReferenceTables(connection);
  return connection;
}

/** A report-table row with BIGINT columns as numbers (DuckDB's JSON rows carry them as strings). */
export type ReportRow = Record<string, string | number | boolean | null>;

/** Columns that are text even though their values can look like whole numbers. */
const TEXT_COLUMNS = new Set(['la_code', 'as_of', 'person_id', 'household_id']);

/**
 * Runs a report table for one LA and build month and returns its rows with BIGINT columns as
 * numbers, sorted by the given key columns so tests can compare whole tables.
 */
export async function runReport(
  connection: DuckDBConnection,
  name: string,
  la: string,
  asOf: string,
  sortBy: readonly string[] = [],
): Promise<ReportRow[]> {
  const rows = await runModel(connection, name, { la_code: la, as_of: asOf });
  const typed = rows.map((row) => {
    const out: ReportRow = {};
    for (const [key, value] of Object.entries(row)) {
      out[key] =
        typeof value === 'string' && !TEXT_COLUMNS.has(key) && /^-?\d+$/.test(value)
          ? Number(value)
          : (value as ReportRow[string]);
    }
    return out;
  });
  return typed.sort((a, b) => {
    for (const key of sortBy) {
      const x = String(a[key]);
      const y = String(b[key]);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

/** 100 * part / whole as the report SQL computes it; null when whole is 0. */
export function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : (100 * part) / whole;
}

/** Inserts rows after stamping each with the LA and delivery month partitions. */
export async function insertSnapshot(
  connection: DuckDBConnection,
  table: string,
  la: string,
  month: string,
  rows: readonly Record<string, FixtureValue>[],
): Promise<void> {
  await insertRows(
    connection,
    table,
    rows.map((row) => ({ ...row, la_code: la, month })),
  );
}

/** `YYYY-MM` for every month from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    out.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

/** The last day of a `YYYY-MM` month as `YYYY-MM-DD`. */
export function monthEnd(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * Inserts many rows in multi-row INSERTs of up to 500 rows (the shared `insertRows` runs one
 * statement a row, too slow for a few thousand). Every row must have the same columns.
 */
export async function insertMany(
  connection: DuckDBConnection,
  table: string,
  rows: readonly Record<string, FixtureValue>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(rows[0]!);
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const values: FixtureValue[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = names.map((name) => {
        values.push(row[name] ?? null);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await connection.run(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}
