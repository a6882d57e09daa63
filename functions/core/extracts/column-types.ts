import type { ColumnType } from './schema.js';

/** The warehouse (Parquet/DuckDB) type each schema column type is stored as. */
export const WAREHOUSE_TYPE: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  code: 'VARCHAR',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
};
