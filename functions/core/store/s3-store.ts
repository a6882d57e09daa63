import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

/** Files larger than this go up as a multipart upload, so no single request carries them. */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const MIN_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** DeleteObjects accepts at most this many keys per call. */
const DELETE_BATCH = 1000;

export interface S3StoreOptions {
  /** An S3-compatible endpoint (MinIO, s3rver, LocalStack); implies path-style addressing. */
  readonly endpoint?: string;
  /** Defaults to the SDK's resolution (AWS_REGION, profile), or `us-east-1` with an endpoint. */
  readonly region?: string;
  /** Defaults to true when `endpoint` is set, else false (virtual-hosted style, as AWS prefers). */
  readonly forcePathStyle?: boolean;
  /** Defaults to the SDK's credential provider chain. */
  readonly credentials?: S3ClientConfig['credentials'];
}

/**
 * An {@link ObjectStore} over `s3://bucket/prefix` (or any S3-compatible endpoint). Keys are
 * stored under `prefix/`. DuckDB cannot read it directly: see `mirrorToLocal`.
 *
 * Locks rely on S3 conditional writes (`If-None-Match: *` on PutObject, `If-Match` on
 * DeleteObject), which AWS S3 supports on general purpose buckets. Stale-lock detection compares
 * the lock object's LastModified with the local clock, so clock skew shortens or lengthens
 * `staleMs` by the skew; the 15-minute default leaves ample margin.
 */
export class S3Store implements ObjectStore {
  readonly location: string;
  readonly localRoot = undefined;
  /** The client this store uses, for callers that need the same configuration (presigning). */
  readonly client: S3Client;
  private readonly prefix: string;

  constructor(
    readonly bucket: string,
    prefix = '',
    options: S3StoreOptions = {},
  ) {
    this.prefix = prefix.replace(/^\/+|\/+$/g, '');
    this.location = this.prefix ? `s3://${bucket}/${this.prefix}` : `s3://${bucket}`;
    this.client = new S3Client({
      region: options.region ?? (options.endpoint ? 'us-east-1' : undefined),
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      credentials: options.credentials,
      // The SDK's default (WHEN_SUPPORTED) sends streamed bodies with aws-chunked framing and
      // trailing checksums, which S3-compatible servers such as s3rver store verbatim.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    await this.putBytes(this.fullKey(key), bytes);
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const fullKey = this.fullKey(key);
    const { size } = await stat(localPath);
    if (size <= MULTIPART_THRESHOLD) {
      await this.putBytes(fullKey, await readFile(localPath));
      return;
    }
    // A multipart upload becomes visible only when completed, so it is as atomic as a PUT.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: fullKey, Body: createReadStream(localPath) },
      partSize: Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS)),
      queueSize: 4,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string): Promise<Buffer | undefined> {
    const object = await this.getObject(this.fullKey(key));
    if (!object) return undefined;
    const bytes = await object.Body!.transformToByteArray();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async getFile(key: string, localPath: string): Promise<boolean> {
    const object = await this.getObject(this.fullKey(key));
    if (!object) return false;
    // In Node the body is a Readable, which is an async iterable of Buffers.
    await writeFileAtomic(localPath, { chunks: object.Body as AsyncIterable<Uint8Array> });
    return true;
  }

  async list(prefix: string): Promise<StoredObject[]> {
    assertPrefix(prefix);
    const base = this.prefix ? `${this.prefix}/` : '';
    const objects: StoredObject[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: base + prefix },
    );
    for await (const page of pages) {
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        const key = item.Key.slice(base.length);
        if (isLockKey(key)) continue;
        objects.push({ key, size: item.Size ?? 0, version: item.ETag ?? '' });
      }
    }
    // S3 already lists in UTF-8 order; compatible servers do not all promise to.
    return objects.sort((a, b) => compareKeys(a.key, b.key));
  }

  async delete(keys: readonly string[]): Promise<void> {
    const fullKeys = [...new Set(keys)].map((key) => this.fullKey(key));
    for (let i = 0; i < fullKeys.length; i += DELETE_BATCH) {
      const batch = fullKeys.slice(i, i + DELETE_BATCH);
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      // DeleteObjects reports per-key failures in a successful response, so check them.
      const failures = result.Errors ?? [];
      if (failures.length > 0) {
        const sample = failures
          .slice(0, 3)
          .map((failure) => `${failure.Key}: ${failure.Code} ${failure.Message ?? ''}`.trim());
        throw new Error(
          `Could not delete ${failures.length} object(s) in ${this.location} (${sample.join('; ')})`,
        );
      }
    }
  }

  async lock(name: string, options?: LockOptions): Promise<Lock> {
    assertLockName(name);
    const lockKey = this.fullKeyUnchecked(`${LOCK_FOLDER}/${name}.lock`);
    const lockLocation = `s3://${this.bucket}/${lockKey}`;
    return acquireLock(name, lockLocation, options, (staleMs) => this.tryLock(lockKey, staleMs));
  }

  private async tryLock(lockKey: string, staleMs: number): Promise<LockAttempt> {
    const record = newLockRecord();
    try {
      const written = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: lockKey,
          Body: JSON.stringify(record),
          ContentType: 'application/json',
          // The conditional write is what makes the lock exclusive across machines: S3 creates
          // the object only if no current version exists (412 otherwise, 409 on a race).
          IfNoneMatch: '*',
        }),
      );
      return {
        acquired: new S3Lock(this.client, this.bucket, lockKey, record.token, written.ETag),
      };
    } catch (error) {
      if (!isConditionFailure(error)) {
        // The write may still have taken effect (only its answer lost); if so, nobody holds it.
        unconfirmedTokens.add(record.token);
        throw error;
      }
    }
    const current = await this.getObject(lockKey);
    if (!current) return { retry: true };
    const holder = parseLockRecord(await current.Body!.transformToByteArray());
    // The SDK retried a write of ours that had already taken effect: this lock is ours.
    if (holder?.token === record.token) {
      return {
        acquired: new S3Lock(this.client, this.bucket, lockKey, record.token, current.ETag),
      };
    }
    if (holder && unconfirmedTokens.has(holder.token)) {
      await deleteIfUnchanged(this.client, this.bucket, lockKey, current.ETag);
      unconfirmedTokens.delete(holder.token);
      return { retry: true };
    }
    const ageMs = Date.now() - (current.LastModified?.getTime() ?? Date.now());
    if (ageMs <= staleMs) return { heldBy: holder };
    // Delete only the lock judged stale: if another waiter took it over first, its new lock
    // has another ETag and the conditional delete fails harmlessly.
    await deleteIfUnchanged(this.client, this.bucket, lockKey, current.ETag);
    return { retry: true };
  }

  private async putBytes(fullKey: string, bytes: Uint8Array): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: fullKey,
        Body: bytes,
        // Without it the SDK cannot tell an empty body from a stream and warns on the console.
        ContentLength: bytes.byteLength,
      }),
    );
  }

  private async getObject(fullKey: string): Promise<GetObjectCommandOutput | undefined> {
    try {
      return await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: fullKey }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private fullKey(key: string): string {
    assertKey(key);
    return this.fullKeyUnchecked(key);
  }

  private fullKeyUnchecked(key: string): string {
    return this.prefix ? `${this.prefix}/${key}` : key;
  }
}

/**
 * Tokens of lock writes by this process that failed in transit: such a write may have created
 * the lock although no one was handed it, so finding one means the lock is abandoned (rather
 * than waiting for it to go stale, which would stall a re-run after an outage for 15 minutes).
 */
const unconfirmedTokens = new Set<string>();

/** A lock object this process wrote; released by deleting it if it is still ours. */
class S3Lock implements Lock {
  private released = false;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
    private readonly token: string,
    private readonly etag: string | undefined,
  ) {}

  async release(): Promise<void> {
    if (this.released) return;
    await this.deleteIfOurs();
    // Only now: a release that failed (S3 unreachable) can be retried on the same lock.
    this.released = true;
  }

  private async deleteIfOurs(): Promise<void> {
    // The token check covers servers without conditional deletes; If-Match closes the window
    // between reading and deleting on S3 itself.
    let current: GetObjectCommandOutput;
    try {
      current = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.key }),
      );
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    const holder = parseLockRecord(await current.Body!.transformToByteArray());
    if (holder?.token !== this.token) return;
    await deleteIfUnchanged(this.client, this.bucket, this.key, current.ETag ?? this.etag);
  }
}

async function deleteIfUnchanged(
  client: S3Client,
  bucket: string,
  key: string,
  etag: string | undefined,
): Promise<void> {
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, IfMatch: etag }));
  } catch (error) {
    if (!isConditionFailure(error) && !isNotFound(error)) throw error;
  }
}

interface ServiceError {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** A missing object; a missing bucket is a configuration error and must not read as empty. */
function isNotFound(error: unknown): boolean {
  const e = error as ServiceError;
  if (e?.name === 'NoSuchBucket') return false;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** 412: the condition failed (the lock exists); 409: a concurrent conditional write won. */
function isConditionFailure(error: unknown): boolean {
  const e = error as ServiceError;
  const status = e?.$metadata?.httpStatusCode;
  return (
    status === 412 ||
    status === 409 ||
    e?.name === 'PreconditionFailed' ||
    e?.name === 'ConditionalRequestConflict'
  );
}
