import { AthenaClient } from '@aws-sdk/client-athena';
import { ENV } from '../core/config.js';
import { AthenaEngine } from '../core/engine/athena-engine.js';
import type { QueryEngine } from '../core/engine/query-engine.js';
import { buildReportTables } from '../core/tables/index.js';
import type { Workspace } from '../core/workspace.js';
import { type LambdaSettings, required } from './lambda-settings.js';

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
 * The engine the deployment chose: DuckDB over a mirror of the warehouse in /tmp, or Athena
 * over the Glue tables (the workgroup enforces where results go).
 */
async function openEngine(
  workspace: Workspace,
  settings: LambdaSettings,
): Promise<{ engine: QueryEngine; close: () => Promise<void> }> {
  if (settings.engine === 'duckdb') {
    // The workspace owns and closes its DuckDB engine.
    return { engine: await workspace.duckdbEngine(), close: async () => {} };
  }
  const core = settings.core;
  const engine = new AthenaEngine({
    client: new AthenaClient(core.region ? { region: core.region } : {}),
    ownsClient: true,
    workgroup: required(core.athenaWorkgroup, ENV.athenaWorkgroup),
    database: required(core.athenaDatabase, ENV.athenaDatabase),
    ...(core.athenaCatalog ? { catalog: core.athenaCatalog } : {}),
    warehouseStore: workspace.store,
    warehouseS3Uri: core.warehouse,
  });
  return { engine, close: () => engine.close() };
}

/** Builds every report table as at `month` (SPEC 4) for the given LAs, or every LA with data. */
export async function buildMonthTables(
  workspace: Workspace,
  settings: LambdaSettings,
  month: string,
  laCodes?: readonly string[],
): Promise<MonthTablesSummary> {
  const { engine, close } = await openEngine(workspace, settings);
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
    await close();
  }
}
