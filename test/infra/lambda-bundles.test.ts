/**
 * The deployable artefacts work: the app is synthesised with bundling on (esbuild, offline),
 * and each bundle is run as Lambda would run it, from its own folder in a fresh Node process
 * with no HOME and nothing from the repository on its path, against the loopback S3 server.
 * This is what catches an ES module bundle that cannot find its native DuckDB binding, its
 * SQL files or Chromium.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { packageRoot } from '../../functions/core/package-root.js';
import { generate } from '../../functions/core/synth/index.js';
import { createPanelpackApp } from '../../infra/panelpack-app.js';
import type { PanelpackStack } from '../../infra/stacks/panelpack-stack.js';
import { type S3TestServer, startS3Server } from '../helpers/s3-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { uploadEvent } from '../unit/functions/aws-harness.js';
import { TEST_CONTEXT } from './synth-panelpack.js';

const run = promisify(execFile);

let s3: S3TestServer;
let dir: { path: string; remove: () => Promise<void> };
let assets: Record<'ingest' | 'tables' | 'render' | 'reportsApi', string>;
let buckets: Record<'landing' | 'warehouse' | 'reports', string>;

beforeAll(async () => {
  dir = await tempDir('panelpack-bundles-');
  const outdir = join(dir.path, 'cdk.out');
  const { app, stack } = await createPanelpackApp({
    context: { ...TEST_CONTEXT, 'aws:cdk:bundling-stacks': ['**'] },
    nag: false,
    outdir,
  });
  app.synth();
  const template = JSON.parse(
    await readFile(join(outdir, `${stack.stackName}.template.json`), 'utf8'),
  );
  // The function's code key is `<asset hash>.zip`; the staged bundle is `asset.<hash>/`.
  const assetOf = (fn: PanelpackStack['ingest']) => {
    const id = stack.resolve(stack.getLogicalId(fn.function.node.defaultChild as never));
    const key: string = template.Resources[id].Properties.Code.S3Key;
    return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  };
  assets = {
    ingest: assetOf(stack.ingest),
    tables: assetOf(stack.tables),
    render: assetOf(stack.render),
    reportsApi: assetOf(stack.clerksApi.handler),
  };
  s3 = await startS3Server();
  const suffix = s3.bucket.slice('panelpack-test-'.length);
  buckets = { landing: `l-${suffix}`, warehouse: `w-${suffix}`, reports: `r-${suffix}` };
  for (const bucket of Object.values(buckets)) {
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}, 300_000);
afterAll(async () => {
  await s3?.stop();
  await dir?.remove();
});

/** Imports the bundle's index.mjs in a fresh process and calls its handler with `event`. */
async function invoke(asset: string, event: unknown): Promise<unknown> {
  const script =
    "const { handler } = await import('./index.mjs');" +
    'const result = await handler(JSON.parse(process.env.EVENT));' +
    "process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n');";
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: asset,
    env: {
      PATH: process.env.PATH,
      EVENT: JSON.stringify(event),
      AWS_LAMBDA_FUNCTION_NAME: 'smoke-test',
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      // What CDK sets, with the bundle's folder standing in for /var/task.
      PANELPACK_HOME: asset,
      PANELPACK_S3_ENDPOINT: s3.endpoint,
      PANELPACK_WAREHOUSE: `s3://${buckets.warehouse}/warehouse`,
      PANELPACK_LANDING: `s3://${buckets.landing}/incoming`,
      PANELPACK_REPORTS: `s3://${buckets.reports}`,
      PANELPACK_CACHE_DIR: join(dir.path, 'tmp', 'panelpack'),
      PANELPACK_DUCKDB_THREADS: '1',
      PANELPACK_DUCKDB_MEMORY: '1024MB',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return JSON.parse(line!.slice('RESULT '.length));
}

test('the ingest bundle loads uploaded deliveries with its bundled DuckDB', async () => {
  const generated = await generate({
    from: '2024-01',
    to: '2024-01',
    outDir: join(dir.path, 'extracts'),
    las: ['921'],
    scale: 0.2,
  });
  const uploads = [];
  for (const file of generated.files.filter((f) => /_921_2024-01\.csv$/.test(f))) {
    const key = `incoming/${basename(file)}`;
    await s3.client.send(
      new PutObjectCommand({ Bucket: buckets.landing, Key: key, Body: await readFile(file) }),
    );
    uploads.push({ bucket: buckets.landing, key });
  }
  expect(uploads).toHaveLength(6);
  // An Annex A workbook too, for an LA without report metadata (so render leaves it alone):
  // the workbook reader is loaded on demand and must be in the bundle.
  const workbook = 'incoming/annex-a_852_2024-01.xlsx';
  await s3.client.send(
    new PutObjectCommand({
      Bucket: buckets.landing,
      Key: workbook,
      Body: await readFile(
        join(
          packageRoot(),
          'test',
          'fixtures',
          'annex-a',
          'liia-tools-pipeline_Annex_A_2024_Jan.xlsx',
        ),
      ),
    }),
  );
  uploads.push({ bucket: buckets.landing, key: workbook });
  expect(await invoke(assets.ingest, uploadEvent(uploads))).toEqual({ batchItemFailures: [] });
  const loads = await s3.client.send(
    new ListObjectsV2Command({ Bucket: buckets.warehouse, Prefix: 'warehouse/_loads/' }),
  );
  const manifests = (loads.Contents ?? []).map((o) => o.Key!);
  expect(manifests.filter((k) => k.includes('_921_2024-01'))).toHaveLength(6);
  expect(manifests.some((k) => k.includes('annex-a_852_2024-01'))).toBe(true);
}, 120_000);

test('the tables bundle builds report tables from its bundled SQL', async () => {
  expect(await invoke(assets.tables, { month: '2024-01' })).toMatchObject({
    month: '2024-01',
    engine: 'duckdb',
    laCodes: ['852', '921'],
  });
}, 120_000);

test('the render bundle prints PDFs with its bundled Chromium, templates and report config', async () => {
  const summary = (await invoke(assets.render, { month: '2024-01' })) as { documents: number };
  expect(summary).toMatchObject({ month: '2024-01', laCodes: ['921'] });
  const listed = await s3.client.send(
    new ListObjectsV2Command({ Bucket: buckets.reports, Prefix: 'reports/921-' }),
  );
  const pdfs = (listed.Contents ?? []).filter((o) => o.Key!.endsWith('.pdf'));
  expect(pdfs).toHaveLength(summary.documents);
}, 300_000);

test('the reports API bundle answers a signed-in clerk', async () => {
  const result = (await invoke(assets.reportsApi, {
    routeKey: 'GET /reports',
    requestContext: { authorizer: { jwt: { claims: { sub: 'clerk-1' } } } },
  })) as { statusCode: number; body: string };
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body).reports.length).toBeGreaterThanOrEqual(0);
}, 60_000);
