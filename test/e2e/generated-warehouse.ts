import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { loadPaths } from '../../functions/core/load/index.js';
import { silentLogger } from '../../functions/core/logger.js';
import { createReferenceTables } from '../../functions/core/reference/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { generate } from '../../functions/core/synth/index.js';
import { buildReportTables } from '../../functions/core/tables/index.js';
import { knownLaCodes } from '../../functions/core/workspace.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A warehouse made the way a council's is: extracts generated, loaded, report tables built. */
export interface GeneratedWarehouse {
  readonly dir: string;
  readonly engine: DuckDBEngine;
  /** The report tables' build month (the last month generated). */
  readonly asOf: string;
  close(): Promise<void>;
}

/**
 * Generates synthetic extracts for `las` from `from` to `to` (a fifth of the real volumes),
 * loads them with the real loader, builds every report table as at `to`, and opens a DuckDB
 * engine over the result with the reference tables, as `panelpack sql` sees it.
 */
export async function generatedWarehouse(options: {
  readonly from: string;
  readonly to: string;
  readonly las: readonly string[];
}): Promise<GeneratedWarehouse> {
  const dir = await tempDir('panelpack-warehouse-');
  const duckdb = await DuckDBInstance.create(':memory:', { threads: '2' });
  try {
    const landing = join(dir.path, 'landing');
    const warehouse = join(dir.path, 'warehouse');
    await generate({ ...options, outDir: landing, seed: 11, scale: 0.2 });
    const store = new LocalStore(warehouse);
    const loads = await loadPaths([landing], {
      store,
      duckdb,
      logger: silentLogger,
      knownLaCodes: await knownLaCodes(),
    });
    const failed = loads.filter((load) => load.status !== 'loaded');
    if (failed.length > 0) throw new Error(`not loaded: ${failed.map((l) => l.file).join(', ')}`);
    const engine = await DuckDBEngine.open({
      duckdb,
      warehouseDir: warehouse,
      store,
      setup: (connection) => createReferenceTables(connection),
    });
    await buildReportTables({ engine, asOf: options.to });
    await engine.refresh();
    return {
      dir: warehouse,
      engine,
      asOf: options.to,
      async close() {
        await engine.close();
        duckdb.closeSync();
        await dir.remove();
      },
    };
  } catch (error) {
    duckdb.closeSync();
    await dir.remove();
    throw error;
  }
}
