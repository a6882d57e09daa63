/**
 * A delivery whose every row is valid takes the loader's fast path (one streamed statement
 * from the CSV to Parquet); any other file takes the full path that names each reject. For the
 * same valid rows both must publish the same month: the same rows, values and order.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { openDuckDB } from '../../../functions/core/engine/duckdb-instance.js';
import { LA_EXTRACTS } from '../../../functions/core/extracts/index.js';
import { loadFile, partitionPrefix } from '../../../functions/core/load/index.js';
import { LocalStore } from '../../../functions/core/store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { schemaHeader, validRowArb, withKeys, writeCsv } from '../../reliability/schema-rows.js';

let duckdb: DuckDBInstance;
let dir: { path: string; remove: () => Promise<void> };
let runs = 0;

beforeAll(async () => {
  duckdb = await openDuckDB({ threads: 2 });
  dir = await tempDir();
});
afterAll(async () => {
  duckdb.closeSync();
  await dir.remove();
});

async function published(store: LocalStore, extract: string, month: string): Promise<unknown[]> {
  const path = join(store.localRoot, partitionPrefix(extract, '850', month), 'part-0.parquet');
  const connection = await duckdb.connect();
  try {
    return (
      await connection.runAndReadAll(
        'SELECT * FROM read_parquet($path, hive_partitioning = false)',
        {
          path,
        },
      )
    ).getRowObjectsJson();
  } finally {
    connection.closeSync();
  }
}

test('valid rows publish the same month whether the file is clean or carries a rejected row', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...LA_EXTRACTS).chain((schema) =>
        fc.record({
          schema: fc.constant(schema),
          rows: fc.array(validRowArb(schema, '2021-06'), { minLength: 1, maxLength: 30 }),
          bom: fc.boolean(),
          pad: fc.boolean(),
          quoteAll: fc.boolean(),
        }),
      ),
      async ({ schema, rows: generated, bom, pad, quoteAll }) => {
        runs += 1;
        const rows = withKeys(schema, generated, `R${runs}-`);
        const style = { header: schemaHeader(schema), bom, pad, quoteAll };
        const required = schema.columns.find((c) => c.required && !schema.key.includes(c.name))!;
        // The same rows, then one whose required value is blank: the full path must run.
        const broken = { ...rows[0]!, [required.name]: '' };
        for (const key of schema.key) broken[key] = `broken-${key}`;
        const results = [];
        const months = [];
        for (const [name, content] of [
          ['clean', writeCsv(rows, style)],
          ['broken', writeCsv([...rows, broken], style)],
        ] as const) {
          const folder = join(dir.path, `${runs}-${name}`);
          await mkdir(folder);
          const path = join(folder, `${schema.name}_850_2021-06.csv`);
          await writeFile(path, content);
          const store = new LocalStore(join(folder, 'warehouse'));
          results.push(await loadFile(path, { store, duckdb }));
          months.push(await published(store, schema.name, '2021-06'));
        }
        expect(results[0]).toMatchObject({ rows_read: rows.length, rows_rejected: 0 });
        expect(results[1]).toMatchObject({ rows_read: rows.length + 1, rows_rejected: 1 });
        expect(months[0]).toEqual(months[1]);
      },
    ),
    { numRuns: 30 },
  );
});
