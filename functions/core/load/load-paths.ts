import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type LoadContext, type LoadResult, loadFile } from './load-file.js';

const DELIVERY = /\.(csv|xlsx)$/i;

/** Every delivery file named by `paths` (files as given, folders searched recursively), sorted. */
export async function expandDeliveryPaths(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string, explicit: boolean): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new Error(`${path}: no such file or folder`);
    if (info.isDirectory()) {
      // `~$` files are the lock files Excel keeps beside an open workbook.
      const entries = (await readdir(path))
        .filter((name) => !name.startsWith('.') && !name.startsWith('~$'))
        .sort();
      for (const name of entries) await walk(join(path, name), false);
    } else if (explicit || DELIVERY.test(path)) {
      found.push(path);
    }
  };
  for (const path of paths) await walk(path, true);
  return found;
}

/**
 * Loads every delivery under `paths`, one file at a time (each file takes the lock for its LA,
 * extract and month), reporting progress after each file.
 */
export async function loadPaths(
  paths: readonly string[],
  context: LoadContext,
  onFile?: (result: LoadResult, done: number, total: number) => void,
): Promise<LoadResult[]> {
  const files = await expandDeliveryPaths(paths);
  const results: LoadResult[] = [];
  for (const [done, file] of files.entries()) {
    const result = await loadFile(file, context);
    // A workbook is reported per list and month, as if each were its own CSV delivery.
    for (const one of result.deliveries ?? [result]) {
      results.push(one);
      onFile?.(one, done + 1, files.length);
    }
  }
  return results;
}
