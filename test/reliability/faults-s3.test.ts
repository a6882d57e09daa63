/**
 * Faults on S3, in `npm test`: the S3 server killed at every request of a load (the new
 * month's PUT among them, half its body sent), killed as it answers (the request took effect,
 * the client cannot know), and the ingest Lambda meeting the same fault, then retried and
 * redelivered. In every case the previous data stays readable, nothing is half-published and a
 * re-run completes.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import {
  type Deliveries,
  failures,
  lambdaRetries,
  makeDeliveries,
  s3ServerKilled,
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

test('the S3 server killed mid-request (lock, new month, after publishing, lock release), then restarted: the load re-runs to the same bytes', async () => {
  // npm run reliability kills it at every request of the load; these are the four that matter.
  const outcomes = await s3ServerKilled(duckdb, deliveries, { points: [1, 4, 5, 9] });
  expect(failures(outcomes)).toEqual([]);
  expect(outcomes).toHaveLength(4);
  expect(outcomes.map((o) => o.point)).toContainEqual(
    expect.stringMatching(/PUT .*month%3D2020-02\/part-0\.parquet/),
  );
  expect(outcomes.map((o) => o.point)).toContainEqual(expect.stringMatching(/PUT .*_locks/));
  // Cut mid-PUT, the month stays as it was; killed after it, the new month is whole.
  expect(new Set(outcomes.map((o) => o.state))).toEqual(new Set(['kept', 'published']));
});

test('requests that took effect though their answer was lost (the lock, the month) do not block the re-run', async () => {
  const killed = await s3ServerKilled(duckdb, deliveries, { afterCommit: true, points: [1, 4] });
  const dropped = await s3ServerKilled(duckdb, deliveries, { dropOnly: true, points: [1] });
  expect(failures([...killed, ...dropped])).toEqual([]);
  expect(killed).toHaveLength(2);
  // A dropped connection is retried by the SDK, whose retry of the lock write finds its own
  // lock: the load completes without a re-run.
  expect(dropped.map((o) => o.detail)).toEqual([expect.stringContaining('load returned')]);
});

test('the ingest Lambda: a publish cut by the S3 server is retried by SQS; duplicate events change nothing', async () => {
  const outcomes = await lambdaRetries(deliveries, deliveries.dir);
  expect(failures(outcomes)).toEqual([]);
  expect(outcomes.map((o) => o.point)).toEqual([
    'PUT of the new month, then the SQS retry',
    'the same event again',
    'the same event twice at once',
  ]);
});
