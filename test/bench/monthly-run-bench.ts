import { rm } from 'node:fs/promises';
import type { History } from './history.js';
import { type Summary, summarise } from './stats.js';
import { type ChildRun, runCli } from './timing.js';

export interface MonthlyRunFigures {
  readonly month: string;
  readonly landingFiles: number;
  readonly pdfs: number;
  readonly wallMs: Summary;
  readonly cpuMs: Summary;
  /** CPU time of Node, DuckDB and the Chrome processes together, where the OS reports Chrome's. */
  readonly totalCpuMs: Summary | undefined;
  readonly maxRss: Summary;
  /** Median time of each step, from when the run printed its step headings. */
  readonly steps: { readonly load: number; readonly tables: number; readonly render: number };
}

/** Splits a run's wall time at its `1/3`, `2/3`, `3/3` headings. */
function steps(run: ChildRun): { load: number; tables: number; render: number } {
  const at = (prefix: string) => run.stderrLines.find((l) => l.text.startsWith(prefix))?.ms ?? 0;
  const tables = at('2/3');
  const render = at('3/3');
  return { load: tables, tables: render - tables, render: run.wallMs - render };
}

/** `panelpack run --month` end to end on the history's warehouse with its last month landed. */
export async function benchMonthlyRun(options: {
  readonly history: History;
  readonly landingFiles: number;
  readonly out: string;
  readonly runs: number;
  readonly log: (line: string) => void;
}): Promise<MonthlyRunFigures> {
  const { history } = options;
  const runs: ChildRun[] = [];
  for (let run = 1; run <= options.runs; run++) {
    await rm(options.out, { recursive: true, force: true });
    const child = await runCli([
      'run',
      '--month',
      history.to,
      '--landing',
      history.landing,
      '--out',
      options.out,
      '--warehouse',
      history.warehouse,
    ]);
    runs.push(child);
    const s = steps(child);
    options.log(
      `monthly run ${run}/${options.runs}: ${Math.round(child.wallMs)} ms (load ${Math.round(s.load)}, tables ${Math.round(s.tables)}, render ${Math.round(s.render)})`,
    );
  }
  const split = runs.map(steps);
  return {
    month: history.to,
    landingFiles: options.landingFiles,
    pdfs: runs[0]!.stdout.split('\n').filter((l) => l.includes('.pdf')).length,
    wallMs: summarise(runs.map((r) => r.wallMs)),
    cpuMs: summarise(runs.map((r) => r.cpuMs)),
    totalCpuMs: runs.every((r) => r.childrenCpuMs !== undefined)
      ? summarise(runs.map((r) => r.cpuMs + r.childrenCpuMs!))
      : undefined,
    maxRss: summarise(runs.map((r) => r.maxRssBytes)),
    steps: {
      load: summarise(split.map((s) => s.load)).median,
      tables: summarise(split.map((s) => s.tables)).median,
      render: summarise(split.map((s) => s.render)).median,
    },
  };
}
