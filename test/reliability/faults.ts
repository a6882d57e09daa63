/**
 * Fault scenarios for the loader, shared by the jest tests and `npm run reliability`. Each
 * scenario starts from a warehouse holding a good January and February for one LA, delivers a
 * corrected February, breaks something mid-load, and then checks what SPEC 8 promises: the
 * previous good data stays readable, nothing is half-published (the month is the old delivery
 * or the new one, byte for byte, and a manifest never describes a month that is not there),
 * and a re-run completes the job.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ENV } from '../../functions/core/config.js';
import { contacts } from '../../functions/core/extracts/index.js';
import { type LoadResult, loadFile, partitionPrefix } from '../../functions/core/load/index.js';
import { packageRoot } from '../../functions/core/package-root.js';
import {
  LocalStore,
  type Lock,
  type ObjectStore,
  S3Store,
  type StoredObject,
} from '../../functions/core/store/index.js';
import { handler } from '../../functions/ingest/handler.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { captureStdout, uploadEvent } from '../unit/functions/aws-harness.js';
import { type FaultyS3, startFaultyS3 } from './faulty-s3.js';
import { sampleRows, schemaHeader, writeCsv } from './schema-rows.js';

/** What one injected fault did and whether the warehouse came through it. */
export interface FaultOutcome {
  /** The kind of fault, e.g. `S3 server killed mid-load`. */
  readonly fault: string;
  /** Where in the load it struck. */
  readonly point: string;
  /** `kept`: the month is the previous delivery; `published`: it is the new one, whole. */
  readonly state: 'kept' | 'published' | 'broken';
  /** January (untouched by the load) and February (old or new) read back intact. */
  readonly previousReadable: boolean;
  /** A month that is neither delivery, a manifest without its month, or a stray file. */
  readonly halfPublished: boolean;
  /** Loading the delivery again afterwards gave the clean result, and no lock was left. */
  readonly rerunCompleted: boolean;
  readonly detail: string;
}

/** True when the warehouse came through the fault. */
export function survived(outcome: FaultOutcome): boolean {
  return outcome.previousReadable && !outcome.halfPublished && outcome.rerunCompleted;
}

/** `point: detail` of each outcome the warehouse did not come through; a test expects none. */
export function failures(outcomes: readonly FaultOutcome[]): string[] {
  return outcomes.filter((o) => !survived(o)).map((o) => `${o.point}: ${o.detail}`);
}

const LA = '850';
const JAN = `${partitionPrefix('contacts', LA, '2020-01')}part-0.parquet`;
const FEB = `${partitionPrefix('contacts', LA, '2020-02')}part-0.parquet`;

/** The deliveries every scenario uses: January, February, and a corrected February. */
export interface Deliveries {
  readonly dir: string;
  readonly jan: string;
  readonly v1: string;
  /** The corrected February (same file name as v1, in another folder); two rows rejected. */
  readonly v2: string;
  /** Another February, for two deliveries of one month at once. */
  readonly v3: string;
  /** Bytes of each month as a clean load publishes it. */
  readonly bytes: {
    readonly jan: Buffer;
    readonly v1: Buffer;
    readonly v2: Buffer;
    readonly v3: Buffer;
  };
  readonly remove: () => Promise<void>;
}

/** Writes the deliveries (`rows` per February file) and learns their clean published bytes. */
export async function makeDeliveries(duckdb: DuckDBInstance, rows = 300): Promise<Deliveries> {
  const dir = await tempDir('panelpack-faults-');
  const header = schemaHeader(contacts);
  const write = async (folder: string, month: string, text: string) => {
    await mkdir(join(dir.path, folder), { recursive: true });
    const path = join(dir.path, folder, `contacts_${LA}_${month}.csv`);
    await writeFile(path, text);
    return path;
  };
  const jan = await write(
    'jan',
    '2020-01',
    writeCsv(sampleRows(contacts, '2020-01', 40, 1, 'jan-'), { header }),
  );
  const v1 = await write(
    'v1',
    '2020-02',
    writeCsv(sampleRows(contacts, '2020-02', rows, 2, 'v1-'), { header }),
  );
  const corrected = sampleRows(contacts, '2020-02', rows + 20, 3, 'v2-');
  corrected[5] = { ...corrected[5]!, contact_date: '31/02/2020' };
  corrected[9] = { ...corrected[9]!, source: '=HYPERLINK("http://evil.example","x")' };
  const v2 = await write('v2', '2020-02', writeCsv(corrected, { header }));
  const v3 = await write(
    'v3',
    '2020-02',
    writeCsv(sampleRows(contacts, '2020-02', rows, 4, 'v3-'), { header }),
  );
  const scratch = new LocalStore(join(dir.path, 'clean'));
  const bytes: Record<string, Buffer> = {};
  for (const [name, path, key] of [
    ['jan', jan, JAN],
    ['v1', v1, FEB],
    ['v2', v2, FEB],
    ['v3', v3, FEB],
  ] as const) {
    await loadFile(path, { store: scratch, duckdb });
    bytes[name] = (await scratch.get(key))!;
  }
  return {
    dir: dir.path,
    jan,
    v1,
    v2,
    v3,
    bytes: bytes as unknown as Deliveries['bytes'],
    remove: dir.remove,
  };
}

const sha = (bytes: Buffer | undefined) =>
  bytes ? createHash('sha256').update(bytes).digest('hex') : 'absent';

/**
 * Checks the warehouse after a fault, then re-runs the delivery and checks that too.
 * `locksLeft` lists lock objects still present after the re-run.
 */
async function judge(
  fault: string,
  point: string,
  store: ObjectStore,
  deliveries: Deliveries,
  before: readonly StoredObject[],
  rerun: () => Promise<LoadResult>,
  locksLeft: () => Promise<string[]>,
  error: unknown,
): Promise<FaultOutcome> {
  const problems: string[] = [];
  const jan = await store.get(JAN);
  const feb = await store.get(FEB);
  const state =
    sha(feb) === sha(deliveries.bytes.v1)
      ? 'kept'
      : sha(feb) === sha(deliveries.bytes.v2)
        ? 'published'
        : 'broken';
  const previousReadable = sha(jan) === sha(deliveries.bytes.jan) && state !== 'broken';
  if (!previousReadable) problems.push(`January ${sha(jan).slice(0, 8)}, February ${state}`);
  // Nothing new may appear but the month itself and the new delivery's rejects and manifest.
  const known = new Set(before.map((o) => o.key));
  const added = (await store.list('')).map((o) => o.key).filter((k) => !known.has(k));
  const stray = added.filter((k) => !/^_(loads|rejects)\/contacts_850_2020-02\./.test(k));
  const manifests = added.filter((k) => k.startsWith('_loads/'));
  const halfPublished =
    state === 'broken' || stray.length > 0 || (manifests.length > 0 && state !== 'published');
  if (stray.length > 0) problems.push(`stray objects ${stray.join(', ')}`);
  if (manifests.length > 0 && state !== 'published')
    problems.push('a manifest for a month not published');
  let rerunCompleted = false;
  try {
    const result = await rerun();
    const after = await store.get(FEB);
    const manifest = await store.get(`_loads/${result.delivery_id}.json`);
    const locks = await locksLeft();
    rerunCompleted =
      result.status === 'loaded' &&
      sha(after) === sha(deliveries.bytes.v2) &&
      manifest !== undefined &&
      JSON.stringify(JSON.parse(manifest.toString('utf8'))) === JSON.stringify(result) &&
      locks.length === 0;
    if (!rerunCompleted) problems.push(`re-run: ${result.status}, locks left ${locks.join(', ')}`);
  } catch (rerunError) {
    problems.push(`re-run failed: ${(rerunError as Error).message}`);
  }
  const cause = error
    ? `load failed (${String((error as Error).message)
        .split('\n')[0]
        ?.slice(0, 80)})`
    : 'load returned';
  return {
    fault,
    point,
    state,
    previousReadable,
    halfPublished,
    rerunCompleted,
    detail: [cause, `month ${state}`, ...problems].join('; '),
  };
}

/**
 * (a) The S3 server is killed at request 1, 2, ... of a load (the PUT of the new month among
 * them, killed with half its body sent), restarted on the same data, and the load re-run in the
 * same process. With `afterCommit` each request reaches the server and the server dies as it
 * answers (the client cannot tell whether it took effect). `points` limits which requests are
 * tried; by default every one until the load no longer reaches the armed request.
 */
export async function s3ServerKilled(
  duckdb: DuckDBInstance,
  deliveries: Deliveries,
  options: {
    readonly points?: readonly number[];
    readonly afterCommit?: boolean;
    /** Only drop the connection after the server answered; the server stays up. */
    readonly dropOnly?: boolean;
  } = {},
): Promise<FaultOutcome[]> {
  const { points, afterCommit = false, dropOnly = false } = options;
  const fault = dropOnly
    ? 'connection dropped after S3 acted (SDK retries)'
    : afterCommit
      ? 'S3 server killed as it answers'
      : 'S3 server killed mid-request';
  const s3 = await startFaultyS3();
  const outcomes: FaultOutcome[] = [];
  const clients: S3Store[] = [];
  try {
    for (let k = 1; points ? k <= Math.max(...points) : k < 100; k++) {
      if (points && !points.includes(k)) continue;
      const store = new S3Store(s3.bucket, `run-${k}`, {
        endpoint: s3.endpoint,
        credentials: s3.credentials,
      });
      const context = { store, duckdb };
      clients.push(store);
      await loadFile(deliveries.jan, context);
      await loadFile(deliveries.v1, context);
      const before = await store.list('');
      s3.arm(k, { afterCommit, keepServer: dropOnly });
      let error: unknown;
      try {
        await loadFile(deliveries.v2, context);
      } catch (e) {
        error = e;
      }
      const request = s3.seen[k - 1] ?? '(none)';
      if (!s3.fired) {
        s3.arm(0);
        // The load made fewer than k requests: every point of it has been tried.
        break;
      }
      if (s3.killed) await s3.restart();
      outcomes.push(
        await judge(
          fault,
          `request ${k}: ${request.replace(`/${s3.bucket}/run-${k}`, '')}`,
          store,
          deliveries,
          before,
          () => loadFile(deliveries.v2, context),
          async () =>
            (
              (
                await s3.client.send(
                  new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `run-${k}/_locks/` }),
                )
              ).Contents ?? []
            ).map((o) => o.Key!),
          error,
        ),
      );
    }
  } finally {
    for (const store of clients) store.client.destroy();
    await s3.stop();
  }
  return outcomes;
}

/** A store that fails its `at`-th call, before or after doing it: a crash at that point. */
class FailingStore implements ObjectStore {
  calls = 0;
  failedAt: string | undefined;
  readonly location: string;
  readonly localRoot: string | undefined;

  constructor(
    private readonly inner: ObjectStore,
    private readonly at: number,
    private readonly when: 'before' | 'after',
  ) {
    this.location = inner.location;
    this.localRoot = inner.localRoot;
  }

  private async step<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.calls += 1;
    if (this.calls !== this.at) return work();
    this.failedAt = what;
    // A lock taken but never handed back cannot happen on a local store (the call returns or
    // throws); on S3 it is a lost answer, which the S3 scenarios cover.
    if (this.when === 'after' && !what.startsWith('lock ')) await work();
    throw new Error(`injected failure ${this.when} ${what}`);
  }

  put(key: string, body: Uint8Array | string) {
    return this.step(`put ${key}`, () => this.inner.put(key, body));
  }
  putFile(key: string, localPath: string) {
    return this.step(`putFile ${key}`, () => this.inner.putFile(key, localPath));
  }
  get(key: string) {
    return this.step(`get ${key}`, () => this.inner.get(key));
  }
  getFile(key: string, localPath: string) {
    return this.step(`getFile ${key}`, () => this.inner.getFile(key, localPath));
  }
  list(prefix: string) {
    return this.step(`list ${prefix}`, () => this.inner.list(prefix));
  }
  delete(keys: readonly string[]) {
    return this.step(`delete ${keys.length} key(s)`, () => this.inner.delete(keys));
  }
  lock(name: string): Promise<Lock> {
    return this.step(`lock ${name}`, () => this.inner.lock(name));
  }
}

async function localLocks(root: string): Promise<string[]> {
  return readdir(join(root, '_locks')).catch(() => []);
}

/** Files a crashed write may have left in the warehouse folder (temporary copies). */
async function strayTemps(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else if (/\.tmp-/.test(entry.name)) found.push(join(dir, entry.name));
    }
  };
  await walk(root);
  return found;
}

/**
 * (b) A failure injected at each store call of a load on a local warehouse, before the call
 * (e.g. after the Parquet is written, before it is published) or after it (published, then
 * the crash): the error propagates, and a re-run with a healthy store completes.
 */
export async function storeCallFails(
  duckdb: DuckDBInstance,
  deliveries: Deliveries,
): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  for (const when of ['before', 'after'] as const) {
    for (let k = 1; k < 100; k++) {
      const root = join(deliveries.dir, `store-${when}-${k}`);
      const healthy = new LocalStore(root);
      await loadFile(deliveries.jan, { store: healthy, duckdb });
      await loadFile(deliveries.v1, { store: healthy, duckdb });
      const before = await healthy.list('');
      const failing = new FailingStore(healthy, k, when);
      let error: unknown;
      try {
        await loadFile(deliveries.v2, { store: failing, duckdb });
      } catch (e) {
        error = e;
      }
      if (!failing.failedAt) break;
      const outcome = await judge(
        'store call fails (crash between writing and publishing)',
        `${when} call ${k}: ${failing.failedAt}`,
        healthy,
        deliveries,
        before,
        () => loadFile(deliveries.v2, { store: healthy, duckdb }),
        () => localLocks(root),
        error,
      );
      const temps = await strayTemps(root);
      outcomes.push(
        temps.length === 0
          ? outcome
          : {
              ...outcome,
              halfPublished: true,
              detail: `${outcome.detail}; temporary files left: ${temps.join(', ')}`,
            },
      );
      await rm(root, { recursive: true, force: true });
    }
  }
  return outcomes;
}

/**
 * (b, for real) The loading process is killed with SIGKILL at a store call (before or after
 * it), so nothing of it runs afterwards: no `finally`, its lock file left behind with a dead
 * process id. A re-run from this process then completes.
 */
export async function processKilled(
  duckdb: DuckDBInstance,
  deliveries: Deliveries,
  points: readonly { at: number; when: 'before' | 'after' | 'during' }[],
): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  for (const { at, when } of points) {
    const root = join(deliveries.dir, `killed-${when}-${at}`);
    const store = new LocalStore(root);
    await loadFile(deliveries.jan, { store, duckdb });
    await loadFile(deliveries.v1, { store, duckdb });
    const before = await store.list('');
    const child = await runCrashChild(root, deliveries.v2, at, when);
    const outcome = await judge(
      'loading process killed (SIGKILL)',
      `${when} store call ${at}${child.call ? `: ${child.call}` : ''}`,
      store,
      deliveries,
      before,
      () => loadFile(deliveries.v2, { store, duckdb }),
      () => localLocks(root),
      child.signal === 'SIGKILL' ? new Error('killed') : undefined,
    );
    const temps = await strayTemps(root);
    // A kill mid-copy may leave a temporary file; it must never be listed or read as data.
    const listed = (await store.list('')).map((o) => o.key).filter((k) => /\.tmp-/.test(k));
    outcomes.push({
      ...outcome,
      halfPublished: outcome.halfPublished || listed.length > 0 || child.signal !== 'SIGKILL',
      detail: `${outcome.detail}${child.signal === 'SIGKILL' ? '' : `; the child was not killed (${child.signal ?? child.code})`}${temps.length ? `; ${temps.length} temporary file(s) left, never listed` : ''}`,
    });
    await rm(root, { recursive: true, force: true });
  }
  return outcomes;
}

/** Runs crash-child.ts in its own process; resolves when it exits. */
async function runCrashChild(
  root: string,
  file: string,
  at: number,
  when: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; call: string }> {
  // A killed process cannot remove its own temporary folders, so it makes them in one of ours.
  const tmp = `${root}.tmp`;
  await mkdir(tmp, { recursive: true });
  try {
    return await crashChild(root, file, at, when, tmp);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function crashChild(
  root: string,
  file: string,
  at: number,
  when: string,
  tmp: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; call: string }> {
  const tsx = pathToFileURL(
    createRequire(join(packageRoot(), 'package.json')).resolve('tsx/esm'),
  ).href;
  const script = join(packageRoot(), 'test', 'reliability', 'crash-child.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, script, root, file, String(at), when], {
      env: { ...process.env, NODE_OPTIONS: '', TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, call: /^call: (.*)$/m.exec(out)?.[1] ?? out.trim().slice(-200) }),
    );
  });
}

/** The bytes of every object under `prefix` in a bucket. */
async function bucketBytes(
  s3: FaultyS3,
  bucket: string,
  prefix: string,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: item.Key! }));
      out.set(item.Key!, Buffer.from(await object.Body!.transformToByteArray()));
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

/** Same objects, same bytes, but a manifest's `loaded_at` (when it was written) may differ. */
function sameWarehouse(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const differences: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (!x || !y) differences.push(`${key} ${x ? 'gone' : 'added'}`);
    else if (key.includes('/_loads/')) {
      const strip = (m: Buffer) => ({ ...JSON.parse(m.toString('utf8')), loaded_at: undefined });
      if (JSON.stringify(strip(x)) !== JSON.stringify(strip(y))) differences.push(`${key} differs`);
    } else if (!x.equals(y)) differences.push(`${key} differs`);
  }
  return differences;
}

/**
 * (a) and (c) through the ingest Lambda: an upload event's load meets the S3 server dying as
 * it publishes (the message is reported for retry, the previous month stays), the retry
 * completes, the same event delivered again, and twice at once (SQS delivers at least once),
 * leaves the same warehouse bytes and one manifest.
 */
export async function lambdaRetries(
  deliveries: Deliveries,
  scratch: string,
): Promise<FaultOutcome[]> {
  const s3 = await startFaultyS3();
  const landing = `${s3.bucket}-landing`;
  const warehouse = `${s3.bucket}-warehouse`;
  const env: Record<string, string> = {
    [ENV.warehouse]: `s3://${warehouse}/warehouse`,
    [ENV.landing]: `s3://${landing}/incoming`,
    [ENV.s3Endpoint]: s3.endpoint,
    [ENV.region]: 'eu-west-2',
    [ENV.cacheDir]: join(scratch, 'lambda-cache'),
    [ENV.duckdbThreads]: '1',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  };
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const outcomes: FaultOutcome[] = [];
  const invoke = (event: SQSEvent) => handler(event) as Promise<SQSBatchResponse>;
  // The functions log JSON lines to stdout; one capture for the whole scenario, as captures
  // of concurrent invocations would restore each other's.
  const work = async () => {
    for (const bucket of [landing, warehouse]) {
      await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    const upload = async (folder: string, path: string) => {
      const key = `incoming/${folder}/${basename(path)}`;
      await s3.client.send(
        new PutObjectCommand({ Bucket: landing, Key: key, Body: await readFile(path) }),
      );
      return uploadEvent([{ bucket: landing, key }]);
    };
    await invoke(await upload('jan', deliveries.jan));
    await invoke(await upload('first', deliveries.v1));
    const feb = `warehouse/${FEB}`;
    const before = await bucketBytes(s3, warehouse, 'warehouse/');
    const corrected = await upload('second', deliveries.v2);
    const messageId = corrected.Records[0]!.messageId;

    s3.arm((request) => request.startsWith('PUT') && request.includes('part-0.parquet'));
    const failed = await invoke(corrected);
    const struck = s3.fired;
    await s3.restart();
    const afterFault = await bucketBytes(s3, warehouse, 'warehouse/');
    const kept = sha(afterFault.get(feb)) === sha(before.get(feb));
    const noManifest = ![...afterFault.keys()].some(
      (k) => k.includes('/_loads/contacts_850_2020-02.') && !before.has(k),
    );
    const retried = await invoke(corrected);
    const afterRetry = await bucketBytes(s3, warehouse, 'warehouse/');
    const locks = [...afterRetry.keys()].filter((k) => k.includes('/_locks/'));
    outcomes.push({
      fault: 'S3 server killed while the ingest Lambda publishes',
      point: 'PUT of the new month, then the SQS retry',
      state: kept ? 'kept' : 'broken',
      previousReadable:
        kept && sha(afterFault.get(`warehouse/${JAN}`)) === sha(before.get(`warehouse/${JAN}`)),
      halfPublished: !kept || !noManifest,
      rerunCompleted:
        struck &&
        failed.batchItemFailures.some((f) => f.itemIdentifier === messageId) &&
        retried.batchItemFailures.length === 0 &&
        afterRetry.get(feb) !== undefined &&
        !afterRetry.get(feb)!.equals(before.get(feb)!) &&
        locks.length === 0,
      detail: `first attempt reported for retry: ${JSON.stringify(failed.batchItemFailures)}; retry: ${JSON.stringify(retried.batchItemFailures)}`,
    });

    for (const [point, run] of [
      ['the same event again', () => invoke(corrected).then((r) => [r])],
      ['the same event twice at once', () => Promise.all([invoke(corrected), invoke(corrected)])],
    ] as const) {
      const start = await bucketBytes(s3, warehouse, 'warehouse/');
      const results = await run();
      const end = await bucketBytes(s3, warehouse, 'warehouse/');
      const differences = sameWarehouse(start, end);
      const manifests = [...end.keys()].filter((k) => k.includes('/_loads/contacts_850_2020-02.'));
      const ok = results.every((r) => r.batchItemFailures.length === 0);
      outcomes.push({
        fault: 'Lambda retry of the same S3 event',
        point,
        state: differences.length === 0 ? 'published' : 'broken',
        previousReadable: differences.length === 0,
        halfPublished: differences.length > 0,
        // Two February deliveries have been loaded (the first and the corrected one).
        rerunCompleted: ok && manifests.length === 2,
        detail: `${differences.length} object(s) changed${differences.length ? `: ${differences.join(', ')}` : ''}; ${manifests.length} February manifests`,
      });
    }
  };
  try {
    await captureStdout(work);
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await s3.stop();
  }
  return outcomes;
}

/** A store recording, per load, when it holds the lock and what it does meanwhile. */
function recording(inner: ObjectStore, tag: string, log: string[]): ObjectStore {
  const note = <T>(what: string, work: () => Promise<T>) => {
    log.push(`${tag} ${what}`);
    return work();
  };
  return {
    location: inner.location,
    localRoot: inner.localRoot,
    put: (key, body) => note(`put ${key}`, () => inner.put(key, body)),
    putFile: (key, path) => note(`putFile ${key}`, () => inner.putFile(key, path)),
    get: (key) => note(`get ${key}`, () => inner.get(key)),
    getFile: (key, path) => note(`getFile ${key}`, () => inner.getFile(key, path)),
    list: (prefix) => note(`list ${prefix}`, () => inner.list(prefix)),
    delete: (keys) => note('delete', () => inner.delete(keys)),
    lock: async (name, options) => {
      const lock = await inner.lock(name, options);
      log.push(`${tag} locked`);
      return {
        release: async () => {
          log.push(`${tag} released`);
          await lock.release();
        },
      };
    },
  };
}

/**
 * (d) Two deliveries of one LA's month loaded at once, in one process (their store calls
 * recorded to prove that neither acts while the other holds the lock) and as two CLI processes
 * (started while the test holds the lock, so that both wait and then race for it). Either way
 * the month ends as one complete delivery and both manifests are written.
 */
export async function concurrentLoads(
  duckdb: DuckDBInstance,
  deliveries: Deliveries,
): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  {
    const root = join(deliveries.dir, 'concurrent-in-process');
    const store = new LocalStore(root);
    await loadFile(deliveries.jan, { store, duckdb });
    await loadFile(deliveries.v1, { store, duckdb });
    const log: string[] = [];
    const [a, b] = await Promise.all([
      loadFile(deliveries.v2, { store: recording(store, 'A', log), duckdb }),
      loadFile(deliveries.v3, { store: recording(store, 'B', log), duckdb }),
    ]);
    const first = log[0]?.split(' ')[0];
    const second = first === 'A' ? 'B' : 'A';
    const firstEnd = log.indexOf(`${first} released`);
    const interleaved =
      log.slice(0, firstEnd + 1).some((e) => e.startsWith(`${second} `)) ||
      log.slice(firstEnd + 1).some((e) => e.startsWith(`${first} `));
    const feb = await store.get(FEB);
    const last = second === 'A' ? deliveries.bytes.v2 : deliveries.bytes.v3;
    const manifests = await Promise.all(
      [a, b].map((r) => store.get(`_loads/${r.delivery_id}.json`)),
    );
    outcomes.push({
      fault: 'two loads of one month at once',
      point: 'two loadFile calls in one process',
      state: sha(feb) === sha(last) ? 'published' : 'broken',
      previousReadable: sha(await store.get(JAN)) === sha(deliveries.bytes.jan),
      halfPublished: interleaved || sha(feb) !== sha(last),
      rerunCompleted:
        a.status === 'loaded' &&
        b.status === 'loaded' &&
        manifests.every(Boolean) &&
        (await localLocks(root)).length === 0,
      detail: `${first} then ${second}, ${interleaved ? 'INTERLEAVED' : 'not interleaved'} (${log.length} store calls); the month is ${sha(feb) === sha(last) ? `the later delivery (${second})` : 'neither delivery'}`,
    });
  }
  {
    const root = join(deliveries.dir, 'concurrent-cli');
    const store = new LocalStore(root);
    await loadFile(deliveries.jan, { store, duckdb });
    await loadFile(deliveries.v1, { store, duckdb });
    const held = await store.lock('contacts_850');
    const env = { PANELPACK_WAREHOUSE: root, PANELPACK_DUCKDB_THREADS: '1' };
    const runs = Promise.all([
      runCli(['load', deliveries.v2], { cwd: deliveries.dir, env }),
      runCli(['load', deliveries.v3], { cwd: deliveries.dir, env }),
    ]);
    // Both processes start and wait for the lock; then they race for it.
    await sleep(4000);
    await held.release();
    const results = await runs;
    const feb = await store.get(FEB);
    const rows = await monthRows(duckdb, feb);
    const matches = await Promise.all(
      [deliveries.bytes.v2, deliveries.bytes.v3].map(
        async (b) => (await monthRows(duckdb, b)) === rows,
      ),
    );
    const manifests = (await store.list('_loads/')).filter((o) =>
      o.key.includes('contacts_850_2020-02.'),
    );
    outcomes.push({
      fault: 'two loads of one month at once',
      point: 'two panelpack load processes',
      state: matches.some(Boolean) ? 'published' : 'broken',
      previousReadable: sha(await store.get(JAN)) === sha(deliveries.bytes.jan),
      halfPublished: !matches.some(Boolean),
      rerunCompleted:
        results.every((r) => r.code === 0) &&
        manifests.length === 3 &&
        (await localLocks(root)).length === 0,
      detail: `exit codes ${results.map((r) => r.code).join(', ')}; the month is ${matches[0] ? 'the first' : matches[1] ? 'the second' : 'neither'} delivery, whole; ${manifests.length} February manifests (the earlier delivery's and both of these)`,
    });
  }
  return outcomes;
}

/** A Parquet file's rows, in key order, as JSON (comparable whatever wrote the bytes). */
async function monthRows(duckdb: DuckDBInstance, bytes: Buffer | undefined): Promise<string> {
  if (!bytes) return 'absent';
  const dir = await tempDir('panelpack-rows-');
  try {
    const path = join(dir.path, 'month.parquet');
    await writeFile(path, bytes);
    const connection = await duckdb.connect();
    try {
      const reader = await connection.runAndReadAll(
        'SELECT * FROM read_parquet($path) ORDER BY contact_id',
        { path },
      );
      return JSON.stringify(reader.getRowObjectsJson());
    } finally {
      connection.closeSync();
    }
  } finally {
    await dir.remove();
  }
}

/**
 * The `panelpack load` process killed at moments spread over its run (a fraction of the time
 * an uninterrupted run takes, from its start): wherever the kill lands, in start-up, reading,
 * writing the Parquet, publishing or writing the manifest, the checks of every other fault
 * hold. For `npm run reliability`; the moments are not asserted, only what follows them.
 */
export async function cliKilledAtRandom(
  duckdb: DuckDBInstance,
  deliveries: Deliveries,
  count: number,
): Promise<FaultOutcome[]> {
  const env = { PANELPACK_DUCKDB_THREADS: '1' };
  const calibrate = join(deliveries.dir, 'cli-calibrate');
  const started = performance.now();
  await spawnCli(['load', deliveries.v2], { ...env, PANELPACK_WAREHOUSE: calibrate }, undefined);
  const fullMs = performance.now() - started;
  const outcomes: FaultOutcome[] = [];
  for (let i = 0; i < count; i++) {
    const root = join(deliveries.dir, `cli-killed-${i}`);
    const store = new LocalStore(root);
    await loadFile(deliveries.jan, { store, duckdb });
    await loadFile(deliveries.v1, { store, duckdb });
    const before = await store.list('');
    const fraction = 0.25 + (0.8 * i) / Math.max(1, count - 1);
    const exit = await spawnCli(
      ['load', deliveries.v2],
      { ...env, PANELPACK_WAREHOUSE: root },
      fullMs * fraction,
    );
    outcomes.push(
      await judge(
        'panelpack load killed (SIGKILL) at a moment in its run',
        `${Math.round(fraction * 100)}% of an uninterrupted run (${Math.round(fullMs * fraction)} ms)`,
        store,
        deliveries,
        before,
        () => loadFile(deliveries.v2, { store, duckdb }),
        () => localLocks(root),
        exit.signal === 'SIGKILL' ? new Error('killed') : undefined,
      ),
    );
    await rm(root, { recursive: true, force: true });
  }
  return outcomes;
}

/** Runs the CLI from source; kills it with SIGKILL after `killAfterMs` when given. */
function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
  killAfterMs: number | undefined,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const root = packageRoot();
  const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx/esm')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', tsx, join(root, 'bin', 'panelpack.ts'), ...args],
      {
        env: { ...process.env, NODE_OPTIONS: '', ...env },
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}
