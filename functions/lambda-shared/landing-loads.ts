import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../core/config.js';
import { type LoadResult, loadFile } from '../core/load/index.js';
import type { ObjectStore } from '../core/store/index.js';
import { parseS3Location, type S3Location, storeKeyOf } from '../core/store/s3-location.js';
import type { Workspace } from '../core/workspace.js';
import { openLocation } from './open-location.js';
import { publishReferenceTables } from './reference-publish.js';

/** Landing, as the ingest function sees it. */
export interface Landing {
  readonly store: ObjectStore;
  readonly location: S3Location;
}

/** What a monthly load did, in counts (the step's output and the clerks' message use it). */
export interface MonthLoadSummary {
  readonly month: string;
  readonly files: number;
  readonly loaded: number;
  /** Files read but not published because every row was rejected. */
  readonly notReplaced: number;
  /** Files rejected whole (unreadable, unknown name, missing column). */
  readonly rejected: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
}

/** S3 notifications URL-encode keys (a space as `+`); a key may arrive either way. */
function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** Copies a landing object to a fresh temp folder under its own file name, then runs `work`. */
async function withLocalCopy<T>(
  landing: Landing,
  keys: readonly string[],
  work: (path: string) => Promise<T>,
): Promise<T | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'panelpack-landing-'));
  try {
    for (const key of new Set(keys)) {
      const path = join(dir, basename(key));
      if (await landing.store.getFile(key, path)) return await work(path);
    }
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Loads the delivery an upload event names (SPEC 3: the file replaces that LA's month).
 * Returns undefined, having logged why, for an object that is not a landing delivery (another
 * bucket, outside the prefix, a folder marker) or that was deleted before it could be read:
 * retrying those would never succeed.
 */
export async function loadLandingObject(
  landing: Landing,
  workspace: Workspace,
  object: { readonly bucket: string; readonly key: string },
): Promise<LoadResult | undefined> {
  const candidates = [object.key, decodedKey(object.key)]
    .map((key) => storeKeyOf(landing.location, object.bucket, key))
    .filter((key): key is string => key !== undefined && !key.endsWith('/'));
  if (candidates.length === 0) {
    workspace.logger.warn('not a landing delivery; ignored', { bucket: object.bucket });
    return undefined;
  }
  const context = await workspace.loadContext();
  const result = await withLocalCopy(landing, candidates, (path) => loadFile(path, context));
  if (!result) {
    workspace.logger.warn('delivery deleted before it was loaded', {
      file: basename(candidates[0]!),
    });
  }
  return result;
}

/**
 * The monthly job's load step: (re)loads every LA delivery in landing for `month`, so the
 * month is complete even if an upload event was lost, and republishes the reference tables
 * for Athena. Loads replace, so files already loaded on upload load again to the same result.
 * Analysts' benchmarks are left to their upload events: reloading an old benchmarks file
 * could undo a later correction.
 */
export async function loadLandingMonth(
  landing: Landing,
  workspace: Workspace,
  month: string,
): Promise<MonthLoadSummary> {
  const ofMonth = new RegExp(`_\\d{3}_${month}\\.(csv|xlsx)$`, 'i');
  const keys = (await landing.store.list(''))
    .map((object) => object.key)
    .filter((key) => ofMonth.test(basename(key)));
  const context = await workspace.loadContext();
  const results: LoadResult[] = [];
  for (const key of keys) {
    const result = await withLocalCopy(landing, [key], (path) => loadFile(path, context));
    if (result) results.push(result);
  }
  await publishReferenceTables(workspace);
  const count = (status: LoadResult['status']) => results.filter((r) => r.status === status).length;
  const summary: MonthLoadSummary = {
    month,
    files: results.length,
    loaded: count('loaded'),
    notReplaced: count('not_replaced'),
    rejected: count('rejected'),
    rowsLoaded: results.reduce((sum, r) => sum + r.rows_loaded, 0),
    rowsRejected: results.reduce((sum, r) => sum + r.rows_rejected, 0),
  };
  workspace.logger.info('monthly load', { ...summary });
  return summary;
}

/** The `Object Created` event S3 sends to EventBridge, as far as ingest reads it. */
export const objectCreatedEvent = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1) }),
  }),
});

/** Opens landing from its `s3://bucket/prefix` setting. */
export function openLanding(location: string, settings: Settings): Landing {
  return { store: openLocation(location, settings), location: parseS3Location(location) };
}
