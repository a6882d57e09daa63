import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalStore, openStore, S3Store } from '../../../functions/core/store/index.js';
import { startS3Server } from '../../helpers/s3-server.js';

describe('openStore', () => {
  test.each([
    ['s3://warehouse-bucket', 's3://warehouse-bucket'],
    ['s3://warehouse-bucket/', 's3://warehouse-bucket'],
    ['s3://warehouse-bucket/panelpack', 's3://warehouse-bucket/panelpack'],
    ['s3://warehouse-bucket/panelpack/v1/', 's3://warehouse-bucket/panelpack/v1'],
    ['s3://warehouse-bucket//panelpack', 's3://warehouse-bucket/panelpack'],
    ['s3://my.bucket-2/a=b/c', 's3://my.bucket-2/a=b/c'],
  ])('%s opens an S3Store at %s', (location, expected) => {
    const store = openStore(location, { region: 'eu-west-2' });

    expect(store).toBeInstanceOf(S3Store);
    expect(store.location).toBe(expected);
    expect(store.localRoot).toBeUndefined();
  });

  test('anything else is a local folder, resolved against the working directory', () => {
    const store = openStore('./warehouse');

    expect(store).toBeInstanceOf(LocalStore);
    expect(store.localRoot).toBe(path.resolve('warehouse'));
    expect(openStore('/srv/panelpack/warehouse').localRoot).toBe('/srv/panelpack/warehouse');
  });

  test.each([
    ['', /location is empty/],
    ['s3://', /"" is not a valid bucket name/],
    ['s3:///prefix', /"" is not a valid bucket name/],
    ['s3://Upper_Case/x', /"Upper_Case" is not a valid bucket name/],
    ['s3://ab/x', /"ab" is not a valid bucket name/],
    ['s3://bucket..dots/x', /not a valid bucket name/],
    ['s3://bucket/a//b', /empty segments/],
    ['s3://bucket/a/../b', /"\.\." segments/],
    ['s3://bucket/a?versionId=1', /must not contain "\?"/],
    ['s3:/bucket/x', /must start with s3:\/\//],
    ['S3:bucket', /must start with s3:\/\//],
    ['https://bucket.s3.amazonaws.com/x', /Unsupported warehouse location/],
  ])('%j is refused with an error naming it', (location, reason) => {
    const error = (() => {
      try {
        openStore(location);
      } catch (e) {
        return e as Error;
      }
      throw new Error('openStore did not throw');
    })();

    expect(error.message).toMatch(reason);
    if (location !== '') expect(error.message).toContain(`"${location}"`);
  });

  test('the endpoint option reaches the S3 client: a store opened by URL reads and writes', async () => {
    const server = await startS3Server();
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    // openStore takes credentials from the SDK's default chain, as the CLI and Lambdas do.
    process.env.AWS_ACCESS_KEY_ID = server.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = server.credentials.secretAccessKey;
    try {
      const store = openStore(`s3://${server.bucket}/via-url/`, { endpoint: server.endpoint });
      await store.put('k.txt', 'through the endpoint');

      expect((await store.list('')).map((o) => o.key)).toEqual(['k.txt']);
      expect((await store.get('k.txt'))?.toString()).toBe('through the endpoint');
      (store as S3Store).client.destroy();
    } finally {
      restoreEnv('AWS_ACCESS_KEY_ID', saved.id);
      restoreEnv('AWS_SECRET_ACCESS_KEY', saved.secret);
      await server.stop();
    }
  });

  test('a local location is only created when something is written', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'panelpack-open-store-'));
    try {
      const store = openStore(path.join(root, 'wh'));
      expect(await store.list('')).toEqual([]);
      await store.put('x', 'y');
      expect((await store.get('x'))?.toString()).toBe('y');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
