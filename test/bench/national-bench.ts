import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packagePath } from '../../functions/core/package-root.js';
import { scratchDir } from './fixtures.js';
import { type ChildRun, runCli } from './timing.js';

export interface NationalFigures {
  readonly measuredOn: string;
  readonly laCount: number;
  readonly from: string;
  readonly to: string;
  readonly workers: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly files: number;
  readonly csvBytes: number;
  readonly warehouseBytes: number;
  readonly generateMs: number;
  /** Every file loaded by `workers` concurrent `panelpack load` processes (disjoint LAs). */
  readonly loadMs: number;
  readonly loadCpuMs: number;
  readonly loadMaxRss: number;
  /** `panelpack tables --month` for every LA, one process. */
  readonly tables: ChildRun;
  /** `panelpack tables --month --la 850` on the national warehouse. */
  readonly tablesOneLa: ChildRun;
}

/** The LAs of the shipped list, Hampshire and the Isle of Wight first. */
async function laCodes(count: number): Promise<string[]> {
  const text = await readFile(packagePath('sql', 'reference', 'la.csv'), 'utf8');
  const codes = text
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[0]!.trim())
    .filter((code) => /^\d{3}$/.test(code));
  const ordered = ['850', '921', ...codes.filter((c) => c !== '850' && c !== '921').sort()];
  if (ordered.length < count) throw new Error(`national: the LA list has only ${ordered.length}`);
  return ordered.slice(0, count);
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Adds up the `wrote N files to DIR: contacts 123, ... rows` lines of `panelpack generate`. */
function generatedRows(runs: readonly ChildRun[]): { rows: Record<string, number>; files: number } {
  const rows: Record<string, number> = {};
  let files = 0;
  for (const run of runs) {
    const line = run.stderr.split('\n').find((l) => l.startsWith('wrote ')) ?? '';
    files += Number(/^wrote (\d+) files/.exec(line)?.[1] ?? 0);
    for (const [, name, count] of line.matchAll(/([a-z0-9_]+) (\d+)(?=,| rows)/g)) {
      rows[name!] = (rows[name!] ?? 0) + Number(count);
    }
  }
  return { rows, files };
}

/**
 * National scale (SPEC 8): `laCount` LAs over `from`..`to` generated, loaded and built on this
 * machine, in a scratch folder deleted afterwards. Generation and loading run in `workers`
 * processes, each on its own LAs (loads of different LAs take different locks).
 */
export async function benchNational(options: {
  readonly laCount: number;
  readonly from: string;
  readonly to: string;
  readonly workers: number;
  readonly keep: boolean;
  readonly log: (line: string) => void;
}): Promise<NationalFigures> {
  const scratch = await scratchDir('national');
  const warehouse = join(scratch.path, 'warehouse');
  try {
    const las = await laCodes(options.laCount);
    const groups = Array.from({ length: options.workers }, (_, w) =>
      las.filter((_, i) => i % options.workers === w),
    );
    const folders = groups.map((_, w) => join(scratch.path, `extracts-${w}`));
    options.log(
      `national: generating ${las.length} LAs ${options.from}..${options.to} in ${scratch.path}`,
    );
    let start = performance.now();
    const generated = await Promise.all(
      groups.map((group, w) =>
        runCli([
          'generate',
          '--from',
          options.from,
          '--to',
          options.to,
          '--la',
          group.join(','),
          '--out',
          folders[w]!,
        ]),
      ),
    );
    const generateMs = performance.now() - start;
    const { rows, files } = generatedRows(generated);
    const csvBytes = (await Promise.all(folders.map(folderBytes))).reduce((a, b) => a + b, 0);
    options.log(
      `national: generated ${files} files (${rows.contacts ?? 0} contacts) in ${Math.round(generateMs / 1000)} s; loading`,
    );
    start = performance.now();
    const loads = await Promise.all(
      folders.map((folder) => runCli(['load', folder, '--warehouse', warehouse])),
    );
    const loadMs = performance.now() - start;
    options.log(`national: loaded in ${Math.round(loadMs / 1000)} s; building every LA's tables`);
    const tables = await runCli(['tables', '--month', options.to, '--warehouse', warehouse]);
    options.log(`national: tables built in ${Math.round(tables.wallMs / 1000)} s`);
    const tablesOneLa = await runCli([
      'tables',
      '--month',
      options.to,
      '--la',
      '850',
      '--warehouse',
      warehouse,
    ]);
    return {
      measuredOn: new Date().toISOString().slice(0, 10),
      laCount: las.length,
      from: options.from,
      to: options.to,
      workers: options.workers,
      rows,
      files,
      csvBytes,
      warehouseBytes: await folderBytes(warehouse),
      generateMs,
      loadMs,
      loadCpuMs: loads.reduce((sum, l) => sum + l.cpuMs, 0),
      loadMaxRss: Math.max(...loads.map((l) => l.maxRssBytes)),
      tables,
      tablesOneLa,
    };
  } finally {
    if (options.keep) options.log(`national: kept ${scratch.path}`);
    else await scratch.remove();
  }
}
