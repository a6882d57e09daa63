import { ALL_EXTRACTS } from '../../functions/core/extracts/index.js';
import { loadPaths } from '../../functions/core/load/index.js';
import { formatResult } from '../../functions/core/output/format-result.js';
import { buildReportTables } from '../../functions/core/tables/index.js';
import type { Workspace } from '../../functions/core/workspace.js';
import type { Terminal } from '../terminal.js';
import { generateCommand } from './generate.js';
import { printRendered, renderEverything, renderLaCodes } from './render.js';

/** The last `count` complete months before `today`, as YYYY-MM. */
export function lastCompleteMonths(today: Date, count: number): { from: string; to: string } {
  const month = (offset: number) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - offset, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  return { from: month(count), to: month(1) };
}

export interface DemoFlags {
  readonly landing: string;
  readonly from: string;
  readonly to: string;
  readonly la: readonly string[];
  /** Where the PDFs go (SPEC 6: `./out/`). */
  readonly out: string;
}

/**
 * `panelpack demo`: a synthetic history for Hampshire and the Isle of Wight, generated into the
 * landing folder, loaded and summarised; then every report table built for the last month, a
 * few of their rows shown, and every report and agenda pack rendered into the output folder.
 */
export async function demoCommand(
  flags: DemoFlags,
  workspace: Workspace,
  terminal: Terminal,
): Promise<number> {
  terminal.err(
    `1/5 generating synthetic extracts ${flags.from} to ${flags.to} for LA ${flags.la.join(', ')}`,
  );
  const generated = await generateCommand(
    { from: flags.from, to: flags.to, out: flags.landing, la: flags.la, seed: 1, scale: 1 },
    terminal,
  );
  terminal.err(`2/5 loading ${generated.files.length} files into ${workspace.store.location}`);
  const results = await loadPaths(
    [flags.landing],
    await workspace.loadContext(),
    (result, done, total) => terminal.progress(`loading ${done}/${total} ${result.file}`),
  );
  terminal.done();
  const notLoaded = results.filter((r) => r.status !== 'loaded');
  for (const result of notLoaded)
    terminal.err(`${result.file}: ${result.message ?? result.status}`);
  terminal.err('3/5 what the warehouse holds now');
  const engine = await workspace.duckdbEngine();
  // Table names come from the extract schemas, not from input.
  const summary = ALL_EXTRACTS.filter((e) => e.kind !== 'reference')
    .map(
      (e) =>
        `SELECT '${e.name}' AS extract, la_code, count(*) AS rows, min(month) AS first_month, max(month) AS last_month, count(DISTINCT month) AS months FROM ${e.name} GROUP BY la_code`,
    )
    .join(' UNION ALL ');
  terminal.out(formatResult(await engine.query(`${summary} ORDER BY extract, la_code`), 'table'));

  terminal.err(`4/5 building the report tables as of ${flags.to}`);
  await buildReportTables({
    engine,
    asOf: flags.to,
    onTable: (t, done, total) =>
      terminal.progress(`building ${done}/${total} ${t.table} ${t.la_code}`),
  });
  terminal.done();
  // The build wrote new report-table partitions: refresh the engine's views over them.
  const tables = await workspace.duckdbEngine();
  const sample = await tables.query(
    'SELECT la_code, month, contacts_total, contacts_new_cases, pct_resolved, contacts_total_3m_avg FROM frontdoor_contacts_monthly WHERE as_of = $as_of ORDER BY la_code, month DESC LIMIT 6',
    { as_of: flags.to },
  );
  terminal.out('frontdoor_contacts_monthly (latest months):');
  terminal.out(formatResult(sample, 'table'));
  const fostering = await tables.query(
    'SELECT la_code, month, households_registered, households_change_12m, pct_reviews_in_timescale, pct_supervision_timely FROM fostering_monthly WHERE as_of = $as_of AND month = (SELECT max(month) FROM fostering_monthly WHERE as_of = $as_of) ORDER BY la_code',
    { as_of: flags.to },
  );
  terminal.out('fostering_monthly (latest month):');
  terminal.out(formatResult(fostering, 'table'));

  terminal.err(`5/5 rendering every report and agenda pack into ${flags.out}`);
  const files = await renderEverything({
    engine: tables,
    las: await renderLaCodes(tables, flags.la),
    asOf: flags.to,
    out: flags.out,
    packs: true,
    terminal,
  });
  terminal.out('PDFs written:');
  printRendered(files, terminal);
  return notLoaded.length > 0 ? 1 : 0;
}
