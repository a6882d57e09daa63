import { readFile, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { compileSqlModel, loadSqlModels } from '../../functions/core/engine/sql-models.js';
import {
  isReportId,
  loadReportConfig,
  reportDefinition,
} from '../../functions/core/reports/index.js';
import { LocalStore } from '../../functions/core/store/index.js';
import { reportTablePrefix } from '../../functions/core/tables/index.js';

/** Athena bills at least this much per query. */
export const ATHENA_MINIMUM_BYTES = 10 * 1024 * 1024;
/** Athena's price per TB scanned (us-east-1, eu-west-2), dollars. */
export const ATHENA_DOLLARS_PER_TB = 5;

export interface ScanFigures {
  readonly laCodes: readonly string[];
  readonly asOf: string;
  /** Report-table builds: one query per table per LA. */
  readonly queries: number;
  /** Bytes read with partition pruning (LA and months) and column pruning: what Athena bills. */
  readonly pruned: number;
  /** Bytes of the pruned partitions, every column. */
  readonly partitionsOnly: number;
  /** Bytes of every file of every extract each query reads: no pruning at all. */
  readonly fullScan: number;
  /** Bytes billed once Athena's 10 MB minimum per query is applied. */
  readonly billed: number;
  /** Report-table partitions the reports read when rendering (every column). */
  readonly reportReads: number;
  readonly perTable: readonly {
    readonly table: string;
    readonly pruned: number;
    readonly full: number;
  }[];
}

interface ScanNode {
  readonly extract: string;
  readonly columns: readonly string[];
}

const HIVE_COLUMNS = new Set(['la_code', 'month', 'as_of', 'filename']);

/** Parquet scans of a DuckDB JSON profile: which extract and which columns each read. */
function scans(profile: unknown, warehouse: string): ScanNode[] {
  const found: ScanNode[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node.operator_name === 'READ_PARQUET') {
      const info = node.extra_info as Record<string, unknown>;
      const first = String(info['Filename(s)'] ?? '')
        .split(',')[0]!
        .trim();
      const relative = first.startsWith(warehouse) ? first.slice(warehouse.length + 1) : first;
      const extract = relative.split(sep)[0]!;
      const projections = info.Projections;
      const columns = (Array.isArray(projections) ? projections : [projections]).map(String);
      if (first) found.push({ extract, columns: columns.filter((c) => !HIVE_COLUMNS.has(c)) });
    }
    for (const child of (node.children as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(profile as Record<string, unknown>);
  return found;
}

/**
 * The Athena cost proxy: for each report table of a monthly run, the Parquet it would scan after
 * partition pruning (the LA's months up to the build month) and column pruning (the columns the
 * query reads, as DuckDB's plan of the same SQL projects them), against scanning every file of
 * every extract it reads. Sizes come from the files' own Parquet metadata.
 */
export async function benchScan(options: {
  readonly engine: DuckDBEngine;
  readonly warehouse: string;
  readonly laCodes: readonly string[];
  readonly asOf: string;
  readonly scratch: string;
}): Promise<ScanFigures> {
  const { engine, warehouse, asOf } = options;
  const models = await loadSqlModels();
  const reports = [...models.values()].filter((m) => m.layer === 'reports').map((m) => m.name);
  const store = new LocalStore(warehouse);
  const duckdb = await openDuckDB();
  const connection = await duckdb.connect();
  const profileFile = join(options.scratch, 'profile.json');
  const files = new Map<string, { key: string; size: number }[]>();
  const extractFiles = async (extract: string) => {
    if (!files.has(extract)) {
      const objects = (await store.list(`${extract}/`)).filter((o) => o.key.endsWith('.parquet'));
      files.set(
        extract,
        objects.map((o) => ({ key: o.key, size: o.size })),
      );
    }
    return files.get(extract)!;
  };
  const columnBytes = new Map<string, Map<string, number>>();
  const bytesOf = async (paths: readonly string[]) => {
    const missing = paths.filter((p) => !columnBytes.has(p));
    if (missing.length > 0) {
      const rows = (
        await connection.runAndReadAll(
          'SELECT file_name, path_in_schema, sum(total_compressed_size) AS bytes FROM parquet_metadata($files) GROUP BY ALL',
          { files: listValue(missing) },
          { files: LIST(VARCHAR) },
        )
      ).getRowObjectsJS() as { file_name: string; path_in_schema: string; bytes: bigint }[];
      for (const path of missing) columnBytes.set(path, new Map());
      for (const row of rows)
        columnBytes.get(row.file_name)!.set(row.path_in_schema, Number(row.bytes));
    }
  };
  const totals = { pruned: 0, partitionsOnly: 0, fullScan: 0, billed: 0, reportReads: 0 };
  const perTable = new Map<string, { pruned: number; full: number }>();
  let queries = 0;
  try {
    await engine.query("PRAGMA enable_profiling = 'json'");
    await engine.query(`PRAGMA profiling_output = '${profileFile.replaceAll("'", "''")}'`);
    for (const laCode of options.laCodes) {
      for (const table of reports) {
        await engine.query(compileSqlModel(models, table), { la_code: laCode, as_of: asOf });
        const profile = JSON.parse(await readFile(profileFile, 'utf8')) as unknown;
        let pruned = 0;
        let full = 0;
        for (const scan of scans(profile, warehouse)) {
          const all = await extractFiles(scan.extract);
          full += all.reduce((sum, f) => sum + f.size, 0);
          const mine = all.filter((f) => {
            const match = /\/la_code=(\d{3})\/month=(\d{4}-\d{2})\//.exec(f.key);
            return match !== null && match[1] === laCode && match[2]! <= asOf;
          });
          const paths = mine.map((f) => join(warehouse, ...f.key.split('/')));
          await bytesOf(paths);
          for (const [i, path] of paths.entries()) {
            const chunks = columnBytes.get(path)!;
            const chunkTotal = [...chunks.values()].reduce((a, b) => a + b, 0);
            // Header, footer and page indexes: read whatever the columns.
            const overhead = mine[i]!.size - chunkTotal;
            const read = scan.columns.reduce((sum, c) => sum + (chunks.get(c) ?? 0), 0);
            pruned += read + overhead;
            totals.partitionsOnly += mine[i]!.size;
          }
        }
        queries += 1;
        totals.pruned += pruned;
        totals.fullScan += full;
        totals.billed += Math.max(pruned, ATHENA_MINIMUM_BYTES);
        const entry = perTable.get(table) ?? { pruned: 0, full: 0 };
        perTable.set(table, { pruned: entry.pruned + pruned, full: entry.full + full });
      }
      const config = await loadReportConfig(laCode);
      for (const id of Object.keys(config.reports).filter(isReportId)) {
        for (const table of Object.keys(reportDefinition(id).tables)) {
          const key = `${reportTablePrefix(table, laCode, asOf)}part-0.parquet`;
          const size = (await stat(join(warehouse, ...key.split('/'))).catch(() => undefined))
            ?.size;
          totals.reportReads += size ?? 0;
        }
      }
    }
  } finally {
    await engine.query('PRAGMA disable_profiling').catch(() => undefined);
    await rm(profileFile, { force: true });
    connection.closeSync();
    duckdb.closeSync();
  }
  return {
    laCodes: options.laCodes,
    asOf,
    queries,
    ...totals,
    perTable: [...perTable].map(([table, b]) => ({ table, ...b })),
  };
}
