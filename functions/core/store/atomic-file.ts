/**
 * Publishing a local file so that a reader sees the old content or the new, never a part: the
 * bytes go to a uniquely named temporary file in the same folder (same file system, so the
 * rename cannot degrade into a copy), are flushed to disk, and the temporary file is renamed
 * over the target. A crash leaves at most a stray temporary file, which listings skip.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Where the new content comes from. */
export type AtomicSource =
  | { readonly bytes: Uint8Array | string }
  | { readonly copyOf: string }
  | { readonly chunks: AsyncIterable<Uint8Array> };

const TEMP_NAME = /^\..+\.tmp-[0-9a-f]{16}$/;

/** True for the temporary files {@link writeFileAtomic} leaves behind if it is interrupted. */
export function isTempFileName(fileName: string): boolean {
  return TEMP_NAME.test(fileName);
}

/** Replaces `target` (creating its folder) with the source's content, atomically. */
export async function writeFileAtomic(target: string, source: AtomicSource): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.tmp-${randomBytes(8).toString('hex')}`);
  let handle: FileHandle | undefined = await createTemp(dir, temp);
  try {
    if ('bytes' in source) {
      await handle.writeFile(source.bytes);
    } else if ('chunks' in source) {
      for await (const chunk of source.chunks) await handle.write(chunk);
    } else {
      // copyFile lets the kernel copy (copy_file_range, reflinks) instead of streaming via JS.
      await handle.close();
      handle = undefined;
      await copyFile(source.copyOf, temp);
      handle = await open(temp, 'r+');
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Creates the temporary file, retrying when a concurrent delete removed the freshly made folder
 * between `mkdir` and `open` (deletes prune emptied folders). Once the file exists the folder is
 * no longer empty, so it stays.
 */
async function createTemp(dir: string, temp: string): Promise<FileHandle> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(dir, { recursive: true });
    try {
      return await open(temp, 'wx');
    } catch (error) {
      if (attempt >= 5 || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Makes the rename itself durable; some platforms cannot open folders, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the rename is best effort; the content itself is already synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
