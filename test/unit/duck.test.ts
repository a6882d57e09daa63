import { DuckDBInstance } from '@duckdb/node-api';

test('duckdb loads under jest', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll('select 1 + 1 as x');
  expect(r.getRowObjectsJS()).toEqual([{ x: 2 }]);
});
