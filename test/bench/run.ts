/**
 * `npm run bench`: measures panelpack against the limits SPEC 8 sets and writes BENCHMARKS.md.
 * Never part of `npm test`. Options:
 *   --runs N          runs per figure (default 5, at least 5 for the published file)
 *   --only a,b        load, tables, run, render, scan, national (default all but national;
 *                     tables, run, render and scan share one generated history)
 *   --load-scale X    --scale of the load benchmark's contacts file (default 200: ~1.7 M rows)
 *   --from YYYY-MM    first month of the histories (default 2015-01: ten years to 2024-12)
 *   --national        also generate, load and build national scale (150 LAs x 10 years; about an
 *                     hour, several GB under the temp folder, deleted afterwards); without it the
 *                     national figures of the previous BENCHMARKS.md are kept
 *   --national-las N  LAs in the national run (default 150)
 *   --keep            keep the national scratch folder
 *   --out FILE        default BENCHMARKS.md in the package root
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packagePath } from '../../functions/core/package-root.js';
import { buildReportTables } from '../../functions/core/tables/index.js';
import { scratchDir } from './fixtures.js';
import { buildHistory, type History } from './history.js';
import { benchLoad } from './load-bench.js';
import { readMachine } from './machine.js';
import { benchMonthlyRun } from './monthly-run-bench.js';
import { benchNational } from './national-bench.js';
import { benchRender } from './render-bench.js';
import { type BenchResults, benchmarksMarkdown, recordedNational } from './report.js';
import { benchScan } from './scan-bench.js';
import { benchTables, openEngine } from './tables-bench.js';

const PARTS = ['load', 'tables', 'run', 'render', 'scan'] as const;
/** Parts `--only` may name; national runs only when named or with `--national`. */
const ALL_PARTS = [...PARTS, 'national'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
      'load-scale': { type: 'string', default: '200' },
      from: { type: 'string', default: '2015-01' },
      national: { type: 'boolean', default: false },
      'national-las': { type: 'string', default: '150' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: a whole number`);
  const only = new Set(values.only ? values.only.split(',') : PARTS);
  for (const part of only) {
    if (!ALL_PARTS.includes(part as (typeof ALL_PARTS)[number])) {
      throw new Error(`--only: unknown ${part}`);
    }
  }
  const out = values.out ?? packagePath('BENCHMARKS.md');
  if (values.out === undefined && runs < 5) {
    throw new Error(
      `--runs ${runs}: BENCHMARKS.md gives medians of at least 5 runs (write fewer with --out FILE)`,
    );
  }
  const started = new Date();
  const log = (line: string) =>
    process.stderr.write(`[${((Date.now() - started.getTime()) / 1000).toFixed(0)} s] ${line}\n`);

  const machine = await readMachine();
  log(`machine: ${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverage[0]}`);
  const previous = await readFile(out, 'utf8').catch(() => '');
  const results: { -readonly [K in keyof BenchResults]: BenchResults[K] } = {
    started,
    runs,
    machine,
  };

  if (only.has('load')) {
    results.load = await benchLoad({ runs, scale: Number(values['load-scale']), log });
  }
  if (['tables', 'run', 'render', 'scan'].some((p) => only.has(p))) {
    const scratch = await scratchDir('history');
    try {
      const history: History = await buildHistory({
        dir: scratch.path,
        las: ['850', '921'],
        from: values.from,
        to: '2024-12',
        log,
      });
      results.history = history;
      const landingFiles = (await readdir(history.landing)).length;
      if (only.has('run')) {
        results.monthlyRun = await benchMonthlyRun({
          history,
          landingFiles,
          out: join(scratch.path, 'out'),
          runs,
          log,
        });
      }
      if (only.has('tables')) {
        results.tables = await benchTables({ history, laCode: '850', runs, log });
      }
      if (only.has('render') || only.has('scan')) {
        const opened = await openEngine(history.warehouse);
        try {
          // The render and scan figures read report tables that `run` builds; build them if it did not.
          if (!only.has('run'))
            await buildReportTables({ engine: opened.engine, asOf: history.to });
          await opened.engine.refresh();
          if (only.has('render')) {
            results.render = await benchRender({
              engine: opened.engine,
              laCode: '850',
              asOf: history.to,
              out: join(scratch.path, 'render-out'),
              runs,
              log,
            });
          }
          if (only.has('scan')) {
            results.scan = await benchScan({
              engine: opened.engine,
              warehouse: history.warehouse,
              laCodes: history.las,
              asOf: history.to,
              scratch: scratch.path,
            });
          }
        } finally {
          await opened.close();
        }
      }
    } finally {
      await scratch.remove();
    }
  }
  if (values.national || only.has('national')) {
    results.national = await benchNational({
      laCount: Number(values['national-las']),
      from: values.from,
      to: '2024-12',
      workers: 2,
      keep: values.keep,
      log,
    });
  } else {
    const earlier = recordedNational(previous);
    if (earlier) {
      results.national = earlier;
      results.nationalFromEarlierRun = true;
    }
  }
  results.machine = { ...machine, loadAverage: [...machine.loadAverage, loadavg()[0]!] };
  const notes = await readFile(packagePath('test', 'bench', 'notes.md'), 'utf8').catch(() => '');
  await writeFile(out, benchmarksMarkdown(results) + (notes ? `\n${notes.trim()}\n` : ''));
  log(`wrote ${out}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
