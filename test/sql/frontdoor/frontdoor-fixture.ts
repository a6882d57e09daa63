import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  compileSqlModel,
  loadSqlModels,
  type SqlModel,
} from '../../../functions/core/engine/sql-models.js';
import type { FixtureValue } from '../../helpers/sql-fixture.js';

/**
 * England and Wales bank holidays 2017-2024, typed in by hand from the gov.uk record. The SQL
 * runs on the shipped `calendar` (createReferenceTables); this list backs an independent
 * day-by-day count that checks the hand-worked dates in the tests. It includes the one-offs the
 * timeliness tests lean on: VE Day moved to 8 May 2020, the Platinum Jubilee (2-3 June 2022),
 * the State Funeral (19 September 2022) and the Coronation (8 May 2023).
 */
export const BANK_HOLIDAYS: readonly string[] = [
  '2017-01-02 2017-04-14 2017-04-17 2017-05-01 2017-05-29 2017-08-28 2017-12-25 2017-12-26',
  '2018-01-01 2018-03-30 2018-04-02 2018-05-07 2018-05-28 2018-08-27 2018-12-25 2018-12-26',
  '2019-01-01 2019-04-19 2019-04-22 2019-05-06 2019-05-27 2019-08-26 2019-12-25 2019-12-26',
  '2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 2020-08-31 2020-12-25 2020-12-28',
  '2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28',
  '2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19',
  '2022-12-26 2022-12-27',
  '2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25',
  '2023-12-26',
  '2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26',
].flatMap((line) => line.split(' '));

const HOLIDAYS = new Set(BANK_HOLIDAYS);
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A weekday that is not a bank holiday in BANK_HOLIDAYS. */
export function isWorkingDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !HOLIDAYS.has(date);
}

/**
 * Working days after `start` up to and including `end`, counted day by day: the DfE's way of
 * timing an assessment (started and authorised the same day = 0). A second, independent count
 * for checking the hand-worked dates in the tests.
 */
export function workingDaysAfter(start: string, end: string): number {
  let count = 0;
  for (let date = addDays(start, 1); date <= end; date = addDays(date, 1)) {
    if (isWorkingDay(date)) count += 1;
  }
  return count;
}

/**
 * Inserts many rows (the shared `insertRows` runs one statement a row, too slow for the tens of
 * thousands of rows the seed months need). Columns a row leaves out are NULL; an empty string
 * stays an empty string. Large sets go through a temporary CSV read as text and cast by DuckDB
 * to the column types on insert; small ones through a parameterised multi-row INSERT.
 */
export async function bulkInsert(
  connection: DuckDBConnection,
  table: string,
  rows: readonly Record<string, FixtureValue>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (rows.length > 200) {
    const dir = await mkdtemp(join(tmpdir(), 'pp-frontdoor-'));
    const path = join(dir, `${table}.csv`);
    const cell = (value: FixtureValue | undefined) =>
      value === null || value === undefined ? '\\N' : `"${String(value).replaceAll('"', '""')}"`;
    const lines = rows.map((row) => names.map((name) => cell(row[name])).join(','));
    await writeFile(path, `${names.join(',')}\n${lines.join('\n')}\n`);
    const columns = names.map((name) => `'${name}': 'VARCHAR'`).join(', ');
    await connection.run(
      `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM read_csv($path, header = true,
        auto_detect = false, quote = '"', escape = '"', nullstr = '\\N', columns = {${columns}})`,
      { path },
    );
    await rm(dir, { recursive: true });
    return;
  }
  const values: FixtureValue[] = [];
  const tuples = rows.map((row, r) => {
    for (const name of names) values.push(row[name] ?? null);
    return `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(', ')})`;
  });
  await connection.run(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES ${tuples.join(', ')}`,
    values,
  );
}

/** A report row: BIGINT/INTEGER cells as numbers, DATE as 'YYYY-MM-DD', DOUBLE as numbers. */
export type ReportRow = Record<string, string | number | boolean | null>;

/** The rows of a model plus its output columns and their DuckDB types, in order. */
export interface ReportResult {
  readonly rows: ReportRow[];
  readonly columns: readonly string[];
  readonly types: Readonly<Record<string, string>>;
}

let models: Map<string, SqlModel> | undefined;

/**
 * Runs a model from `sql/` with its dependencies inlined (as `runModel` does) and keeps the
 * column types, so the tests can check the output contract (counts BIGINT, month DATE...).
 */
export async function runReport(
  connection: DuckDBConnection,
  name: string,
  params: Record<string, string> = {},
): Promise<ReportResult> {
  models ??= await loadSqlModels();
  const reader = await connection.runAndReadAll(compileSqlModel(models, name), params);
  const columns = reader.columnNames();
  const types = Object.fromEntries(
    reader.columnTypes().map((type, i) => [columns[i], type.toString()]),
  ) as Record<string, string>;
  const rows = reader.getRowObjectsJson().map((row) => {
    const out: ReportRow = {};
    for (const column of columns) {
      const value = row[column];
      out[column] =
        typeof value === 'string' && /INT/.test(types[column] ?? '')
          ? Number(value)
          : (value as string | number | boolean | null);
    }
    return out;
  });
  return { rows, columns, types };
}

/** Rows sorted by one column's string value, for order-free comparisons. */
export function sortBy(rows: readonly ReportRow[], column: string): ReportRow[] {
  return [...rows].sort((a, b) => String(a[column]).localeCompare(String(b[column])));
}

/**
 * Stands in for the loader's replace semantics (SPEC 3: a delivery replaces that LA's data for
 * that month): the LA's rows for the month go, the new delivery's rows come in.
 */
export async function deliverMonth(
  connection: DuckDBConnection,
  table: string,
  laCode: string,
  month: string,
  rows: readonly Record<string, FixtureValue>[],
): Promise<void> {
  await connection.run(`DELETE FROM ${table} WHERE la_code = $1 AND month = $2`, [laCode, month]);
  await bulkInsert(
    connection,
    table,
    rows.map((row) => ({ ...row, la_code: laCode, month })),
  );
}
