/**
 * Where the warehouse and the reports live: a local folder or an S3 prefix behind one interface.
 * Keys are `/`-separated paths relative to the store's root (e.g.
 * `contacts/la_code=850/month=2019-11/part-0.parquet`), never starting with `/`, without empty,
 * `.` or `..` segments, and not under `_locks/` (reserved for locks). As on a file system, a key
 * cannot also be the folder of other keys (`a/b` and `a/b/c`): S3 would allow it, a local
 * folder cannot, so the local store refuses it and code must not rely on it.
 */

/** One stored object as a listing shows it. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
  /** Changes whenever the content changes (S3 ETag, or size+mtime for files). */
  readonly version: string;
}

/** A held lock; release it exactly once. */
export interface Lock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to keep trying before giving up with an error (ms). Default 60 000. */
  readonly waitMs?: number;
  /** A lock older than this is taken to be left by a crashed process (ms). Default 15 minutes. */
  readonly staleMs?: number;
}

export interface ObjectStore {
  /** Human-readable root for messages: a folder path or `s3://bucket/prefix`. */
  readonly location: string;
  /** The folder DuckDB can read directly, when the store is local; undefined for S3. */
  readonly localRoot: string | undefined;
  /**
   * Writes an object atomically: readers see the old content or the new, never a part.
   * (Local: write beside, then rename. S3: a single PUT or a completed multipart upload.)
   */
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** As `put`, streaming a local file. */
  putFile(key: string, localPath: string): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Copies the object to a local file; false when there is none. */
  getFile(key: string, localPath: string): Promise<boolean>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Deletes the objects; keys that do not exist are ignored. */
  delete(keys: readonly string[]): Promise<void>;
  /**
   * Takes an exclusive lock named `name` across processes (and, for S3, across machines, using
   * a conditional write). Waits while another holder has it.
   */
  lock(name: string, options?: LockOptions): Promise<Lock>;
}
