import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  LocalStore,
  mirrorToLocal,
  type ObjectStore,
  S3Store,
} from '../../../functions/core/store/index.js';
import { type S3TestServer, startS3Server } from '../../helpers/s3-server.js';

/** Delegates to `store`, recording which keys were downloaded. */
function countingDownloads(store: ObjectStore): { store: ObjectStore; fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    store: {
      location: store.location,
      localRoot: store.localRoot,
      put: (key, body) => store.put(key, body),
      putFile: (key, file) => store.putFile(key, file),
      get: (key) => store.get(key),
      getFile: (key, file) => {
        fetched.push(key);
        return store.getFile(key, file);
      },
      list: (prefix) => store.list(prefix),
      delete: (keys) => store.delete(keys),
      lock: (name, options) => store.lock(name, options),
    },
  };
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('mirrorToLocal', () => {
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'panelpack-mirror-'));
  });

  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  test('a local store is read in place: its root is returned and nothing is copied', async () => {
    const store = new LocalStore(path.join(scratch, 'warehouse'));
    await store.put('contacts/a.parquet', 'a');
    const cacheDir = path.join(scratch, 'cache');

    expect(await mirrorToLocal(store, ['contacts/'], cacheDir)).toBe(store.localRoot);
    await expect(stat(cacheDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  describe('over S3', () => {
    let server: S3TestServer;
    let s3: S3Store;

    beforeAll(async () => {
      server = await startS3Server();
    });

    afterAll(async () => {
      await server.stop();
    });

    beforeEach(() => {
      s3 = new S3Store(server.bucket, `mirror-${path.basename(scratch)}`, {
        endpoint: server.endpoint,
        credentials: server.credentials,
      });
    });

    afterEach(() => {
      s3.client.destroy();
    });

    test('downloads what is new or changed, skips what is not, and deletes what is gone', async () => {
      await s3.put('contacts/la_code=850/month=2019-11/part-0.parquet', 'c-850-11');
      await s3.put('contacts/la_code=850/month=2019-12/part-0.parquet', 'c-850-12');
      await s3.put('referrals/la_code=850/month=2019-11/part-0.parquet', Buffer.from([0, 255, 7]));
      await s3.put('reports/not-mirrored.pdf', 'pdf');
      const cacheDir = path.join(scratch, 'cache');

      // First run: everything under the prefixes, byte-exact, nothing else.
      const first = countingDownloads(s3);
      const root = await mirrorToLocal(first.store, ['contacts/', 'referrals/'], cacheDir);
      expect(root).toBe(path.resolve(cacheDir));
      expect(first.fetched.sort()).toEqual([
        'contacts/la_code=850/month=2019-11/part-0.parquet',
        'contacts/la_code=850/month=2019-12/part-0.parquet',
        'referrals/la_code=850/month=2019-11/part-0.parquet',
      ]);
      expect(
        await readFile(path.join(root, 'referrals/la_code=850/month=2019-11/part-0.parquet')),
      ).toEqual(Buffer.from([0, 255, 7]));
      const firstMtime = (
        await stat(path.join(root, 'contacts/la_code=850/month=2019-11/part-0.parquet'))
      ).mtimeMs;

      // Second run with nothing changed: no download at all, files untouched.
      const second = countingDownloads(s3);
      await mirrorToLocal(second.store, ['contacts/', 'referrals/'], cacheDir);
      expect(second.fetched).toEqual([]);
      expect(
        (await stat(path.join(root, 'contacts/la_code=850/month=2019-11/part-0.parquet'))).mtimeMs,
      ).toBe(firstMtime);

      // Third run: one object replaced, one deleted, one added; a file outside the prefixes stays.
      await s3.put('contacts/la_code=850/month=2019-11/part-0.parquet', 'c-850-11 (re-sent)');
      await s3.delete(['contacts/la_code=850/month=2019-12/part-0.parquet']);
      await s3.put('contacts/la_code=921/month=2019-11/part-0.parquet', 'c-921-11');
      await writeFile(path.join(root, 'analyst-notes.txt'), 'mine');
      const third = countingDownloads(s3);
      await mirrorToLocal(third.store, ['contacts/', 'referrals/'], cacheDir);

      expect(third.fetched.sort()).toEqual([
        'contacts/la_code=850/month=2019-11/part-0.parquet',
        'contacts/la_code=921/month=2019-11/part-0.parquet',
      ]);
      expect(await filesUnder(root)).toEqual([
        '.panelpack-mirror.json',
        'analyst-notes.txt',
        'contacts/la_code=850/month=2019-11/part-0.parquet',
        'contacts/la_code=921/month=2019-11/part-0.parquet',
        'referrals/la_code=850/month=2019-11/part-0.parquet',
      ]);
      expect(
        await readFile(
          path.join(root, 'contacts/la_code=850/month=2019-11/part-0.parquet'),
          'utf8',
        ),
      ).toBe('c-850-11 (re-sent)');
      // The emptied month folder went with its file.
      expect(await readdir(path.join(root, 'contacts/la_code=850'))).toEqual(['month=2019-11']);
    });

    test('a cached file removed or altered locally is fetched again', async () => {
      await s3.put('t/a', 'aaa');
      await s3.put('t/b', 'bbb');
      const cacheDir = path.join(scratch, 'cache');
      await mirrorToLocal(s3, ['t/'], cacheDir);
      await unlink(path.join(cacheDir, 't/a'));
      await writeFile(path.join(cacheDir, 't/b'), 'truncated, or so');

      const again = countingDownloads(s3);
      await mirrorToLocal(again.store, ['t/'], cacheDir);

      expect(again.fetched.sort()).toEqual(['t/a', 't/b']);
      expect(await readFile(path.join(cacheDir, 't/a'), 'utf8')).toBe('aaa');
      expect(await readFile(path.join(cacheDir, 't/b'), 'utf8')).toBe('bbb');
    });

    test('a cache filled from another store is not trusted', async () => {
      const other = new S3Store(server.bucket, `${path.basename(scratch)}-other`, {
        endpoint: server.endpoint,
        credentials: server.credentials,
      });
      await s3.put('t/a', 'from s3');
      await other.put('t/a', 'from s3');
      const cacheDir = path.join(scratch, 'cache');
      await mirrorToLocal(other, ['t/'], cacheDir);

      const switched = countingDownloads(s3);
      await mirrorToLocal(switched.store, ['t/'], cacheDir);

      expect(switched.fetched).toEqual(['t/a']);
      other.client.destroy();
    });

    test('many objects download with bounded concurrency and all arrive', async () => {
      const keys = Array.from({ length: 40 }, (_, i) => `many/part-${i}.parquet`);
      await Promise.all(keys.map((key) => s3.put(key, key)));
      let inFlight = 0;
      let most = 0;
      const limited: ObjectStore = Object.assign(Object.create(null), countingDownloads(s3).store, {
        getFile: async (key: string, file: string) => {
          inFlight++;
          most = Math.max(most, inFlight);
          try {
            return await s3.getFile(key, file);
          } finally {
            inFlight--;
          }
        },
      });

      const root = await mirrorToLocal(limited, ['many/'], path.join(scratch, 'cache'));

      expect(most).toBeLessThanOrEqual(8);
      expect(most).toBeGreaterThan(1);
      for (const key of keys) expect(await readFile(path.join(root, key), 'utf8')).toBe(key);
    });
  });
});
