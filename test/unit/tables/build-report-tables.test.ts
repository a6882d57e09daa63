import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBEngine } from '../../../functions/core/engine/duckdb-engine.js';
import { openDuckDB } from '../../../functions/core/engine/duckdb-instance.js';
import { loadSqlModels } from '../../../functions/core/engine/sql-models.js';
import { loadFile } from '../../../functions/core/load/index.js';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import { LocalStore } from '../../../functions/core/store/index.js';
import { buildReportTables } from '../../../functions/core/tables/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const HEADER = 'contact_id,child_id,contact_date,source,case_status,outcome\n';

let duckdb: DuckDBInstance;
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  duckdb = await openDuckDB({ threads: 1 });
  dir = await tempDir();
});
afterAll(() => dir.remove());

test('report tables are built per LA and build month, idempotently, keeping earlier builds', async () => {
  const store = new LocalStore(join(dir.path, 'warehouse'));
  const deliveries: Record<string, string> = {
    'contacts_850_2019-10.csv': 'a,k1,2019-10-01,2A,new,closed\nb,k2,2019-10-02,6,open,referral\n',
    'contacts_850_2019-11.csv': 'c,k3,2019-11-01,2A,new,other\n',
    'contacts_921_2019-11.csv': 'd,k4,2019-11-03,,new,closed\n',
  };
  for (const [name, rows] of Object.entries(deliveries)) {
    await writeFile(join(dir.path, name), HEADER + rows);
    expect((await loadFile(join(dir.path, name), { store, duckdb })).status).toBe('loaded');
  }
  const sqlDir = join(dir.path, 'sql');
  await mkdir(join(sqlDir, 'reports'), { recursive: true });
  await writeFile(
    join(sqlDir, 'reports', 'contacts_per_month.sql'),
    `-- one row per LA per month
with final as (
  select $la_code as la_code, $as_of as as_of, month, count(*) as contacts
  from contacts
  where la_code = $la_code and month <= $as_of
  group by month
)
select * from final`,
  );
  const models = await loadSqlModels(sqlDir);
  const engine = await DuckDBEngine.open({
    duckdb,
    warehouseDir: store.localRoot!,
    store,
    setup: createReferenceTables,
  });

  const october = await buildReportTables({ engine, asOf: '2019-10', models });
  expect(october.map((b) => [b.table, b.la_code, b.rows])).toEqual([
    ['contacts_per_month', '850', 1],
    ['contacts_per_month', '921', 0],
  ]);
  const november = await buildReportTables({ engine, asOf: '2019-11', models, laCodes: ['850'] });
  expect(november[0]!.key).toBe('report_tables/contacts_per_month/la_code=850/as_of=2019-11/');
  const file = `${november[0]!.key}part-0.parquet`;
  const first = await store.get(file);
  await buildReportTables({ engine, asOf: '2019-11', models, laCodes: ['850'] });
  expect(await store.get(file)).toEqual(first);

  await engine.refresh();
  const rows = await engine.query(
    'select la_code, as_of, month, contacts from contacts_per_month order by as_of, la_code, month',
  );
  expect(rows.rows).toEqual([
    { la_code: '850', as_of: '2019-10', month: '2019-10', contacts: 2 },
    { la_code: '850', as_of: '2019-11', month: '2019-10', contacts: 2 },
    { la_code: '850', as_of: '2019-11', month: '2019-11', contacts: 1 },
  ]);
  await expect(buildReportTables({ engine, asOf: '2019-13', models })).rejects.toThrow(
    'expected YYYY-MM',
  );
  await expect(
    buildReportTables({ engine, asOf: '2019-11', models, tables: ['nope'] }),
  ).rejects.toThrow('no report table named nope');
});
