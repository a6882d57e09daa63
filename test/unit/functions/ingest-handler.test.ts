import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SQSBatchResponse } from 'aws-lambda';
import { generate } from '../../../functions/core/synth/index.js';
import { handler } from '../../../functions/ingest/handler.js';
import type { MonthLoadSummary } from '../../../functions/lambda-shared/landing-loads.js';
import { type AwsHarness, captureStdout, startAwsHarness, uploadEvent } from './aws-harness.js';

let aws: AwsHarness;
let files: string[];

beforeAll(async () => {
  aws = await startAwsHarness();
  const generated = await generate({
    from: '2020-01',
    to: '2020-01',
    outDir: join(aws.dir, 'extracts'),
    las: ['921'],
    scale: 0.2,
  });
  files = generated.files.filter((f) => /_921_2020-01\.csv$/.test(f));
  for (const file of generated.files) {
    await aws.s3.client.send(
      new PutObjectCommand({
        Bucket: aws.buckets.landing,
        Key: `incoming/2020-01/${basename(file)}`,
        Body: await readFile(file),
      }),
    );
  }
});
afterAll(() => aws.stop());

async function parquetRows(key: string): Promise<number> {
  const object = await aws.s3.client.send(
    new GetObjectCommand({ Bucket: aws.buckets.warehouse, Key: key }),
  );
  const path = join(aws.dir, `${basename(key)}-${Date.now()}.parquet`);
  await writeFile(path, await object.Body!.transformToByteArray());
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const reader = await connection.runAndReadAll('SELECT count(*) AS n FROM read_parquet($path)', {
    path,
  });
  const n = Number(reader.getRows()[0]![0]);
  connection.closeSync();
  db.closeSync();
  return n;
}

test('an upload event loads the delivery into the warehouse bucket as Parquet', async () => {
  const key = 'incoming/2020-01/contacts_921_2020-01.csv';
  const { result, lines } = await captureStdout(
    () => handler(uploadEvent([{ bucket: aws.buckets.landing, key }])) as Promise<SQSBatchResponse>,
  );
  expect(result).toEqual({ batchItemFailures: [] });

  const written = await aws.keys(aws.buckets.warehouse, 'warehouse/');
  expect(written).toContain('warehouse/contacts/la_code=921/month=2020-01/part-0.parquet');
  const manifestKey = written.find((k) =>
    /^warehouse\/_loads\/contacts_921_2020-01\..+\.json$/.test(k),
  );
  expect(manifestKey).toBeDefined();
  const manifest = JSON.parse(
    await (
      await aws.s3.client.send(
        new GetObjectCommand({ Bucket: aws.buckets.warehouse, Key: manifestKey! }),
      )
    ).Body!.transformToString(),
  );
  expect(manifest.status).toBe('loaded');
  expect(manifest.rows_loaded).toBeGreaterThan(100);
  expect(await parquetRows('warehouse/contacts/la_code=921/month=2020-01/part-0.parquet')).toBe(
    manifest.rows_loaded,
  );

  // The logs are JSON lines with counts and the file name, never a record's values.
  const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logged).toContainEqual(
    expect.objectContaining({ level: 'info', message: 'loaded', file: 'contacts_921_2020-01.csv' }),
  );
  const csv = await readFile(files.find((f) => f.endsWith('contacts_921_2020-01.csv'))!, 'utf8');
  const childIds = csv
    .split('\n')
    .slice(1, 50)
    .map((row) => row.split(',')[1])
    .filter(Boolean);
  for (const id of childIds) expect(lines.join('\n')).not.toContain(`"${id}"`);
});

test('a failed message is reported for retry while the rest of the batch loads', async () => {
  const event = uploadEvent([
    { bucket: aws.buckets.landing, key: 'incoming/2020-01/referrals_921_2020-01.csv' },
  ]);
  const broken = { ...event.Records[0]!, messageId: 'broken-1', body: '{"not":"an s3 event"}' };
  event.Records.push(broken);
  const { result } = await captureStdout(() => handler(event) as Promise<SQSBatchResponse>);
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'broken-1' }] });
  expect(await aws.keys(aws.buckets.warehouse, 'warehouse/referrals/')).toEqual([
    'warehouse/referrals/la_code=921/month=2020-01/part-0.parquet',
  ]);
});

test('objects outside landing, folder markers and vanished uploads are skipped, not retried', async () => {
  const { result, lines } = await captureStdout(
    () =>
      handler(
        uploadEvent([
          { bucket: 'some-other-bucket', key: 'incoming/contacts_921_2020-01.csv' },
          { bucket: aws.buckets.landing, key: 'incoming/2020-02/' },
          { bucket: aws.buckets.landing, key: 'incoming/2020-01/gone_921_2020-01.csv' },
        ]),
      ) as Promise<SQSBatchResponse>,
  );
  expect(result).toEqual({ batchItemFailures: [] });
  expect(lines.join('\n')).toContain('delivery deleted before it was loaded');
});

test('a delivery that is not a recognised extract is rejected with a reason, not retried', async () => {
  await aws.s3.client.send(
    new PutObjectCommand({
      Bucket: aws.buckets.landing,
      Key: 'incoming/notes.csv',
      Body: 'a,b\n1,2\n',
    }),
  );
  const { result, lines } = await captureStdout(
    () =>
      handler(
        uploadEvent([{ bucket: aws.buckets.landing, key: 'incoming/notes.csv' }]),
      ) as Promise<SQSBatchResponse>,
  );
  expect(result).toEqual({ batchItemFailures: [] });
  expect(lines.map((l) => JSON.parse(l))).toContainEqual(
    expect.objectContaining({ level: 'warn', message: 'file rejected', file: 'notes.csv' }),
  );
});

test('the monthly job loads every delivery of the month before its scheduled time', async () => {
  const { result } = await captureStdout(
    () => handler({ scheduledTime: '2020-02-05T06:00:00Z' }) as Promise<MonthLoadSummary>,
  );
  expect(result).toEqual({
    month: '2020-01',
    files: 6,
    loaded: 6,
    notReplaced: 0,
    rejected: 0,
    rowsLoaded: expect.any(Number),
    rowsRejected: 0,
  });
  const written = await aws.keys(aws.buckets.warehouse, 'warehouse/');
  for (const extract of [
    'contacts',
    'referrals',
    'assessments',
    's47_enquiries',
    'foster_households',
    'care_leavers',
  ]) {
    expect(written).toContain(`warehouse/${extract}/la_code=921/month=2020-01/part-0.parquet`);
  }
  // Athena joins to the same reference data DuckDB builds in memory.
  for (const table of ['bank_holidays', 'la', 'calendar']) {
    expect(written).toContain(`warehouse/reference/${table}/part-0.parquet`);
  }
  expect(await parquetRows('warehouse/reference/la/part-0.parquet')).toBeGreaterThan(150);
});

test('a monthly request must name a month', async () => {
  await expect(handler({ month: '2020-13' })).rejects.toThrow(/YYYY-MM|Invalid/);
});
