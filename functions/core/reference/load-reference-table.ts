import { join } from 'node:path';
import { type DuckDBConnection, type DuckDBDateValue, dateValue } from '@duckdb/node-api';
import { packagePath } from '../package-root.js';
import { buildCalendar, type CalendarRow } from './calendar.js';
import type { ReferenceTable } from './reference-tables.js';

/** Where the reference loaders find the shipped CSVs. */
export interface ReferenceDataOptions {
  /**
   * The folder holding `bank_holidays.csv` and `la.csv`; defaults to `sql/reference` under the
   * package root (see `package-root.ts`), which is right from sources, from `dist/` and in a
   * bundle that ships `sql/` next to the code.
   */
  readonly referenceDir?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

// Explicit column types and dialect, no sniffing: a code like 850 stays text, and a malformed
// row or date fails the load instead of silently changing a column's type.
const CSV_OPTIONS = `header = true, delim = ',', quote = '"', escape = '"', auto_detect = false`;

/**
 * Creates (or replaces) table `as` in the connection and fills it with `table`'s data, typed as
 * `table.columns` says. `temporary` makes it a session-only temp table, for callers that only
 * need it long enough to export it.
 */
export async function loadReferenceTable(
  connection: DuckDBConnection,
  table: ReferenceTable,
  as: string,
  options: ReferenceDataOptions & { readonly temporary?: boolean } = {},
): Promise<void> {
  // Identifiers cannot be parameters; these come from REFERENCE_TABLES or the caller, so they
  // are checked against a strict pattern before they reach the SQL text.
  for (const name of [as, ...table.columns.map((column) => column.name)]) {
    if (!IDENTIFIER.test(name)) throw new Error(`reference table: bad identifier ${name}`);
  }
  const columnList = table.columns.map((column) => `"${column.name}" ${column.type}`).join(', ');
  await connection.run(
    `create or replace ${options.temporary ? 'temp ' : ''}table "${as}" (${columnList})`,
  );

  if (table.csvFile !== undefined) {
    const csvPath = join(options.referenceDir ?? packagePath('sql', 'reference'), table.csvFile);
    const columnTypes = table.columns.map((column) => `'${column.name}': '${column.type}'`);
    await connection.run(
      `insert into "${as}" select * from read_csv($path, ${CSV_OPTIONS}, columns = {${columnTypes.join(', ')}})`,
      { path: csvPath },
    );
    return;
  }

  if (table.name !== 'calendar') throw new Error(`reference table ${table.name} has no source`);
  // Built from the shipped holiday CSV, the same data as the bank_holidays table, so the two
  // tables cannot disagree.
  const holidays = await connection.runAndReadAll(
    `select strftime("date", '%Y-%m-%d') as "date" from read_csv($path, ${CSV_OPTIONS}, columns = {'date': 'DATE', 'name': 'VARCHAR'})`,
    { path: join(options.referenceDir ?? packagePath('sql', 'reference'), 'bank_holidays.csv') },
  );
  const rows = buildCalendar(holidays.getRowObjectsJS().map((row) => ({ date: String(row.date) })));
  const appender = await connection.createAppender(as, null, options.temporary ? 'temp' : null);
  try {
    for (const row of rows) {
      // Appended in REFERENCE_TABLES column order, which is the order the table was created in.
      for (const column of table.columns) {
        const value = row[column.name as keyof CalendarRow];
        if (column.type === 'DATE') appender.appendDate(toDateValue(String(value)));
        else if (column.type === 'BOOLEAN') appender.appendBoolean(value === true);
        else if (column.type === 'INTEGER') appender.appendInteger(Number(value));
        else appender.appendVarchar(String(value));
      }
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

function toDateValue(iso: string): DuckDBDateValue {
  const [year, month, day] = iso.split('-').map(Number);
  return dateValue({ year: year!, month: month!, day: day! });
}
