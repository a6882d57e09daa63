import type { LoadResult } from '../../functions/core/load/index.js';
import { loadPaths } from '../../functions/core/load/index.js';
import type { Workspace } from '../../functions/core/workspace.js';
import type { Terminal } from '../terminal.js';

/** One line per file, as SPEC 6 asks: rows read, loaded, rejected, months replaced. */
export function describeLoad(result: LoadResult): string {
  if (result.status === 'rejected') return `${result.file}: REJECTED: ${result.message}`;
  const parts = [
    `${result.rows_read} read`,
    `${result.rows_loaded} loaded`,
    `${result.rows_rejected} rejected`,
    result.months_replaced.length > 0
      ? `replaced ${result.la_code ? `LA ${result.la_code} ` : ''}${result.months_replaced.join(', ')}`
      : result.extract === 'benchmarks' && result.status === 'loaded'
        ? 'merged into benchmarks'
        : 'month NOT replaced (every row rejected)',
  ];
  if (result.columns_dropped.length > 0)
    parts.push(`dropped columns: ${result.columns_dropped.join(', ')}`);
  if (result.rejects_key) parts.push(`reasons in ${result.rejects_key}`);
  return `${result.file}: ${parts.join('; ')}`;
}

/** `panelpack load PATH...`: exit 1 when any file was not loaded. */
export async function loadCommand(
  paths: string[],
  workspace: Workspace,
  terminal: Terminal,
): Promise<number> {
  const results = await loadPaths(paths, await workspace.loadContext(), (result, done, total) => {
    terminal.progress(`loading ${done}/${total} ${result.file}`);
  });
  terminal.done();
  for (const result of results) terminal.out(describeLoad(result));
  const failed = results.filter((r) => r.status !== 'loaded');
  const rows = results.reduce((sum, r) => sum + r.rows_loaded, 0);
  const rejected = results.reduce((sum, r) => sum + r.rows_rejected, 0);
  terminal.err(
    `${results.length} file(s): ${rows} rows loaded, ${rejected} rejected, ${failed.length} file(s) not loaded, into ${workspace.store.location}`,
  );
  if (results.length === 0)
    terminal.err('no .csv or Annex A .xlsx files found under the given paths');
  return failed.length > 0 || results.length === 0 ? 1 : 0;
}
