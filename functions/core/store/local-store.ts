import { randomBytes } from 'node:crypto';
import {
  type FileHandle,
  link,
  mkdir,
  open,
  readFile,
  rename,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { acquireLock, type LockAttempt, newLockRecord, parseLockRecord } from './lock-wait.js';
import type { Lock, LockOptions, ObjectStore, StoredObject } from './object-store.js';
import {
  assertKey,
  assertLockName,
  assertPrefix,
  compareKeys,
  isLockKey,
  LOCK_FOLDER,
} from './store-keys.js';
import { walkFiles } from './walk-files.js';

/** Files stat'ed at once while listing: enough to hide latency, few enough to spare handles. */
const STAT_CONCURRENCY = 64;

/**
 * An {@link ObjectStore} over a local folder, created on demand. Keys map to files below the
 * folder; DuckDB reads them in place through {@link LocalStore.localRoot}.
 */
export class LocalStore implements ObjectStore {
  readonly location: string;
  readonly localRoot: string;

  constructor(root: string) {
    this.localRoot = path.resolve(root);
    this.location = this.localRoot;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    await writeFileAtomic(this.pathOf(key), { bytes: body }).catch((e) => this.explain(key, e));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    await writeFileAtomic(this.pathOf(key), { copyOf: localPath }).catch((e) =>
      this.explain(key, e),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      // A folder is where keys share a prefix, not an object.
      if (isAbsent(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    }
  }

  async getFile(key: string, localPath: string): Promise<boolean> {
    const source = this.pathOf(key);
    try {
      if (!(await stat(source)).isFile()) return false;
      await writeFileAtomic(localPath, { copyOf: source });
      return true;
    } catch (error) {
      if (isAbsent(error)) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    assertPrefix(prefix);
    // Walk only the folder the prefix is certainly inside, not the whole warehouse.
    const startDir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys: string[] = [];
    for await (const key of walkFiles(this.localRoot, startDir)) {
      if (key.startsWith(prefix) && !isLockKey(key)) keys.push(key);
    }
    const objects: StoredObject[] = [];
    for (let i = 0; i < keys.length; i += STAT_CONCURRENCY) {
      const batch = keys.slice(i, i + STAT_CONCURRENCY);
      const stats = await Promise.all(
        batch.map((key) => stat(path.join(this.localRoot, ...key.split('/'))).catch(ignoreAbsent)),
      );
      batch.forEach((key, j) => {
        const info = stats[j];
        // A file deleted since the walk is simply not there any more.
        if (info) objects.push({ key, size: info.size, version: `${info.size}-${info.mtimeMs}` });
      });
    }
    return objects.sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(keys: readonly string[]): Promise<void> {
    const paths = keys.map((key) => this.pathOf(key));
    for (const file of paths) {
      try {
        await unlink(file);
      } catch (error) {
        if (!isAbsent(error) && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      }
      await this.pruneEmptyFolders(path.dirname(file));
    }
  }

  async lock(name: string, options?: LockOptions): Promise<Lock> {
    assertLockName(name);
    const lockDir = path.join(this.localRoot, LOCK_FOLDER);
    const lockPath = path.join(lockDir, `${name}.lock`);
    return acquireLock(name, lockPath, options, async (staleMs) => {
      await mkdir(lockDir, { recursive: true });
      const record = newLockRecord();
      const created = await createExclusive(lockPath, JSON.stringify(record));
      if (created) return { acquired: new LocalLock(lockPath, record.token) };
      return inspectHeldLock(lockPath, staleMs);
    });
  }

  /** Turns the file system's terse complaint about a file/folder clash into a usable one. */
  private explain(key: string, error: unknown): never {
    const { code, path: where } = error as NodeJS.ErrnoException;
    // Only a clash inside the store; a bad source file for putFile keeps its own message.
    const inStore = typeof where === 'string' && where.startsWith(this.localRoot + path.sep);
    if (inStore && (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR')) {
      throw new Error(
        `Cannot write "${key}" in ${this.location}: a local store cannot hold a key that is ` +
          'also the folder of other keys, or one below another key',
        { cause: error },
      );
    }
    throw error;
  }

  private pathOf(key: string): string {
    assertKey(key);
    return path.join(this.localRoot, ...key.split('/'));
  }

  /** Keeps the tree free of empty partition folders, which would otherwise pile up as
   * partitions are replaced. */
  private async pruneEmptyFolders(start: string): Promise<void> {
    for (let dir = start; dir !== this.localRoot && dir.startsWith(this.localRoot); ) {
      try {
        await rmdir(dir);
      } catch {
        // Not empty (or already gone): nothing above it can be empty because of this delete.
        return;
      }
      dir = path.dirname(dir);
    }
  }
}

/** A lock file this process created; released by deleting it if it is still ours. */
class LocalLock implements Lock {
  private released = false;

  constructor(
    private readonly lockPath: string,
    private readonly token: string,
  ) {}

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const current = await readFile(this.lockPath).catch(ignoreAbsent);
    // After a stale takeover the file belongs to the new holder and must stay.
    if (current && parseLockRecord(current)?.token === this.token) {
      await unlink(this.lockPath).catch(ignoreAbsent);
    }
  }
}

/** Creates the lock file with `open(..., 'wx')`; false when it already exists. */
async function createExclusive(lockPath: string, content: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** Decides whether an existing lock is live (wait) or abandoned (take it over, then retry). */
async function inspectHeldLock(lockPath: string, staleMs: number): Promise<LockAttempt> {
  let content: Buffer;
  let modifiedMs: number;
  try {
    // One handle, so the age and the content describe the same file.
    const handle = await open(lockPath, 'r');
    try {
      modifiedMs = (await handle.stat()).mtimeMs;
      content = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isAbsent(error)) return { retry: true };
    throw error;
  }
  const holder = parseLockRecord(content);
  const stale =
    Date.now() - modifiedMs > staleMs ||
    (holder !== undefined && holder.host === hostname() && !isProcessAlive(holder.pid));
  if (!stale) return { heldBy: holder };
  await takeOver(lockPath, content);
  return { retry: true };
}

/**
 * Removes an abandoned lock file without removing a fresh one that another waiter may have
 * created after taking it over first: the file is moved aside atomically, and if what was moved
 * is not the file judged stale it is linked back (link, like 'wx', never overwrites).
 */
async function takeOver(lockPath: string, staleContent: Buffer): Promise<void> {
  const aside = path.join(
    path.dirname(lockPath),
    `.${path.basename(lockPath)}.stale-${randomBytes(8).toString('hex')}`,
  );
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (isAbsent(error)) return;
    throw error;
  }
  const moved = await readFile(aside);
  if (!moved.equals(staleContent)) {
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function ignoreAbsent(error: unknown): undefined {
  if (isAbsent(error)) return undefined;
  throw error;
}
