import { appendFile, copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { loadFile } from '../../functions/core/load/index.js';
import { LocalStore } from '../../functions/core/store/index.js';
import { generate } from '../../functions/core/synth/index.js';
import { scratchDir } from './fixtures.js';
import { pairedRatios, type Summary, summarise } from './stats.js';
import { runCli, runNode, timed } from './timing.js';

export interface LoadFigures {
  readonly scale: number;
  readonly rows: number;
  readonly bytes: number;
  /** Rows per second. */
  readonly duckdb: Summary;
  readonly duckdbZstd: Summary;
  readonly core: Summary;
  readonly cli: Summary;
  /** DuckDB's copy in a fresh Node process (start-up included): the reference for `cli`. */
  readonly duckdbProcess: Summary;
  /** The same file with one bad row at its end: every row goes through the full path. */
  readonly coreWithReject: Summary;
  /** Per-run throughput ratios against the plain DuckDB copy of the same run. */
  readonly coreRatio: Summary;
  readonly cliRatio: Summary;
  /** `panelpack load` against DuckDB's copy in a fresh process, both paying for start-up. */
  readonly cliProcessRatio: Summary;
  /** CPU seconds per million rows, in-process (all DuckDB threads). */
  readonly duckdbCpu: Summary;
  readonly coreCpu: Summary;
}

const here = dirname(fileURLToPath(import.meta.url));

const literal = (path: string) => `'${path.replaceAll("'", "''")}'`;

/**
 * Load throughput on one large contacts file: DuckDB's own CSV-to-Parquet copy (the reference
 * SPEC 8 names, with its default compression and with zstd as panelpack writes), the core
 * `loadFile` into an empty warehouse, and `panelpack load` end to end (process start included).
 * The four are interleaved in every run so that other work on the machine hits them alike.
 */
export async function benchLoad(options: {
  readonly runs: number;
  readonly scale: number;
  readonly log: (line: string) => void;
}): Promise<LoadFigures> {
  const scratch = await scratchDir('load');
  try {
    options.log(`load: generating contacts for one month at --scale ${options.scale}`);
    await generate({
      from: '2019-11',
      to: '2019-11',
      outDir: join(scratch.path, 'landing'),
      las: ['850'],
      scale: options.scale,
    });
    const file = join(scratch.path, 'landing', 'contacts_850_2019-11.csv');
    const bytes = (await stat(file)).size;
    // The same rows and one more whose contact_date is not a date: the fast path fails at the
    // last row and the full path (every check of every row into a table, rejects named) runs.
    const withReject = join(scratch.path, 'rejects', 'contacts_850_2019-11.csv');
    await mkdir(join(scratch.path, 'rejects'));
    await copyFile(file, withReject);
    await appendFile(withReject, 'CT-BAD,CH-BAD,not-a-date,6,new,closed,male,2010-01-01\n');
    const duckdb = await openDuckDB();
    const connection = await duckdb.connect();
    const coreDb = await openDuckDB();
    const samples = {
      duckdb: [] as number[],
      duckdbZstd: [] as number[],
      core: [] as number[],
      cli: [] as number[],
      duckdbProcess: [] as number[],
      coreWithReject: [] as number[],
      duckdbCpu: [] as number[],
      coreCpu: [] as number[],
    };
    let rows = 0;
    const target = join(scratch.path, 'duckdb.parquet');
    const warehouse = join(scratch.path, 'warehouse');
    try {
      for (let run = 1; run <= options.runs; run++) {
        const plain = await timed(() =>
          connection.run(
            `COPY (SELECT * FROM read_csv(${literal(file)})) TO ${literal(target)} (FORMAT parquet)`,
          ),
        );
        const zstd = await timed(() =>
          connection.run(
            `COPY (SELECT * FROM read_csv(${literal(file)})) TO ${literal(target)} (FORMAT parquet, COMPRESSION zstd)`,
          ),
        );
        await rm(warehouse, { recursive: true, force: true });
        const core = await timed(() =>
          loadFile(file, { store: new LocalStore(warehouse), duckdb: coreDb }),
        );
        if (core.value.status !== 'loaded') throw new Error(`load: ${core.value.message}`);
        rows = core.value.rows_read;
        const separate = await runNode(join(here, 'duckdb-copy.js'), [file, target]);
        if (separate.code !== 0) throw new Error(`load: duckdb-copy failed: ${separate.stderr}`);
        await rm(warehouse, { recursive: true, force: true });
        const cli = await runCli(['load', file, '--warehouse', warehouse]);
        await rm(warehouse, { recursive: true, force: true });
        const full = await timed(() =>
          loadFile(withReject, { store: new LocalStore(warehouse), duckdb: coreDb }),
        );
        if (full.value.rows_rejected !== 1) throw new Error('load: the bad row was not rejected');
        await rm(warehouse, { recursive: true, force: true });
        samples.duckdb.push(rows / (plain.wallMs / 1000));
        samples.duckdbZstd.push(rows / (zstd.wallMs / 1000));
        samples.core.push(rows / (core.wallMs / 1000));
        samples.cli.push(rows / (cli.wallMs / 1000));
        samples.duckdbProcess.push(rows / (separate.wallMs / 1000));
        samples.coreWithReject.push(full.value.rows_read / (full.wallMs / 1000));
        samples.duckdbCpu.push(plain.cpuMs / 1000 / (rows / 1e6));
        samples.coreCpu.push(core.cpuMs / 1000 / (rows / 1e6));
        options.log(
          `load run ${run}/${options.runs}: duckdb ${Math.round(plain.wallMs)} ms, zstd ${Math.round(zstd.wallMs)} ms, core ${Math.round(core.wallMs)} ms, duckdb process ${Math.round(separate.wallMs)} ms, cli ${Math.round(cli.wallMs)} ms, with a reject ${Math.round(full.wallMs)} ms`,
        );
      }
    } finally {
      connection.closeSync();
      duckdb.closeSync();
      coreDb.closeSync();
    }
    return {
      scale: options.scale,
      rows,
      bytes,
      duckdb: summarise(samples.duckdb),
      duckdbZstd: summarise(samples.duckdbZstd),
      core: summarise(samples.core),
      cli: summarise(samples.cli),
      duckdbProcess: summarise(samples.duckdbProcess),
      coreWithReject: summarise(samples.coreWithReject),
      coreRatio: summarise(pairedRatios(samples.core, samples.duckdb)),
      cliRatio: summarise(pairedRatios(samples.cli, samples.duckdb)),
      cliProcessRatio: summarise(pairedRatios(samples.cli, samples.duckdbProcess)),
      duckdbCpu: summarise(samples.duckdbCpu),
      coreCpu: summarise(samples.coreCpu),
    };
  } finally {
    await scratch.remove();
  }
}
