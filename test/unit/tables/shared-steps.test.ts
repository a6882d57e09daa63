/**
 * On DuckDB, `buildReportTables` computes the intermediate steps several report tables share
 * once per LA (temporary tables scoped to the LA) instead of inside every table's query. The
 * published tables must be exactly what each table's own self-contained query gives, the query
 * Athena runs: this holds them to it, on a two-LA warehouse generated and loaded as a council's.
 */
import { join } from 'node:path';
import type { SqlValue } from '../../../functions/core/engine/query-engine.js';
import { compileSqlModel, loadSqlModels } from '../../../functions/core/engine/sql-models.js';
import { reportTablePrefix } from '../../../functions/core/tables/index.js';
import { type GeneratedWarehouse, generatedWarehouse } from '../../e2e/generated-warehouse.js';

let warehouse: GeneratedWarehouse;

beforeAll(async () => {
  warehouse = await generatedWarehouse({ from: '2018-01', to: '2019-02', las: ['850', '921'] });
}, 300_000);
afterAll(() => warehouse?.close());

/** Rows in a stable order, doubles rounded past any summation-order noise. */
function canonical(rows: readonly Record<string, SqlValue>[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.entries(row)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(12)) : v]),
      ),
    )
    .sort();
}

test('tables built with shared steps equal each table computed by its own query, per LA', async () => {
  const models = await loadSqlModels();
  const tables = [...models.values()].filter((m) => m.layer === 'reports').map((m) => m.name);
  expect(tables.length).toBeGreaterThanOrEqual(10);
  for (const laCode of ['850', '921']) {
    for (const table of tables) {
      const params = { la_code: laCode, as_of: warehouse.asOf };
      const own = await warehouse.engine.query(
        `SELECT * EXCLUDE (la_code, as_of) FROM (${compileSqlModel(models, table)})`,
        params,
      );
      const file = join(
        warehouse.dir,
        reportTablePrefix(table, laCode, warehouse.asOf),
        'part-0.parquet',
      );
      const built = await warehouse.engine.query(
        'SELECT * FROM read_parquet($file, hive_partitioning = false)',
        { file },
      );
      expect({ table, laCode, rows: canonical(built.rows) }).toEqual({
        table,
        laCode,
        rows: canonical(own.rows),
      });
      expect(own.rows.length).toBeGreaterThan(0);
    }
  }
}, 120_000);
