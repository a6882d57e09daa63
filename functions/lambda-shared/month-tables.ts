import { buildReportTables } from '../core/tables/index.js';
import type { Workspace } from '../core/workspace.js';
import type { LambdaSettings } from './lambda-settings.js';

/** What a build did, in counts. */
export interface MonthTablesSummary {
  readonly month: string;
  readonly engine: 'duckdb' | 'athena';
  readonly laCodes: readonly string[];
  /** Report-table partitions written (tables x LAs). */
  readonly builds: number;
  readonly rows: number;
}

/**
 * Builds every report table as at `month` (SPEC 4) for the given LAs, or every LA with data,
 * on the engine the deployment chose: DuckDB over a mirror of the warehouse in /tmp, or
 * Athena over the Glue tables.
 */
export async function buildMonthTables(
  workspace: Workspace,
  settings: LambdaSettings,
  month: string,
  laCodes?: readonly string[],
): Promise<MonthTablesSummary> {
  const engine = await workspace.engineNamed(settings.engine);
  try {
    const built = await buildReportTables({
      engine,
      asOf: month,
      ...(laCodes ? { laCodes } : {}),
      logger: workspace.logger,
    });
    return {
      month,
      engine: settings.engine,
      laCodes: [...new Set(built.map((b) => b.la_code))].sort(),
      builds: built.length,
      rows: built.reduce((sum, b) => sum + b.rows, 0),
    };
  } finally {
    // The workspace closes its own DuckDB engine; an Athena engine is this build's to close.
    if (engine.name === 'athena') await engine.close();
  }
}
