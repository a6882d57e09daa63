import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch folder under the system temp folder, removed by `remove`. */
export interface ScratchDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function scratchDir(name: string): Promise<ScratchDir> {
  const path = await mkdtemp(join(tmpdir(), `panelpack-bench-${name}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Moves the deliveries of `month` (and the benchmarks file) from `from` into `landing`, so the
 * rest of `from` is the history a monthly run starts from.
 */
export async function moveMonth(from: string, month: string, landing: string): Promise<string[]> {
  await mkdir(landing, { recursive: true });
  const moved: string[] = [];
  for (const name of (await readdir(from)).sort()) {
    if (name.endsWith(`_${month}.csv`) || name.startsWith('benchmarks')) {
      await rename(join(from, name), join(landing, name));
      moved.push(name);
    }
  }
  return moved;
}

/** Months from `from` to `to` inclusive, `YYYY-MM`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > to) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}
