/**
 * Faults on a local warehouse, in `npm test`: a failure at each store call of a load (after the
 * Parquet is written and before it is published, after it is published and before the
 * manifest, ...), the loading process killed outright, and two loads of one month at once.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import {
  concurrentLoads,
  type Deliveries,
  failures,
  makeDeliveries,
  processKilled,
  storeCallFails,
} from './faults.js';

let duckdb: DuckDBInstance;
let deliveries: Deliveries;

beforeAll(async () => {
  duckdb = await openDuckDB({ threads: 2 });
  deliveries = await makeDeliveries(duckdb);
});
afterAll(async () => {
  await deliveries.remove();
  duckdb.closeSync();
});

test('a failure at each store call, before or after it: the previous month or the whole new one, then a clean re-run', async () => {
  const outcomes = await storeCallFails(duckdb, deliveries);
  expect(failures(outcomes)).toEqual([]);
  expect(outcomes.map((o) => o.point)).toContainEqual(
    expect.stringMatching(/^before call \d+: putFile contacts\/la_code=850\/month=2020-02/),
  );
  expect(new Set(outcomes.map((o) => o.state))).toEqual(new Set(['kept', 'published']));
});

test('the loading process killed right after publishing: its lock is taken over and the re-run completes', async () => {
  // Store call 3 of a load into a warehouse with another month is the month's putFile.
  // (npm run reliability kills it before, during and after every store call.)
  const outcomes = await processKilled(duckdb, deliveries, [{ at: 3, when: 'after' }]);
  expect(failures(outcomes)).toEqual([]);
  expect(outcomes.map((o) => o.point)).toEqual([
    expect.stringMatching(/^after store call 3: putFile .*month=2020-02/),
  ]);
  expect(outcomes[0]!.state).toBe('published');
});

test('two loads of one month at once, in one process and as two processes: never interleaved, one whole delivery wins', async () => {
  const outcomes = await concurrentLoads(duckdb, deliveries);
  expect(failures(outcomes)).toEqual([]);
  expect(outcomes[0]!.detail).toContain('not interleaved');
});
