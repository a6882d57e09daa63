import { ALL_EXTRACTS } from '../../functions/core/extracts/index.js';
import { loadPaths } from '../../functions/core/load/index.js';
import { formatResult } from '../../functions/core/output/format-result.js';
import type { Workspace } from '../../functions/core/workspace.js';
import type { Terminal } from '../terminal.js';
import { generateCommand } from './generate.js';

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
}

/**
 * `panelpack demo`: a synthetic history for Hampshire and the Isle of Wight, generated into the
 * landing folder, loaded, and summarised through the query engine.
 */
export async function demoCommand(
  flags: DemoFlags,
  workspace: Workspace,
  terminal: Terminal,
): Promise<number> {
  terminal.err(
    `1/3 generating synthetic extracts ${flags.from} to ${flags.to} for LA ${flags.la.join(', ')}`,
  );
  const generated = await generateCommand(
    { from: flags.from, to: flags.to, out: flags.landing, la: flags.la, seed: 1, scale: 1 },
    terminal,
  );
  terminal.err(`2/3 loading ${generated.files.length} files into ${workspace.store.location}`);
  const results = await loadPaths(
    [flags.landing],
    await workspace.loadContext(),
    (result, done, total) => terminal.progress(`loading ${done}/${total} ${result.file}`),
  );
  terminal.done();
  const notLoaded = results.filter((r) => r.status !== 'loaded');
  for (const result of notLoaded)
    terminal.err(`${result.file}: ${result.message ?? result.status}`);
  terminal.err('3/3 what the warehouse holds now');
  const engine = await workspace.duckdbEngine();
  // Table names come from the extract schemas, not from input.
  const summary = ALL_EXTRACTS.filter((e) => e.kind !== 'reference')
    .map(
      (e) =>
        `SELECT '${e.name}' AS extract, la_code, count(*) AS rows, min(month) AS first_month, max(month) AS last_month, count(DISTINCT month) AS months FROM ${e.name} GROUP BY la_code`,
    )
    .join(' UNION ALL ');
  terminal.out(formatResult(await engine.query(`${summary} ORDER BY extract, la_code`), 'table'));
  return notLoaded.length > 0 ? 1 : 0;
}
