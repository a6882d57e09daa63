import type { QueryEngine } from '../../functions/core/engine/query-engine.js';
import { buildReportTables } from '../../functions/core/tables/index.js';
import type { Terminal } from '../terminal.js';
import { UserError } from '../terminal.js';

export interface TablesFlags {
  readonly month: string;
  readonly la?: readonly string[];
}

/** `panelpack tables --month`: builds every report table and prints rows per table and LA. */
export async function tablesCommand(
  flags: TablesFlags,
  engine: QueryEngine,
  terminal: Terminal,
): Promise<number> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(flags.month))
    throw new UserError(`--month ${flags.month}: expected YYYY-MM`);
  const built = await buildReportTables({
    engine,
    asOf: flags.month,
    ...(flags.la ? { laCodes: flags.la } : {}),
    onTable: (table, done, total) =>
      terminal.progress(`building ${done}/${total} ${table.table} ${table.la_code}`),
  });
  terminal.done();
  if (built.length === 0) {
    terminal.err('nothing to build: the warehouse holds no extract data (load some first)');
    return 1;
  }
  const width = Math.max(...built.map((b) => b.table.length));
  for (const b of built)
    terminal.out(
      `${b.table.padEnd(width)}  LA ${b.la_code}  as_of ${b.as_of}  ${String(b.rows).padStart(6)} rows`,
    );
  return 0;
}
