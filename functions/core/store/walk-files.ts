import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isTempFileName } from './atomic-file.js';

/**
 * Yields the `/`-separated keys of the regular files below `root`, starting at the folder
 * `startDir` (a key-style path; '' for the root), in no particular order. Interrupted atomic
 * writes are skipped; a missing start folder yields nothing.
 */
export async function* walkFiles(root: string, startDir = ''): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await readdir(path.join(root, ...startDir.split('/')), { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw error;
  }
  for (const entry of entries) {
    const key = startDir === '' ? entry.name : `${startDir}/${entry.name}`;
    if (entry.isDirectory()) {
      yield* walkFiles(root, key);
    } else if (entry.isFile() && !isTempFileName(entry.name)) {
      yield key;
    }
  }
}
