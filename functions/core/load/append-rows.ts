import type { DuckDBConnection } from '@duckdb/node-api';

/** One record already split into text fields by a reader other than the CSV one (workbooks). */
export interface TextRow {
  /** The record's row number as its source shows it (a sheet row), for the rejects file. */
  readonly row: number;
  /** Field values in the order the delivery's header map gives. */
  readonly fields: readonly string[];
}

/**
 * Fills the temp table `raw` (`__row`, `c0..cN` text) that the validation SQL reads, from rows
 * another reader produced, exactly as the CSV fallback path does for a file DuckDB refuses.
 */
export async function appendRows(
  connection: DuckDBConnection,
  rows: readonly TextRow[],
  width: number,
): Promise<void> {
  const names = Array.from({ length: width }, (_, i) => `, c${i} VARCHAR`).join('');
  await connection.run(`CREATE OR REPLACE TEMP TABLE raw (__row BIGINT${names})`);
  const appender = await connection.createAppender('raw');
  for (const record of rows) {
    if (record.fields.length !== width) {
      throw new Error(`row ${record.row} has ${record.fields.length} fields, expected ${width}`);
    }
    appender.appendBigInt(BigInt(record.row));
    for (const field of record.fields) appender.appendVarchar(field);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}
