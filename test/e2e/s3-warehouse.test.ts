import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { runCli } from '../helpers/cli.js';
import { type S3TestServer, startS3Server } from '../helpers/s3-server.js';
import { tempDir } from '../helpers/temp-dir.js';

let s3: S3TestServer;
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  s3 = await startS3Server();
  dir = await tempDir('panelpack-s3-e2e-');
});
afterAll(async () => {
  await s3.stop();
  await dir.remove();
});

test('the same commands work with the warehouse in S3 (loopback s3rver)', async () => {
  const env = {
    PANELPACK_WAREHOUSE: `s3://${s3.bucket}/warehouse`,
    PANELPACK_S3_ENDPOINT: s3.endpoint,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    PANELPACK_CACHE_DIR: join(dir.path, 'cache'),
    PANELPACK_DUCKDB_THREADS: '1',
  };
  const gen = await runCli(
    ['generate', '--from', '2020-01', '--to', '2020-02', '--out', 'landing', '--la', '921'],
    { cwd: dir.path, env },
  );
  expect(gen.code).toBe(0);
  const load = await runCli(['load', 'landing'], { cwd: dir.path, env });
  expect(load.stderr).toContain(`into s3://${s3.bucket}/warehouse`);
  expect(load.code).toBe(0);

  const listed = await s3.client.send(
    new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'warehouse/contacts/' }),
  );
  expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([
    'warehouse/contacts/la_code=921/month=2020-01/part-0.parquet',
    'warehouse/contacts/la_code=921/month=2020-02/part-0.parquet',
  ]);

  // Loading February checked its keys against January, read from the local mirror of the
  // warehouse; a re-load of February finds January there unchanged and does not fetch it again.
  const [mirror] = await readdir(join(dir.path, 'cache', 'mirror'));
  const january = join(
    dir.path,
    'cache',
    'mirror',
    mirror!,
    'contacts/la_code=921/month=2020-01/part-0.parquet',
  );
  const cached = await stat(january);
  const reload = await runCli(['load', 'landing/contacts_921_2020-02.csv'], {
    cwd: dir.path,
    env,
  });
  expect(reload.code).toBe(0);
  expect((await stat(january)).mtimeMs).toBe(cached.mtimeMs);

  const count = await runCli(
    [
      'sql',
      'select month, count(*) as n from contacts group by month order by month',
      '--format',
      'json',
    ],
    { cwd: dir.path, env },
  );
  expect(count.code).toBe(0);
  const rows = JSON.parse(count.stdout) as { month: string; n: number }[];
  expect(rows.map((r) => r.month)).toEqual(['2020-01', '2020-02']);
  const loaded = [
    ...load.stdout.matchAll(/contacts_921_2020-0\d\.csv: (\d+) read; (\d+) loaded/g),
  ].map((m) => Number(m[2]));
  expect(rows.map((r) => r.n)).toEqual(loaded);
});
