/**
 * SPEC 8: no record-level data or identifiers in logs. Captures everything a full run writes,
 * from the CLI in a child process (generate -> load, including a delivery with rejected rows
 * and a worker's name column -> tables -> render -> run) and from the Lambda handlers' JSON
 * loggers (ingest on upload and monthly, tables, render, reports API), and checks that no
 * identifier, date of birth, rejected cell value or dropped column's value appears in it.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { generate } from '../../functions/core/synth/index.js';
import { handler as ingest } from '../../functions/ingest/handler.js';
import { handler as render } from '../../functions/render/handler.js';
import { handler as reportsApi } from '../../functions/reports-api/handler.js';
import { handler as tables } from '../../functions/tables/handler.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  type AwsHarness,
  apiEvent,
  startAwsHarness,
  uploadEvent,
} from '../unit/functions/aws-harness.js';
import {
  BAD_CELLS,
  csvObjects,
  identifiersIn,
  leaksIn,
  taintContacts,
  WORKER_COLUMN,
} from './sensitive-values.js';

/** Everything written to stdout and stderr (console included) while `work` runs. */
async function captureOutput<T>(work: () => Promise<T>): Promise<{ result: T; text: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { result: await work(), text: chunks.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** The `value` column of every rejects file under a warehouse folder. */
async function rejectedValues(warehouse: string): Promise<string[]> {
  const dir = join(warehouse, '_rejects');
  const values: string[] = [];
  for (const file of await readdir(dir)) {
    for (const row of await csvObjects(join(dir, file))) if (row.value) values.push(row.value);
  }
  return values;
}

/** Checks a log text against every kind of value that must stay out of it. */
function expectNoLeaks(
  text: string,
  secrets: {
    ids: Set<string>;
    dobs: Set<string>;
    rejected: readonly string[];
    workers: readonly string[];
  },
): void {
  expect(leaksIn(text, secrets.ids)).toEqual([]);
  // Meeting dates come from the committee calendar and name the papers' folders; an unborn
  // child's expected date of birth can fall on one by chance, so they are set aside first.
  const dated = text.replace(/\d{3}-[a-z0-9-]+\/\d{4}-\d{2}-\d{2}\//g, '<meeting>/');
  expect(leaksIn(dated, secrets.dobs)).toEqual([]);
  // DD/MM/YYYY is how a date of birth would read had it come from a spreadsheet.
  const ukDobs = [...secrets.dobs].map((d) => d.split('-').reverse().join('/'));
  expect(leaksIn(dated, ukDobs)).toEqual([]);
  expect(leaksIn(text, secrets.rejected)).toEqual([]);
  expect(leaksIn(text, secrets.workers)).toEqual([]);
  // The planted names share a stem no legitimate output contains.
  expect(text).not.toMatch(/Worker Qv\d{4}zx|Smithson/);
}

describe('the CLI', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir('panelpack-log-cli-');
  });
  afterAll(() => dir.remove());

  test('logs of generate, load (with rejected rows and a dropped column), tables, render and run hold no record values', async () => {
    const env = {
      PANELPACK_CACHE_DIR: join(dir.path, 'cache'),
      PANELPACK_DUCKDB_THREADS: '2',
    };
    const outputs: string[] = [];
    const cli = async (args: string[], expected = 0) => {
      const run = await runCli(args, { cwd: dir.path, env });
      outputs.push(run.stdout, run.stderr);
      expect({ args, code: run.code, stderr: run.code === expected ? '' : run.stderr }).toEqual({
        args,
        code: expected,
        stderr: '',
      });
      return run;
    };
    await cli([
      'generate',
      '--from',
      '2018-12',
      '--to',
      '2019-11',
      '--la',
      '921',
      '--scale',
      '0.03',
      '--seed',
      '5',
      '--out',
      'landing',
    ]);
    const landing = join(dir.path, 'landing');
    const extra = join(dir.path, 'extra');
    await mkdir(extra);
    const workers = await taintContacts(
      join(landing, 'contacts_921_2019-11.csv'),
      join(extra, 'contacts_921_2019-11.csv'),
    );
    await copyFile(
      join(landing, 'referrals_921_2019-11.csv'),
      join(extra, 'referrals_921_2019-11.csv'),
    );

    await cli(['load', 'landing']);
    const tainted = await cli(['load', 'extra']);
    expect(tainted.stdout).toMatch(/contacts_921_2019-11\.csv: \d+ read; \d+ loaded; 4 rejected/);
    expect(tainted.stdout).toContain(`dropped columns: ${WORKER_COLUMN}`);
    await cli(['tables', '--month', '2019-11', '--la', '921']);
    await cli(['render', 'crt-mash-update', '--month', '2019-11', '--la', '921']);
    await cli(['run', '--month', '2019-11', '--landing', 'extra', '--la', '921', '--out', 'out2']);
    // A failing command prints its error: it must not quote the data either.
    await cli(['load', join('extra', 'contacts_921_2019-11.csv'), 'no-such-folder'], 1);

    const rejected = await rejectedValues(join(dir.path, 'warehouse'));
    expect(rejected).toEqual(
      expect.arrayContaining([BAD_CELLS.source, BAD_CELLS.contact_date, BAD_CELLS.gender]),
    );
    rejected.push(BAD_CELLS.extraField);
    const { ids, dobs } = await identifiersIn(landing);
    expect(ids.size).toBeGreaterThan(500);
    expect(dobs.size).toBeGreaterThan(100);
    expectNoLeaks(outputs.join('\n'), { ids, dobs, rejected, workers });
  }, 600_000);
});

describe('the Lambda functions', () => {
  let aws: AwsHarness;
  beforeAll(async () => {
    aws = await startAwsHarness();
  });
  afterAll(() => aws.stop());

  test('JSON logs of ingest (uploads and the monthly load), tables, render and the reports API hold no record values', async () => {
    const extracts = join(aws.dir, 'extracts');
    const generated = await generate({
      from: '2023-10',
      to: '2023-12',
      las: ['921'],
      scale: 0.3,
      seed: 3,
      outDir: extracts,
    });
    const clean = join(aws.dir, 'clean-contacts.csv');
    const target = join(extracts, 'contacts_921_2023-12.csv');
    await copyFile(target, clean);
    const workers = await taintContacts(clean, target);
    const keys: string[] = [];
    for (const file of generated.files) {
      const key = `incoming/${basename(file)}`;
      await aws.s3.client.send(
        new PutObjectCommand({ Bucket: aws.buckets.landing, Key: key, Body: await readFile(file) }),
      );
      keys.push(key);
    }

    const { text } = await captureOutput(async () => {
      for (let i = 0; i < keys.length; i += 5) {
        const batch = keys.slice(i, i + 5).map((key) => ({ bucket: aws.buckets.landing, key }));
        const result = (await ingest(uploadEvent(batch))) as SQSBatchResponse;
        expect(result.batchItemFailures).toEqual([]);
      }
      // A message that is not an upload event, carrying an identifier: it fails, and its log
      // line must not quote the body.
      const bogus = uploadEvent([{ bucket: aws.buckets.landing, key: keys[0]! }]);
      const planted = 'CH921-202312-000001';
      bogus.Records[0]!.body = JSON.stringify({ source: planted, detail: { child_id: planted } });
      const failed = (await ingest(bogus)) as SQSBatchResponse;
      expect(failed.batchItemFailures).toHaveLength(1);
      await ingest({ month: '2023-12' });
      await tables({ month: '2023-12' });
      await render({ month: '2023-12' });
      const listed = await reportsApi(apiEvent('GET /reports', undefined, { sub: 'clerk-1' }));
      const [first] = JSON.parse(listed.body as string).reports as { key: string }[];
      await reportsApi(apiEvent('GET /reports/{key+}', first!.key, { sub: 'clerk-1' }));
      await reportsApi(apiEvent('GET /reports/{key+}', first!.key));
    });

    // Every line is a JSON object: structured, so nothing slips out as free text.
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).toContain('"message":"rendered report"');

    const rejectsKeys = await aws.keys(aws.buckets.warehouse, 'warehouse/_rejects/');
    expect(rejectsKeys.length).toBeGreaterThan(0);
    const rejected: string[] = [];
    for (const key of rejectsKeys) {
      const local = join(aws.dir, basename(key));
      const object = await aws.s3.client.send(
        new GetObjectCommand({ Bucket: aws.buckets.warehouse, Key: key }),
      );
      await writeFile(local, await object.Body!.transformToByteArray());
      for (const row of await csvObjects(local)) if (row.value) rejected.push(row.value);
    }
    expect(rejected).toEqual(
      expect.arrayContaining([BAD_CELLS.source, BAD_CELLS.contact_date, BAD_CELLS.gender]),
    );
    rejected.push(BAD_CELLS.extraField);
    const { ids, dobs } = await identifiersIn(extracts);
    expect(ids.size).toBeGreaterThan(500);
    expectNoLeaks(text, { ids, dobs, rejected, workers });
  }, 600_000);
});
