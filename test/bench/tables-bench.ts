import { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { createReferenceTables } from '../../functions/core/reference/index.js';
import { LocalStore } from '../../functions/core/store/index.js';
import { buildReportTables } from '../../functions/core/tables/index.js';
import type { History } from './history.js';
import { type Summary, summarise } from './stats.js';
import { runCli, timed } from './timing.js';

export interface TablesFigures {
  readonly laCode: string;
  readonly asOf: string;
  readonly tables: number;
  /** `buildReportTables` for every report table of the LA, on an open engine. */
  readonly wallMs: Summary;
  readonly cpuMs: Summary;
  /** `panelpack tables --month --la` end to end (process start, views, build). */
  readonly cliMs: Summary;
  readonly cliMaxRss: Summary;
}

/** Opens a DuckDB engine over a local warehouse as the CLI does (reference tables included). */
export async function openEngine(
  warehouse: string,
): Promise<{ engine: DuckDBEngine; close: () => Promise<void> }> {
  const duckdb = await openDuckDB();
  const engine = await DuckDBEngine.open({
    duckdb,
    warehouseDir: warehouse,
    store: new LocalStore(warehouse),
    setup: (connection) => createReferenceTables(connection),
  });
  return {
    engine,
    close: async () => {
      await engine.close();
      duckdb.closeSync();
    },
  };
}

/** Every report table for one LA as at the history's last month: SPEC 8's "< 2 s" figure. */
export async function benchTables(options: {
  readonly history: History;
  readonly laCode: string;
  readonly runs: number;
  readonly log: (line: string) => void;
}): Promise<TablesFigures> {
  const { history, laCode } = options;
  const { engine, close } = await openEngine(history.warehouse);
  const wall: number[] = [];
  const cpu: number[] = [];
  const cli: number[] = [];
  const rss: number[] = [];
  let tables = 0;
  try {
    for (let run = 1; run <= options.runs; run++) {
      const build = await timed(() =>
        buildReportTables({ engine, asOf: history.to, laCodes: [laCode] }),
      );
      tables = build.value.length;
      wall.push(build.wallMs);
      cpu.push(build.cpuMs);
      const child = await runCli([
        'tables',
        '--month',
        history.to,
        '--la',
        laCode,
        '--warehouse',
        history.warehouse,
      ]);
      cli.push(child.wallMs);
      rss.push(child.maxRssBytes);
      options.log(
        `tables run ${run}/${options.runs}: build ${Math.round(build.wallMs)} ms (cpu ${Math.round(build.cpuMs)} ms), cli ${Math.round(child.wallMs)} ms`,
      );
    }
  } finally {
    await close();
  }
  return {
    laCode,
    asOf: history.to,
    tables,
    wallMs: summarise(wall),
    cpuMs: summarise(cpu),
    cliMs: summarise(cli),
    cliMaxRss: summarise(rss),
  };
}
