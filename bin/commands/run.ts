import { existsSync } from 'node:fs';
import { loadPaths } from '../../functions/core/load/index.js';
import { buildReportTables } from '../../functions/core/tables/index.js';
import type { Workspace } from '../../functions/core/workspace.js';
import type { Terminal } from '../terminal.js';
import { UserError } from '../terminal.js';
import { describeLoad } from './load.js';
import { printRendered, renderEverything, renderLaCodes } from './render.js';

export interface RunFlags {
  readonly month: string;
  readonly landing: string;
  readonly out: string;
  readonly la?: readonly string[];
  /** Published papers: statistical disclosure control on (docs/security.md). */
  readonly publish?: boolean;
}

/**
 * `panelpack run --month`: the monthly job on one machine. Loads what is in the landing
 * folder, builds every report table as at the month, renders every report and every
 * committee's agenda pack. Exit 1 when a file did not load (the rest still runs, as the
 * published papers should not wait on one bad extract), or when a step fails.
 */
export async function runCommand(
  flags: RunFlags,
  workspace: Workspace,
  terminal: Terminal,
): Promise<number> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(flags.month)) {
    throw new UserError(`--month ${flags.month}: expected YYYY-MM`);
  }
  let failedFiles = 0;
  if (existsSync(flags.landing)) {
    terminal.err(`1/3 loading ${flags.landing}`);
    const results = await loadPaths(
      [flags.landing],
      await workspace.loadContext(),
      (result, done, total) => terminal.progress(`loading ${done}/${total} ${result.file}`),
    );
    terminal.done();
    for (const result of results.filter((r) => r.status !== 'loaded')) {
      terminal.err(describeLoad(result));
    }
    failedFiles = results.filter((r) => r.status !== 'loaded').length;
    terminal.err(`   ${results.length - failedFiles} of ${results.length} file(s) loaded`);
  } else {
    terminal.err(`1/3 no landing folder ${flags.landing}: nothing new to load`);
  }

  let engine = await workspace.duckdbEngine();
  terminal.err(`2/3 building report tables as of ${flags.month}`);
  await buildReportTables({
    engine,
    asOf: flags.month,
    ...(flags.la && flags.la.length > 0 ? { laCodes: flags.la } : {}),
    onTable: (t, done, total) =>
      terminal.progress(`building ${done}/${total} ${t.table} ${t.la_code}`),
  });
  terminal.done();
  // The build added report-table partitions: the engine's views must see them.
  engine = await workspace.duckdbEngine();
  const las = await renderLaCodes(engine, flags.la);

  terminal.err(`3/3 rendering reports and agenda packs into ${flags.out}`);
  const files = await renderEverything({
    engine,
    las,
    asOf: flags.month,
    out: flags.out,
    packs: true,
    terminal,
    ...(flags.publish ? { publish: true } : {}),
  });
  printRendered(files, terminal);
  if (failedFiles > 0) {
    terminal.err(
      `${failedFiles} file(s) did not load: see the messages above, fix them and run again`,
    );
    return 1;
  }
  return 0;
}
