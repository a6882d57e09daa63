import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { loadSqlModels } from '../../../functions/core/engine/sql-models.js';
import { generate } from '../../../functions/core/synth/index.js';
import { handler as ingest } from '../../../functions/ingest/handler.js';
import type { MonthTablesSummary } from '../../../functions/lambda-shared/month-tables.js';
import { handler } from '../../../functions/tables/handler.js';
import { type AwsHarness, captureStdout, startAwsHarness } from './aws-harness.js';

let aws: AwsHarness;
let reportTables: string[];

beforeAll(async () => {
  aws = await startAwsHarness();
  const generated = await generate({
    from: '2020-01',
    to: '2020-02',
    outDir: join(aws.dir, 'extracts'),
    las: ['921'],
    scale: 0.2,
  });
  for (const file of generated.files) {
    await aws.s3.client.send(
      new PutObjectCommand({
        Bucket: aws.buckets.landing,
        Key: `incoming/${basename(file)}`,
        Body: await readFile(file),
      }),
    );
  }
  await captureStdout(async () => {
    await ingest({ month: '2020-01' });
    await ingest({ month: '2020-02' });
  });
  reportTables = [...(await loadSqlModels()).values()]
    .filter((m) => m.layer === 'reports')
    .map((m) => m.name);
});
afterAll(() => aws.stop());

test('builds every report table for the month into report_tables/<table>/la_code=/as_of=/', async () => {
  const { result, lines } = await captureStdout(
    () => handler({ month: '2020-02' }) as Promise<MonthTablesSummary>,
  );
  expect(result).toEqual({
    month: '2020-02',
    engine: 'duckdb',
    laCodes: ['921'],
    builds: reportTables.length,
    rows: expect.any(Number),
  });
  expect(result.rows).toBeGreaterThan(0);
  const written = await aws.keys(aws.buckets.warehouse, 'warehouse/report_tables/');
  expect(written).toEqual(
    reportTables
      .map((t) => `warehouse/report_tables/${t}/la_code=921/as_of=2020-02/part-0.parquet`)
      .sort(),
  );
  expect(lines.map((l) => JSON.parse(l))).toContainEqual(
    expect.objectContaining({ message: 'built report table', table: 'frontdoor_contacts_monthly' }),
  );
});

test('a build for another month keeps the earlier build', async () => {
  await captureStdout(() => handler({ month: '2020-01', laCodes: ['921'] }));
  const written = await aws.keys(
    aws.buckets.warehouse,
    'warehouse/report_tables/frontdoor_annual/',
  );
  expect(written).toEqual([
    'warehouse/report_tables/frontdoor_annual/la_code=921/as_of=2020-01/part-0.parquet',
    'warehouse/report_tables/frontdoor_annual/la_code=921/as_of=2020-02/part-0.parquet',
  ]);
});

test('requests and settings are checked before anything runs', async () => {
  await expect(handler({ month: '2020/02' })).rejects.toThrow();
  await expect(handler({ month: '2020-02', laCodes: ['85'] })).rejects.toThrow();
  process.env.PANELPACK_ENGINE = 'athena';
  try {
    await expect(handler({ month: '2020-02' })).rejects.toThrow(/PANELPACK_ATHENA_WORKGROUP/);
    process.env.PANELPACK_ENGINE = 'spark';
    await expect(handler({ month: '2020-02' })).rejects.toThrow(/PANELPACK_ENGINE/);
  } finally {
    delete process.env.PANELPACK_ENGINE;
  }
});
