import type { History } from './history.js';
import type { LoadFigures } from './load-bench.js';
import type { Machine } from './machine.js';
import type { MonthlyRunFigures } from './monthly-run-bench.js';
import type { NationalFigures } from './national-bench.js';
import type { RenderFigures } from './render-bench.js';
import { ATHENA_DOLLARS_PER_TB, type ScanFigures } from './scan-bench.js';
import {
  formatBytes,
  formatCount,
  formatMs,
  formatPercent,
  formatSummary,
  type Summary,
} from './stats.js';
import type { TablesFigures } from './tables-bench.js';

/** Everything one `npm run bench` measured; a part is absent when it was not run. */
export interface BenchResults {
  readonly started: Date;
  readonly runs: number;
  readonly machine: Machine;
  readonly load?: LoadFigures;
  readonly history?: History;
  readonly tables?: TablesFigures;
  readonly monthlyRun?: MonthlyRunFigures;
  readonly render?: RenderFigures;
  readonly scan?: ScanFigures;
  /** This run's national figures, or those recorded by an earlier `--national` run. */
  readonly national?: NationalFigures;
  readonly nationalFromEarlierRun?: boolean;
}

/** SPEC 8's targets. */
export const TARGETS = {
  loadRatio: 0.5,
  tablesMs: 2000,
  reportMs: 1500,
  monthlyRunMs: 15_000,
} as const;

const NATIONAL_MARK = 'national-figures';

/** National figures recorded in an earlier BENCHMARKS.md, if any. */
export function recordedNational(markdown: string): NationalFigures | undefined {
  const match = new RegExp(`<!-- ${NATIONAL_MARK} (.*?) -->`).exec(markdown);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]!) as NationalFigures;
  } catch {
    return undefined;
  }
}

const ms = (s: Summary) => formatSummary(s, formatMs);
const rate = (s: Summary) => formatSummary(s, formatCount);
const pct = (s: Summary) => formatSummary(s, formatPercent);
const holds = (ok: boolean) => (ok ? 'yes' : '**no**');
const minutes = (msValue: number) => `${(msValue / 60_000).toFixed(1)} min`;

function headline(r: BenchResults): string[] {
  const rows: string[][] = [];
  if (r.load) {
    rows.push([
      'load >= 50% of DuckDB CSV-to-Parquet rows/s',
      `in process: core \`loadFile\` ${formatPercent(r.load.coreRatio.median)} of DuckDB's COPY (${formatCount(r.load.core.median)} vs ${formatCount(r.load.duckdb.median)} rows/s, ${formatCount(r.load.rows)} rows); as commands: \`panelpack load\` ${formatPercent(r.load.cliProcessRatio.median)} of the same COPY in a fresh Node process`,
      holds(
        r.load.coreRatio.median >= TARGETS.loadRatio &&
          r.load.cliProcessRatio.median >= TARGETS.loadRatio,
      ),
    ]);
  }
  if (r.tables) {
    rows.push([
      'all report tables, 10 years of Hampshire < 2 s',
      `${formatMs(r.tables.wallMs.median)} for ${r.tables.tables} tables (CPU ${formatMs(r.tables.cpuMs.median)})`,
      holds(r.tables.wallMs.median < TARGETS.tablesMs),
    ]);
  }
  if (r.render) {
    const slowest = [...r.render.reports].sort((a, b) => b.warm.median - a.warm.median)[0];
    if (slowest) {
      rows.push([
        'a report PDF < 1.5 s with a warm browser',
        `slowest ${slowest.reportId} ${formatMs(slowest.warm.median)} (Chromium alone ${formatMs(slowest.limit.median)}); cold start ${formatMs(r.render.coldFirstReport.median)}`,
        holds(slowest.warm.median < TARGETS.reportMs),
      ]);
    }
  }
  if (r.monthlyRun) {
    rows.push([
      'the whole monthly `panelpack run` < 15 s',
      `${formatMs(r.monthlyRun.wallMs.median)} (${r.monthlyRun.landingFiles} files, ${r.monthlyRun.pdfs} PDFs)`,
      holds(r.monthlyRun.wallMs.median < TARGETS.monthlyRunMs),
    ]);
  }
  if (r.national) {
    const n = r.national;
    rows.push([
      'national scale loads and builds on this machine',
      `${formatCount(n.rows.contacts ?? 0)} contacts, ${n.laCount} LAs x ${n.from}..${n.to}: load ${minutes(n.loadMs)}, tables ${minutes(n.tables.wallMs)}, peak RSS ${formatBytes(Math.max(n.loadMaxRss, n.tables.maxRssBytes))}${r.nationalFromEarlierRun ? ` (run of ${n.measuredOn})` : ''}`,
      holds(n.tables.code === 0),
    ]);
  }
  if (r.scan) {
    rows.push([
      'Athena cost proxy, one monthly build',
      `${formatBytes(r.scan.pruned)} scanned after pruning vs ${formatBytes(r.scan.fullScan)} full scan (${(r.scan.fullScan / Math.max(r.scan.pruned, 1)).toFixed(0)}x less)`,
      '-',
    ]);
  }
  return [
    '| SPEC 8 target | measured (median) | holds |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function loadSection(l: LoadFigures): string[] {
  return [
    '## Load throughput',
    '',
    `One generated contacts file (\`generate --scale ${l.scale}\`, one month of LA 850): ${formatCount(l.rows)} rows, ${formatBytes(l.bytes)}. Each run times, in turn, DuckDB's own \`COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet)\` (the reference), the same with \`COMPRESSION zstd\` (what the warehouse stores), the core \`loadFile\` into an empty warehouse (header map, hash, lock, typing and every validation rule, Parquet, atomic publish, manifest), \`panelpack load\` end to end (process start included) against the same COPY run by a Node script in a process of its own (\`test/bench/duckdb-copy.ts\`: the same start-up of Node and DuckDB, so the two command-line figures compare like with like), and \`loadFile\` on the same file with one bad row appended, which a clean file's single streamed pass cannot take: it falls back to the full path that names every reject. Ratios are per run against the reference of the same run.`,
    '',
    '| what | rows/s | vs DuckDB | CPU s per million rows |',
    '| --- | --- | --- | --- |',
    `| DuckDB \`read_csv\` -> Parquet (default snappy) | ${rate(l.duckdb)} | 100% | ${formatSummary(l.duckdbCpu, (n) => n.toFixed(2))} |`,
    `| DuckDB \`read_csv\` -> Parquet zstd | ${rate(l.duckdbZstd)} | ${formatPercent(l.duckdbZstd.median / l.duckdb.median)} | |`,
    `| core \`loadFile\` | ${rate(l.core)} | ${pct(l.coreRatio)} | ${formatSummary(l.coreCpu, (n) => n.toFixed(2))} |`,
    `| DuckDB COPY in a fresh Node process | ${rate(l.duckdbProcess)} | ${formatPercent(l.duckdbProcess.median / l.duckdb.median)} | |`,
    `| \`panelpack load\` (CLI) | ${rate(l.cli)} | ${pct(l.cliRatio)}; ${pct(l.cliProcessRatio)} of DuckDB in a fresh process | |`,
    `| core \`loadFile\`, the same file plus one bad last row (full path) | ${rate(l.coreWithReject)} | ${formatPercent(l.coreWithReject.median / l.duckdb.median)} | |`,
    '',
  ];
}

function historySection(h: History): string[] {
  const rows = Object.entries(h.rows)
    .map(([name, n]) => `${name} ${formatCount(n)}`)
    .join(', ');
  return [
    '## History used below',
    '',
    `\`generate\` for LA ${h.las.join(' and ')}, ${h.from} to ${h.to}: ${h.files} files (${rows}), generated in ${formatMs(h.generateMs)}. Loading all of them with one \`panelpack load\` (${h.files} files into an empty warehouse) took ${formatMs(h.bulkLoad.wallMs)} (CPU ${formatMs(h.bulkLoad.cpuMs)}, peak RSS ${formatBytes(h.bulkLoad.maxRssBytes)}): ${formatMs(h.bulkLoad.wallMs / h.files)} per file, the per-file cost the demo and national loads pay. One run, not a median.`,
    '',
  ];
}

function tablesSection(t: TablesFigures): string[] {
  return [
    '## Report tables: 10 years of Hampshire',
    '',
    `\`buildReportTables\` for LA ${t.laCode} as of ${t.asOf}, all ${t.tables} tables, on an open DuckDB engine (as \`run\` uses it), and \`panelpack tables --month ${t.asOf} --la ${t.laCode}\` end to end.`,
    '',
    '| what | wall | CPU | peak RSS |',
    '| --- | --- | --- | --- |',
    `| \`buildReportTables\` | ${ms(t.wallMs)} | ${ms(t.cpuMs)} | |`,
    `| \`panelpack tables\` (CLI) | ${ms(t.cliMs)} | | ${formatSummary(t.cliMaxRss, formatBytes)} |`,
    '',
  ];
}

function nationalSection(n: NationalFigures | undefined, earlier: boolean): string[] {
  const lines = ['## National scale', ''];
  if (!n) {
    lines.push(
      'Not measured yet: `npm run bench -- --national` generates, loads and builds it (about an hour and several GB of temporary files).',
      '',
    );
    return lines;
  }
  const rows = Object.entries(n.rows)
    .map(([name, count]) => `${name} ${formatCount(count)}`)
    .join(', ');
  lines.push(
    `${earlier ? `Recorded by \`npm run bench -- --national\` on ${n.measuredOn} (this run did not repeat it). ` : ''}${n.laCount} LAs, ${n.from} to ${n.to}: ${formatCount(n.files)} files, ${rows}; ${formatBytes(n.csvBytes)} of CSV, ${formatBytes(n.warehouseBytes)} of warehouse. One run each (it takes long); generation and loading in ${n.workers} concurrent processes on disjoint LAs.`,
    '',
    '| step | wall | CPU | peak RSS (per process) |',
    '| --- | --- | --- | --- |',
    `| generate | ${minutes(n.generateMs)} | | |`,
    `| \`panelpack load\` of every file | ${minutes(n.loadMs)} (${formatMs(n.loadMs / Math.max(n.files, 1))} per file) | ${minutes(n.loadCpuMs)} | ${formatBytes(n.loadMaxRss)} |`,
    `| \`panelpack tables --month ${n.to}\`, every LA | ${minutes(n.tables.wallMs)} | ${minutes(n.tables.cpuMs)} | ${formatBytes(n.tables.maxRssBytes)} |`,
    `| \`panelpack tables --month ${n.to} --la 850\` | ${formatMs(n.tablesOneLa.wallMs)} | ${formatMs(n.tablesOneLa.cpuMs)} | ${formatBytes(n.tablesOneLa.maxRssBytes)} |`,
    '',
    `<!-- ${NATIONAL_MARK} ${JSON.stringify({ ...n, tables: { ...n.tables, stdout: '', stderr: '', stderrLines: [] }, tablesOneLa: { ...n.tablesOneLa, stdout: '', stderr: '', stderrLines: [] } })} -->`,
    '',
  );
  return lines;
}

function renderSection(r: RenderFigures): string[] {
  return [
    '## Rendering',
    '',
    `Each report LA ${r.laCode} lists, as of ${r.asOf}. "Warm" is \`renderReports\` for that report alone with an open browser: report tables -> view model -> HTML -> tagged PDF -> files. "Model" and "print" are its two main parts timed alone (\`buildReportModel\`, \`ReportBrowser.pdf\`). The limit is Chromium printing the same HTML with nothing else: a fresh page, \`setContent\`, \`page.pdf\` with the same tagged/outline options, in a browser of its own.`,
    '',
    '| report | pages | warm | model | print | Chromium alone (limit) | warm / limit |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.reports.map(
      (x) =>
        `| ${x.reportId} | ${x.pages} | ${ms(x.warm)} | ${ms(x.model)} | ${ms(x.print)} | ${ms(x.limit)} | ${(x.warm.median / x.limit.median).toFixed(2)} |`,
    ),
    '',
    `Cold start: \`openBrowser()\` ${ms(r.launch)}; launch plus the first report ${ms(r.coldFirstReport)}.`,
    '',
  ];
}

function monthlySection(m: MonthlyRunFigures): string[] {
  return [
    '## The monthly run',
    '',
    `\`panelpack run --month ${m.month}\` end to end on the history above: loads the ${m.landingFiles} files of the month's landing folder (replacing the month), builds every report table for both LAs, renders every report and agenda pack (${m.pdfs} PDFs, a fresh browser each run).`,
    '',
    '| wall | CPU (Node and DuckDB) | CPU with Chrome | peak RSS | start and load / tables / render (median) |',
    '| --- | --- | --- | --- | --- |',
    `| ${ms(m.wallMs)} | ${ms(m.cpuMs)} | ${m.totalCpuMs ? ms(m.totalCpuMs) : 'n/a'} | ${formatSummary(m.maxRss, formatBytes)} | ${formatMs(m.steps.load)} / ${formatMs(m.steps.tables)} / ${formatMs(m.steps.render)} |`,
    '',
  ];
}

function scanSection(s: ScanFigures, national: NationalFigures | undefined): string[] {
  const dollars = (bytes: number) => `$${((bytes / 1e12) * ATHENA_DOLLARS_PER_TB).toFixed(5)}`;
  return [
    '## Athena cost proxy',
    '',
    `What building every report table for LA ${s.laCodes.join(' and ')} as of ${s.asOf} (${s.queries} queries) would scan on Athena, from the warehouse's Parquet files: the partitions left after pruning on \`la_code\` and the month, and within them the column chunks the query reads (DuckDB's plan of the same SQL names them), plus each file's header and footer. Deterministic: one run.`,
    '',
    '| scan | bytes | at $5/TB |',
    '| --- | --- | --- |',
    `| full scan (every file of every extract a query reads) | ${formatBytes(s.fullScan)} | ${dollars(s.fullScan)} |`,
    `| partitions pruned, every column | ${formatBytes(s.partitionsOnly)} | ${dollars(s.partitionsOnly)} |`,
    `| partitions and columns pruned | ${formatBytes(s.pruned)} | ${dollars(s.pruned)} |`,
    `| billed (10 MB minimum per query) | ${formatBytes(s.billed)} | ${dollars(s.billed)} |`,
    `| report tables read by the reports | ${formatBytes(s.reportReads)} | |`,
    '',
    `Per table (pruned / full): ${s.perTable.map((t) => `${t.table} ${formatBytes(t.pruned)} / ${formatBytes(t.full)}`).join(', ')}.`,
    '',
    'Athena bills at least 10 MB a query, so for one LA a monthly build costs what its number of queries costs; pruning is what keeps it there as the warehouse grows.',
    ...(national
      ? [
          `On the national warehouse (${formatBytes(national.warehouseBytes)} of Parquet for ${national.laCount} LAs) an LA's partitions are the same size as here, while a query that is not pruned would read every LA's files of its extracts: the full-scan figure above grows with the number of LAs, the pruned one does not.`,
        ]
      : []),
    '',
  ];
}

/** BENCHMARKS.md from one run's results. */
export function benchmarksMarkdown(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC. Every timed figure is the median of ${r.runs} runs with the range [fastest–slowest]; ratios are per run against a reference measured in the same run. The machine is shared: the 1-minute load average was ${m.loadAverage.map((x) => x.toFixed(1)).join(' at the start and ')} at the end, so expect wide ranges; CPU times are steadier than wall times.`,
    '',
    ...headline(r),
    '',
    '## Machine',
    '',
    `${m.cpu}, ${m.cores} cores, ${formatBytes(m.memoryBytes)} RAM, ${m.os}; Node ${m.node}; ${m.duckdb}; ${m.chromium}.`,
    '',
  ];
  if (r.load) lines.push(...loadSection(r.load));
  if (r.history) lines.push(...historySection(r.history));
  if (r.tables) lines.push(...tablesSection(r.tables));
  lines.push(...nationalSection(r.national, r.nationalFromEarlierRun ?? false));
  if (r.render) lines.push(...renderSection(r.render));
  if (r.monthlyRun) lines.push(...monthlySection(r.monthlyRun));
  if (r.scan) lines.push(...scanSection(r.scan, r.national));
  return `${lines.join('\n').trimEnd()}\n`;
}
