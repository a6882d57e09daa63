import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { LocalStore } from '../../../functions/core/store/index.js';
import { describeObjectStoreContract } from './object-store-contract.js';

const MiB = 1024 * 1024;

async function tempRoot(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'panelpack-local-store-'));
}

describeObjectStoreContract('LocalStore', async () => {
  const root = await tempRoot();
  return {
    store: new LocalStore(path.join(root, 'warehouse')),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('LocalStore', () => {
  let root: string;
  let store: LocalStore;

  beforeEach(async () => {
    root = await tempRoot();
    store = new LocalStore(path.join(root, 'warehouse'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('its localRoot and location are the absolute folder, created on the first write', async () => {
    const relative = path.relative(process.cwd(), path.join(root, 'warehouse'));
    const relativeStore = new LocalStore(relative);

    expect(relativeStore.localRoot).toBe(path.join(root, 'warehouse'));
    expect(relativeStore.location).toBe(relativeStore.localRoot);
    expect(await relativeStore.list('')).toEqual([]);
    await expect(stat(relativeStore.localRoot)).rejects.toMatchObject({ code: 'ENOENT' });
    await relativeStore.put('a/b.txt', 'x');
    expect(await readFile(path.join(root, 'warehouse', 'a', 'b.txt'), 'utf8')).toBe('x');
  });

  describe('atomic writes', () => {
    test('a concurrent reader sees the old content or the new in full, never a part', async () => {
      const key = 'warehouse-table/part-0.parquet';
      const versions = [Buffer.alloc(8 * MiB, 'a'), Buffer.alloc(6 * MiB, 'b')];
      await store.put(key, versions[0]!);
      const file = path.join(store.localRoot, 'warehouse-table', 'part-0.parquet');

      let writing = true;
      const seen = new Set<string>();
      const reader = (async () => {
        while (writing) {
          const content = await readFile(file);
          const first = content[0];
          const whole = versions.some((v) => v.length === content.length && v[0] === first);
          const uniform = content.every((byte) => byte === first);
          seen.add(whole && uniform ? String.fromCharCode(first!) : `torn:${content.length}`);
        }
      })();
      for (let i = 1; i <= 12; i++) await store.put(key, versions[i % 2]!);
      writing = false;
      await reader;

      expect([...seen].filter((s) => s.startsWith('torn'))).toEqual([]);
      expect(seen.size).toBeGreaterThan(0);
    });

    test('a failed write leaves the target unchanged and no temporary file behind', async () => {
      await store.put('t/target.csv', 'good data');

      await expect(store.putFile('t/target.csv', path.join(root, 'no-such-file'))).rejects.toThrow(
        /ENOENT/,
      );

      expect((await store.get('t/target.csv'))?.toString()).toBe('good data');
      expect(await readdir(path.join(store.localRoot, 't'))).toEqual(['target.csv']);
    });

    test('the temporary file of an interrupted write is never listed and hides nothing', async () => {
      await store.put('t/part-0.parquet', 'published');
      const leftover = path.join(store.localRoot, 't', '.part-0.parquet.tmp-0123456789abcdef');
      await writeFile(leftover, 'half-writ');

      expect((await store.list('')).map((o) => o.key)).toEqual(['t/part-0.parquet']);
      expect((await store.get('t/part-0.parquet'))?.toString()).toBe('published');
    });
  });

  test('a key that would have to be both a file and a folder is refused with a clear error', async () => {
    await store.put('x/y', 'file');
    await store.put('p/q/r', 'file');

    await expect(store.put('x/y/z', 'below a file')).rejects.toThrow(
      `Cannot write "x/y/z" in ${store.location}`,
    );
    await expect(store.put('p/q', 'over a folder')).rejects.toThrow(
      /also the folder of other keys/,
    );
    await expect(store.putFile('elsewhere', root)).rejects.toMatchObject({ code: 'EISDIR' });
    expect((await store.list('')).map((o) => o.key)).toEqual(['p/q/r', 'x/y']);
  });

  test('delete removes folders it empties, up to but not including the root', async () => {
    await store.put('contacts/la_code=850/month=2019-11/part-0.parquet', 'x');
    await store.put('contacts/la_code=921/month=2019-11/part-0.parquet', 'y');

    await store.delete(['contacts/la_code=850/month=2019-11/part-0.parquet']);

    expect(await readdir(path.join(store.localRoot, 'contacts'))).toEqual(['la_code=921']);
    await store.delete(['contacts/la_code=921/month=2019-11/part-0.parquet']);
    expect(await readdir(store.localRoot)).toEqual([]);
  });

  test('the version is size and mtime, so a rewrite with equal size still changes it', async () => {
    await store.put('v', 'aaaa');
    const [first] = await store.list('v');
    const info = await stat(path.join(store.localRoot, 'v'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.put('v', 'bbbb');
    const [second] = await store.list('v');

    expect(first?.version).toBe(`4-${info.mtimeMs}`);
    expect(second?.version).not.toBe(first?.version);
  });

  describe('lock files', () => {
    const lockFile = (name: string) => path.join(store.localRoot, '_locks', `${name}.lock`);

    test('hold {pid, host, acquired_at} as JSON and disappear on release', async () => {
      const lock = await store.lock('load');
      const record = JSON.parse(await readFile(lockFile('load'), 'utf8'));

      expect(record).toMatchObject({ pid: process.pid, host: hostname() });
      expect(Date.parse(record.acquired_at)).toBeLessThanOrEqual(Date.now());
      await lock.release();
      await expect(stat(lockFile('load'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    test('a fresh lock left by a process that has exited on this host is taken over at once', async () => {
      const child = spawn(process.execPath, ['-e', '0']);
      await once(child, 'exit');
      await store.lock('load').then((l) => l.release());
      await writeFile(
        lockFile('load'),
        JSON.stringify({
          pid: child.pid,
          host: hostname(),
          acquired_at: new Date().toISOString(),
          token: 'dead',
        }),
      );

      const lock = await store.lock('load', { waitMs: 0 });

      expect(JSON.parse(await readFile(lockFile('load'), 'utf8')).pid).toBe(process.pid);
      await lock.release();
    });

    test('a fresh lock from another host is respected even though its pid is unknown here', async () => {
      await store.lock('load').then((l) => l.release());
      await writeFile(
        lockFile('load'),
        JSON.stringify({
          pid: 999_999_999,
          host: 'another-host',
          acquired_at: '2020-01-01T00:00:00.000Z',
          token: 'other',
        }),
      );

      await expect(store.lock('load', { waitMs: 100 })).rejects.toThrow(
        'held by process 999999999 on host another-host since 2020-01-01T00:00:00.000Z',
      );
    });

    test('an unreadable lock file (a torn write) blocks until it is stale', async () => {
      await store.lock('load').then((l) => l.release());
      await writeFile(lockFile('load'), '');

      await expect(store.lock('load', { waitMs: 100 })).rejects.toThrow(/unknown holder/);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const lock = await store.lock('load', { waitMs: 0, staleMs: 100 });
      await lock.release();
    });
  });
});
