/**
 * The SQL engines (DuckDB locally, Athena in AWS) behind one interface, so report-table SQL and
 * ad-hoc analyst queries run the same way on both. Values come back as plain JavaScript values
 * typed from the engine's result metadata, identical for both engines:
 * integers and decimals -> number, DATE -> 'YYYY-MM-DD', TIMESTAMP -> 'YYYY-MM-DDTHH:MM:SS[.fff]',
 * BOOLEAN -> boolean, text -> string, NULL -> null.
 */

/** A named query parameter (`$name` in SQL). SQL casts it to the type it needs. */
export type SqlParam = string | number | boolean | null;

/** A result value after typing (see the module comment). */
export type SqlValue = string | number | boolean | null;

export interface ResultColumn {
  readonly name: string;
  /** The engine's type name in lower case, e.g. `bigint`, `double`, `date`, `varchar`. */
  readonly type: string;
}

export interface QueryResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Record<string, SqlValue>[];
}

export interface QueryEngine {
  readonly name: 'duckdb' | 'athena';
  /** Runs one statement with named parameters (`$month` in the SQL, `{ month: '2020-01' }`). */
  query(sql: string, params?: Readonly<Record<string, SqlParam>>): Promise<QueryResult>;
  /**
   * Runs a query and publishes its result as Parquet under `prefix` in the warehouse store,
   * replacing what was there. Returns the number of rows written.
   */
  materialise(
    sql: string,
    params: Readonly<Record<string, SqlParam>>,
    prefix: string,
  ): Promise<number>;
  close(): Promise<void>;
}
