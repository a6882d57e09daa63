import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  compileSqlModel,
  loadSqlModels,
  type SqlModel,
} from '../../functions/core/engine/sql-models.js';
import { ALL_EXTRACTS, WAREHOUSE_TYPE } from '../../functions/core/extracts/index.js';

/** A cell in a fixture row: dates as 'YYYY-MM-DD' strings, booleans, numbers or null. */
export type FixtureValue = string | number | boolean | null;

/**
 * An in-memory DuckDB holding every warehouse table, empty and typed exactly as the loader
 * writes them (schema columns plus `la_code` and `month` partitions for LA extracts), for SQL
 * tests that insert hand-built rows and run report SQL against them.
 */
export async function warehouseFixture(): Promise<DuckDBConnection> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  for (const schema of ALL_EXTRACTS) {
    const columns = schema.columns.map((c) => `${c.name} ${WAREHOUSE_TYPE[c.type]}`);
    if (schema.kind !== 'reference') columns.push('la_code VARCHAR', 'month VARCHAR');
    await connection.run(`CREATE TABLE ${schema.name} (${columns.join(', ')})`);
  }
  return connection;
}

/**
 * Inserts rows into a fixture table; columns a row leaves out are NULL. Values are bound as
 * parameters and cast by DuckDB to the column type.
 */
export async function insertRows(
  connection: DuckDBConnection,
  table: string,
  rows: readonly Record<string, FixtureValue>[],
): Promise<void> {
  for (const row of rows) {
    const names = Object.keys(row);
    const placeholders = names.map((_, i) => `$${i + 1}`);
    await connection.run(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${placeholders.join(', ')})`,
      names.map((n) => row[n] ?? null),
    );
  }
}

let models: Map<string, SqlModel> | undefined;

/** Runs `sql/reports/<name>.sql` (dependencies inlined) and returns plain JS rows. */
export async function runModel(
  connection: DuckDBConnection,
  name: string,
  params: Record<string, string | number | boolean | null>,
): Promise<Record<string, unknown>[]> {
  models ??= await loadSqlModels();
  const sql = compileSqlModel(models, name);
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}
