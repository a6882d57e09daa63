import { readFile, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { walkFiles } from './walk-files.js';

/** Remembers which version of each object the cache holds; lives in the cache folder. */
const INDEX_FILE = '.panelpack-mirror.json';
/** Downloads in flight at once: enough to hide S3 latency without exhausting sockets. */
const CONCURRENCY = 8;

interface CachedObject {
  readonly version: string;
  readonly size: number;
}

interface MirrorIndex {
  readonly format: 1;
  /** The store the cache mirrors; a cache filled from another store is not trusted. */
  readonly location: string;
  readonly objects: Record<string, CachedObject>;
}

/**
 * Makes the objects under `prefixes` readable as local files, because DuckDB reads local files.
 * For a store with a `localRoot` that folder is returned and nothing is copied. Otherwise every
 * object under the prefixes is synced into `cacheDir` under its key: only objects that are new
 * or whose version changed are downloaded, and cached files whose objects are gone are deleted.
 * Files in `cacheDir` outside the prefixes are left alone. Returns the folder to read.
 */
export async function mirrorToLocal(
  store: ObjectStore,
  prefixes: readonly string[],
  cacheDir: string,
): Promise<string> {
  if (store.localRoot !== undefined) return store.localRoot;
  const root = path.resolve(cacheDir);
  const isMirrored = (key: string) => prefixes.some((prefix) => key.startsWith(prefix));

  const wanted = new Map<string, StoredObject>();
  for (const prefix of new Set(prefixes)) {
    for (const object of await store.list(prefix)) {
      if (object.key !== INDEX_FILE) wanted.set(object.key, object);
    }
  }

  const previous = await readIndex(root, store.location);
  const next: Record<string, CachedObject> = {};
  for (const [key, cached] of Object.entries(previous)) {
    if (!isMirrored(key)) next[key] = cached;
  }

  try {
    await forEachLimited([...wanted.values()], CONCURRENCY, async (object) => {
      const file = fileOf(root, object.key);
      const cached = previous[object.key];
      if (
        cached?.version === object.version &&
        cached.size === object.size &&
        (await sizeOnDisk(file)) === object.size
      ) {
        next[object.key] = cached;
        return;
      }
      if (await store.getFile(object.key, file)) {
        next[object.key] = { version: object.version, size: object.size };
      } else {
        // Deleted since the listing: do not leave an older copy behind to be read.
        await removeFile(root, file);
      }
    });

    for await (const key of walkFiles(root)) {
      if (key !== INDEX_FILE && isMirrored(key) && !wanted.has(key)) {
        await removeFile(root, fileOf(root, key));
      }
    }
  } finally {
    // Saved even after a failed download, so the next run does not repeat finished work.
    const index: MirrorIndex = { format: 1, location: store.location, objects: next };
    await writeFileAtomic(path.join(root, INDEX_FILE), { bytes: JSON.stringify(index) });
  }
  return root;
}

async function readIndex(root: string, location: string): Promise<Record<string, CachedObject>> {
  let parsed: Partial<MirrorIndex>;
  try {
    parsed = JSON.parse(await readFile(path.join(root, INDEX_FILE), 'utf8'));
  } catch {
    // No index (first run) or an unreadable one: everything is checked and fetched afresh.
    return {};
  }
  if (parsed.format !== 1 || parsed.location !== location || typeof parsed.objects !== 'object') {
    return {};
  }
  return parsed.objects ?? {};
}

function fileOf(root: string, key: string): string {
  return path.join(root, ...key.split('/'));
}

async function sizeOnDisk(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}

/** Deletes a cached file and any folders it leaves empty, up to the cache root. */
async function removeFile(root: string, file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (
    let dir = path.dirname(file);
    dir !== root && dir.startsWith(root);
    dir = path.dirname(dir)
  ) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}

/**
 * Runs `task` over `items` with at most `limit` in flight. After a failure no new task starts;
 * the ones in flight finish before the first error is thrown, so none writes after we return.
 */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let nextIndex = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && nextIndex < items.length) {
      const item = items[nextIndex++] as T;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  const rejection = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejection) throw rejection.reason;
}
