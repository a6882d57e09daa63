import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '../../functions/core/synth/index.js';
import { type ChildRun, runCli } from './timing.js';

/** A warehouse holding years of history, and the last month's deliveries as a landing folder. */
export interface History {
  readonly las: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly warehouse: string;
  /** Copies of the `to` month's deliveries (and the benchmarks file), as the monthly job finds them. */
  readonly landing: string;
  readonly files: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly generateMs: number;
  /** `panelpack load` of every generated file into the empty warehouse. */
  readonly bulkLoad: ChildRun;
}

/**
 * Generates `from`..`to` for the LAs and loads all of it with `panelpack load` (the bulk-load
 * figure: per-file costs show here), then copies the last month's files into a landing folder.
 */
export async function buildHistory(options: {
  readonly dir: string;
  readonly las: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly log: (line: string) => void;
}): Promise<History> {
  const extracts = join(options.dir, 'extracts');
  const landing = join(options.dir, 'landing');
  const warehouse = join(options.dir, 'warehouse');
  options.log(`history: generating ${options.las.join(', ')} ${options.from}..${options.to}`);
  const start = performance.now();
  const generated = await generate({
    from: options.from,
    to: options.to,
    outDir: extracts,
    las: options.las,
  });
  const generateMs = performance.now() - start;
  options.log(`history: loading ${generated.files.length} files`);
  const bulkLoad = await runCli(['load', extracts, '--warehouse', warehouse]);
  await mkdir(landing, { recursive: true });
  for (const name of await readdir(extracts)) {
    if (name.endsWith(`_${options.to}.csv`) || name.startsWith('benchmarks')) {
      await copyFile(join(extracts, name), join(landing, name));
    }
  }
  return {
    las: options.las,
    from: options.from,
    to: options.to,
    warehouse,
    landing,
    files: generated.files.length,
    rows: generated.rows,
    generateMs,
    bulkLoad,
  };
}
