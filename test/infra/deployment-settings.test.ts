/** Deployment settings are read from context in one place and refused with the key's name. */
import { App, Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { packageRoot } from '../../functions/core/package-root.js';
import { knownLaCodes } from '../../functions/core/workspace.js';
import { secureBucketProps } from '../../infra/defaults/bucket-defaults.js';
import { duckdbSizing, functionDefaults } from '../../infra/defaults/function-defaults.js';
import { secureKeyProps } from '../../infra/defaults/key-defaults.js';
import { secureQueueProps } from '../../infra/defaults/queue-defaults.js';
import { DEFAULT_SETTINGS, readDeploymentSettings } from '../../infra/deployment-settings.js';

const read = async (context: Record<string, unknown>) =>
  readDeploymentSettings(new App({ context }).node, await knownLaCodes());

test('defaults suit a trial deployment', async () => {
  const settings = await read({});
  expect(settings).toMatchObject({
    pageOrigin: 'http://localhost:8080',
    scheduleCron: '0 6 5 * ? *',
    tablesEngine: 'duckdb',
    bytesScannedCutoff: DEFAULT_SETTINGS.bytesScannedCutoff,
    glueDatabase: 'panelpack',
    athenaWorkgroup: 'panelpack',
    authDomainPrefix: undefined,
    operationsEmail: undefined,
  });
  // Partition projection covers every LA in the shipped list by default.
  expect(settings.laCodes).toContain('850');
  expect(settings.laCodes.length).toBeGreaterThan(150);
});

test('values from the command line (strings) and cdk.json (arrays, numbers) are both accepted', async () => {
  expect(
    await read({
      'panelpack:pageOrigin': 'https://reports.example.gov.uk',
      'panelpack:laCodes': '850, 921',
      'panelpack:athenaBytesScannedCutoff': '2000000000',
      'panelpack:tablesEngine': 'athena',
    }),
  ).toMatchObject({
    pageOrigin: 'https://reports.example.gov.uk',
    laCodes: ['850', '921'],
    bytesScannedCutoff: 2_000_000_000,
    tablesEngine: 'athena',
  });
  expect(
    await read({ 'panelpack:laCodes': ['850'], 'panelpack:landingRetentionDays': 30 }),
  ).toMatchObject({ laCodes: ['850'], landingRetentionDays: 30 });
});

test.each([
  ['panelpack:pageOrigin', 'https://reports.example.gov.uk/'],
  ['panelpack:pageOrigin', 'http://reports.example.gov.uk'],
  ['panelpack:pageOrigin', '*'],
  ['panelpack:laCodes', '850,999'],
  ['panelpack:schedule', 'cron(0 6 5 * ? *)'],
  ['panelpack:tablesEngine', 'spark'],
  ['panelpack:athenaBytesScannedCutoff', '1000'],
  ['panelpack:glueDatabase', 'Panel-Pack'],
  ['panelpack:operationsEmail', 'ops'],
])('%s=%s is refused, naming the key', async (key, value) => {
  await expect(read({ [key]: value })).rejects.toThrow(key);
});

test('secure defaults are pure functions of their options', () => {
  const bucket = secureBucketProps();
  expect(bucket).toMatchObject({
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    bucketKeyEnabled: false,
  });
  expect(secureKeyProps('x')).toMatchObject({ enableKeyRotation: true });
  expect(secureQueueProps()).toMatchObject({ enforceSSL: true });
  expect(duckdbSizing(3008)).toEqual({
    PANELPACK_DUCKDB_THREADS: '1',
    PANELPACK_DUCKDB_MEMORY: '1804MB',
    PANELPACK_CACHE_DIR: '/tmp/panelpack',
  });
  expect(duckdbSizing(10240).PANELPACK_DUCKDB_THREADS).toBe('5');
});

test('function defaults: Node 22 on x86_64, ESM bundle, DuckDB copied for Linux x64, shipped folders copied', () => {
  const root = packageRoot();
  const props = functionDefaults({
    projectRoot: root,
    entry: 'functions/tables/handler.ts',
    memorySize: 3008,
    timeout: Duration.minutes(15),
    runtimeModules: ['@duckdb/node-api'],
    assetFolders: ['sql'],
    role: undefined as never,
    logGroup: undefined as never,
  });
  expect(props.runtime?.name).toBe('nodejs22.x');
  expect(props.architecture?.name).toBe('x86_64');
  expect(props.entry).toBe(`${root}/functions/tables/handler.ts`);
  // The shipped folders, then DuckDB with its Linux x64 binding (not musl, not other OSes).
  const commands = props.bundling?.commandHooks?.afterBundling(root, '/out') ?? [];
  expect(commands[0]).toBe(`cp -R "${root}/sql" "/out/sql"`);
  expect(commands.slice(1).map((c) => c.split('"/out/').at(-1)?.replace(/"$/, ''))).toEqual([
    'node_modules/@duckdb/node-api',
    'node_modules/@duckdb/node-bindings',
    'node_modules/@duckdb/node-bindings-linux-x64',
    'node_modules/detect-libc',
  ]);
  // Shipped as installed folders, so esbuild leaves them out and CDK installs nothing.
  expect(props.bundling?.externalModules).toEqual(['@duckdb/node-api']);
  expect(props.bundling?.nodeModules ?? []).toEqual([]);
  expect(props.environment).toMatchObject({ PANELPACK_HOME: '/var/task' });
});
