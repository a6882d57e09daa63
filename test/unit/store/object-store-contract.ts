/**
 * The behaviour every ObjectStore must share, run against each implementation by its own test
 * file (local-store.test.ts, s3-store.test.ts), so code written against a local folder behaves
 * the same over S3.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStore } from '../../../functions/core/store/index.js';

/** A store to test, fresh and empty, and how to clean it up. */
export interface StoreFixture {
  readonly store: ObjectStore;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Registers the shared contract tests for the stores `makeStore` returns. */
export function describeObjectStoreContract(
  name: string,
  makeStore: () => Promise<StoreFixture>,
): void {
  describe(`${name}: ObjectStore contract`, () => {
    let fixture: StoreFixture;
    let store: ObjectStore;
    let scratch: string;

    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
      scratch = await mkdtemp(path.join(tmpdir(), 'panelpack-store-scratch-'));
    });

    afterEach(async () => {
      await fixture.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    test('put then get returns the same text and bytes; a missing key gives undefined', async () => {
      await store.put('notes/hello.txt', 'héllo, wörld');
      await store.put('notes/bytes.bin', new Uint8Array([0, 1, 2, 255]));

      expect((await store.get('notes/hello.txt'))?.toString('utf8')).toBe('héllo, wörld');
      expect([...((await store.get('notes/bytes.bin')) ?? [])]).toEqual([0, 1, 2, 255]);
      expect(await store.get('notes/missing.txt')).toBeUndefined();
      expect(await store.get('notes')).toBeUndefined();
    });

    test('binary content round-trips byte-exact, every byte value included', async () => {
      const everyByte = Uint8Array.from({ length: 256 * 4 }, (_, i) => i % 256);
      const noise = randomBytes(MiB + 7);
      await store.put('bin/every-byte', everyByte);
      await store.put('bin/noise', noise);

      expect(Buffer.compare((await store.get('bin/every-byte'))!, everyByte)).toBe(0);
      expect(sha256((await store.get('bin/noise'))!)).toBe(sha256(noise));
    });

    test('put overwrites: the new content is read and the listed version changes', async () => {
      await store.put('t/data.csv', 'first');
      const [before] = await store.list('t/');
      await sleep(5);
      await store.put('t/data.csv', 'second, longer');
      const after = await store.list('t/');

      expect((await store.get('t/data.csv'))?.toString()).toBe('second, longer');
      expect(after).toHaveLength(1);
      expect(after[0]?.size).toBe('second, longer'.length);
      expect(after[0]?.version).not.toBe(before?.version);
    });

    test('putFile and getFile copy files both ways, creating folders; a missing key gives false', async () => {
      const source = path.join(scratch, 'source.parquet');
      const body = randomBytes(100_000);
      await writeFile(source, body);

      await store.putFile('contacts/la_code=850/month=2019-11/part-0.parquet', source);
      const target = path.join(scratch, 'deep', 'er', 'copy.parquet');
      const found = await store.getFile(
        'contacts/la_code=850/month=2019-11/part-0.parquet',
        target,
      );
      const absent = path.join(scratch, 'absent.bin');

      expect(found).toBe(true);
      expect(sha256(await readFile(target))).toBe(sha256(body));
      expect(await store.getFile('contacts/none.parquet', absent)).toBe(false);
      await expect(stat(absent)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    test('a file over 16 MiB goes through putFile and getFile byte-exact', async () => {
      const source = path.join(scratch, 'big.bin');
      const body = randomBytes(17 * MiB + 123);
      await writeFile(source, body);

      await store.putFile('big/big.bin', source);
      const target = path.join(scratch, 'big-copy.bin');
      await store.getFile('big/big.bin', target);
      const listed = await store.list('big/');

      expect(listed.map((o) => [o.key, o.size])).toEqual([['big/big.bin', body.length]]);
      expect(sha256(await readFile(target))).toBe(sha256(body));
      expect(sha256((await store.get('big/big.bin'))!)).toBe(sha256(body));
    });

    test('list returns every key under a prefix in UTF-8 byte order, as S3 does', async () => {
      // '-' (0x2d) sorts before '/' (0x2f), so sorting folder by folder would be wrong; U+1F600
      // sorts after U+FFFD in UTF-8 although its UTF-16 surrogates sort before it.
      const keys = [
        'a/b',
        'a/c/d',
        'a-c',
        'b',
        'a/\u{1F600}',
        'a/\uFFFD',
        'contacts/la_code=850/month=2019-11/part-0.parquet',
        'contacts/la_code=850/month=2019-12/part-0.parquet',
        'contacts/la_code=921/month=2019-11/part-0.parquet',
      ];
      for (const key of keys) await store.put(key, key);

      const all = await store.list('');

      expect(all.map((o) => o.key)).toEqual(
        [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
      );
      expect(all.find((o) => o.key === 'a-c')).toMatchObject({ size: 3 });
      expect((await store.list('a/')).map((o) => o.key)).toEqual([
        'a/b',
        'a/c/d',
        'a/\uFFFD',
        'a/\u{1F600}',
      ]);
      expect((await store.list('a')).map((o) => o.key)).toEqual([
        'a-c',
        'a/b',
        'a/c/d',
        'a/\uFFFD',
        'a/\u{1F600}',
      ]);
      expect((await store.list('contacts/la_code=850/month=2019')).map((o) => o.key)).toEqual([
        'contacts/la_code=850/month=2019-11/part-0.parquet',
        'contacts/la_code=850/month=2019-12/part-0.parquet',
      ]);
      expect(await store.list('nothing/')).toEqual([]);
    });

    test('delete removes the given keys, ignores missing ones and keeps the rest', async () => {
      await store.put('d/one', '1');
      await store.put('d/two', '2');
      await store.put('d/sub/three', '3');

      await store.delete(['d/one', 'd/sub/three', 'd/never-existed', 'elsewhere/none']);
      await store.delete([]);

      expect((await store.list('')).map((o) => o.key)).toEqual(['d/two']);
      expect(await store.get('d/one')).toBeUndefined();
    });

    test('list and delete handle more than 1000 keys (S3 pages and batches at 1000)', async () => {
      const keys = Array.from({ length: 1005 }, (_, i) => `many/k${String(i).padStart(4, '0')}`);
      for (let i = 0; i < keys.length; i += 50) {
        await Promise.all(keys.slice(i, i + 50).map((key) => store.put(key, 'x')));
      }

      expect((await store.list('many/')).map((o) => o.key)).toEqual(keys);
      await store.delete(keys.slice(0, 1002));
      expect((await store.list('many/')).map((o) => o.key)).toEqual(keys.slice(1002));
    });

    test('keys that are not plain relative paths are refused before anything is written', async () => {
      for (const bad of [
        '',
        '/abs',
        'a//b',
        'a/',
        '../up',
        'a/../b',
        'a/./b',
        'a\\b',
        '_locks/x',
      ]) {
        await expect(store.put(bad, 'x')).rejects.toThrow(/Invalid object key/);
      }
      await expect(store.delete(['ok', '../up'])).rejects.toThrow(/Invalid object key/);
      expect(await store.list('')).toEqual([]);
    });

    describe('locks', () => {
      test('a second acquirer waits until the holder releases', async () => {
        const first = await store.lock('load-850-2019-11');
        let secondAcquired = false;
        const second = store.lock('load-850-2019-11', { waitMs: 10_000 }).then((lock) => {
          secondAcquired = true;
          return lock;
        });

        await sleep(400);
        expect(secondAcquired).toBe(false);
        await first.release();
        const lock = await second;
        expect(secondAcquired).toBe(true);
        await lock.release();
      });

      test('locks with different names do not block each other, and are not listed', async () => {
        await store.put('data/x', 'x');
        const a = await store.lock('a');
        const b = await store.lock('b', { waitMs: 0 });

        expect((await store.list('')).map((o) => o.key)).toEqual(['data/x']);
        await a.release();
        await b.release();
      });

      test('contenders hold the lock one at a time', async () => {
        let inside = 0;
        let most = 0;
        await Promise.all(
          Array.from({ length: 5 }, async () => {
            const lock = await store.lock('critical', { waitMs: 20_000 });
            inside++;
            most = Math.max(most, inside);
            await sleep(30);
            inside--;
            await lock.release();
          }),
        );
        expect(most).toBe(1);
      });

      test('waiting gives up after waitMs with an error naming the lock and its holder', async () => {
        const held = await store.lock('tables-850');
        const started = Date.now();

        const error = await store.lock('tables-850', { waitMs: 300 }).catch((e: Error) => e);

        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toContain('"tables-850"');
        expect((error as Error).message).toContain(`process ${process.pid} on host ${hostname()}`);
        expect((error as Error).message).toMatch(/Timed out after 300 ms/);
        expect(Date.now() - started).toBeGreaterThanOrEqual(300);
        await held.release();
      });

      test('a lock older than staleMs is taken over, and its old holder cannot then release it', async () => {
        const abandoned = await store.lock('render');
        // Over a second: S3's LastModified, by which S3Store judges age, has 1 s resolution.
        await sleep(1200);

        const taker = await store.lock('render', { staleMs: 1000, waitMs: 5000 });
        await abandoned.release();

        await expect(store.lock('render', { waitMs: 200 })).rejects.toThrow(/Timed out/);
        await taker.release();
        const again = await store.lock('render', { waitMs: 0 });
        await again.release();
      });

      test('release is idempotent and the lock can be taken again at once', async () => {
        const lock = await store.lock('idem');
        await lock.release();
        await lock.release();
        const again = await store.lock('idem', { waitMs: 0 });
        await again.release();
      });

      test('lock names that could not be a file name everywhere are refused', async () => {
        for (const bad of ['', '.hidden', 'a/b', 'a b', 'x'.repeat(201)]) {
          await expect(store.lock(bad)).rejects.toThrow(/Invalid lock name/);
        }
      });
    });
  });
}
