import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileSqlModel, loadSqlModels } from '../../../functions/core/engine/sql-models.js';

async function sqlTree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pp-sql-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe('SQL models', () => {
  test('inlines dependencies as CTEs in dependency order and runs', async () => {
    const dir = await sqlTree({
      'staging/stg_numbers.sql': '-- one row per number\nselect * from range(5) t(n);\n',
      'intermediate/int_numbers_doubled.sql':
        '-- one row per number\nwith base as (select n from stg_numbers)\nselect n * 2 as d from base',
      'reports/numbers_report.sql':
        "-- one row in all\n-- stg_numbers is named in a comment only\nwith final as (select sum(d) as total, 'int_x' as s from int_numbers_doubled)\nselect * from final",
    });
    const models = await loadSqlModels(dir);
    expect(models.get('numbers_report')?.grain).toBe('one row in all');
    expect(models.get('numbers_report')?.dependencies).toEqual(['int_numbers_doubled']);
    const sql = compileSqlModel(models, 'numbers_report');
    expect(sql.indexOf('stg_numbers AS')).toBeLessThan(sql.indexOf('int_numbers_doubled AS'));
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    expect(rows).toEqual([{ total: 20n, s: 'int_x' }]);
  });

  test('rejects cycles and duplicate names with the file named', async () => {
    const cyclic = await sqlTree({
      'staging/stg_a.sql': '-- a\nselect * from stg_b',
      'staging/stg_b.sql': '-- b\nselect * from stg_a',
    });
    expect(() => compileSqlModel(new Map(), 'nothing')).toThrow('no SQL model named nothing');
    await expect(loadSqlModels(cyclic).then((m) => compileSqlModel(m, 'stg_a'))).rejects.toThrow(
      'cycle: stg_a -> stg_b -> stg_a',
    );
    const duplicate = await sqlTree({
      'staging/same.sql': '-- a\nselect 1',
      'reports/same.sql': '-- b\nselect 2',
    });
    await expect(loadSqlModels(duplicate)).rejects.toThrow('a model named same exists already');
  });
});
