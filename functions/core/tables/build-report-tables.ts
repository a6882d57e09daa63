import { assertIdentifier } from '../engine/dialect/index.js';
import type { QueryEngine } from '../engine/query-engine.js';
import { compileSqlModel, loadSqlModels, type SqlModel } from '../engine/sql-models.js';
import { ALL_EXTRACTS } from '../extracts/index.js';
import { type Logger, silentLogger } from '../logger.js';

/** Where report tables live in the warehouse (SPEC 2). */
export const REPORT_TABLES_ROOT = 'report_tables';

/** One table built for one LA. */
export interface BuiltTable {
  readonly table: string;
  readonly la_code: string;
  readonly as_of: string;
  readonly rows: number;
  readonly key: string;
}

export interface BuildOptions {
  readonly engine: QueryEngine;
  /** The build month, YYYY-MM: tables hold every period up to it. */
  readonly asOf: string;
  /** LAs to build; default every LA with data in the warehouse. */
  readonly laCodes?: readonly string[];
  /** Only these report tables; default all of `sql/reports`. */
  readonly tables?: readonly string[];
  readonly models?: ReadonlyMap<string, SqlModel>;
  readonly logger?: Logger;
  readonly onTable?: (built: BuiltTable, done: number, total: number) => void;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const LA_CODE = /^\d{3}$/;

/** Throws, naming the value, unless it is a 3-digit DfE LA number. */
function assertLaCode(laCode: string): string {
  if (typeof laCode !== 'string' || !LA_CODE.test(laCode)) {
    throw new Error(
      `LA ${JSON.stringify(String(laCode).slice(0, 64))}: expected a 3-digit DfE LA number`,
    );
  }
  return laCode;
}

/**
 * Partition prefix of one build: `report_tables/<table>/la_code=<nnn>/as_of=<YYYY-MM>/`. Each
 * part is checked, because the prefix names the objects a build replaces (and Athena's UNLOAD
 * location): a table that is not an identifier, or an LA or month of another shape, could
 * point it elsewhere in the warehouse.
 */
export function reportTablePrefix(table: string, laCode: string, asOf: string): string {
  if (!MONTH.test(asOf)) throw new Error(`build month ${asOf}: expected YYYY-MM`);
  return `${REPORT_TABLES_ROOT}/${assertIdentifier(table)}/la_code=${assertLaCode(laCode)}/as_of=${asOf}/`;
}

/** LAs that have any extract data, from the warehouse itself. */
export async function warehouseLaCodes(engine: QueryEngine): Promise<string[]> {
  // Table names come from the schema catalogue, not from input.
  const union = ALL_EXTRACTS.filter((e) => e.kind !== 'reference')
    .map((e) => `SELECT DISTINCT la_code FROM ${e.name}`)
    .join(' UNION ');
  const result = await engine.query(`SELECT la_code FROM (${union}) AS las ORDER BY la_code`);
  return result.rows.map((r) => String(r.la_code));
}

/**
 * Builds every report table (SPEC 4) for each LA as at `asOf` and publishes it under its
 * partition, replacing an earlier build of the same month only: builds for other months stay,
 * so a published paper can be traced to the figures it used.
 */
export async function buildReportTables(options: BuildOptions): Promise<BuiltTable[]> {
  const { engine, asOf } = options;
  if (!MONTH.test(asOf)) throw new Error(`build month ${asOf}: expected YYYY-MM`);
  const logger = options.logger ?? silentLogger;
  const models = options.models ?? (await loadSqlModels());
  const reports = [...models.values()].filter((m) => m.layer === 'reports').map((m) => m.name);
  const unknown = (options.tables ?? []).filter((t) => !reports.includes(t));
  if (unknown.length > 0) throw new Error(`no report table named ${unknown.join(', ')}`);
  const tables = options.tables ?? reports;
  // LAs named by a caller (`--la`, the tables Lambda's event) and those read back from the
  // warehouse's partition folders are both checked before anything is built.
  const laCodes = (options.laCodes ?? (await warehouseLaCodes(engine))).map(assertLaCode);
  const total = tables.length * laCodes.length;
  const built: BuiltTable[] = [];
  for (const table of tables) {
    const sql = compileSqlModel(models, table);
    for (const laCode of laCodes) {
      const key = reportTablePrefix(table, laCode, asOf);
      const rows = await engine.materialise(sql, { la_code: laCode, as_of: asOf }, key);
      const result = { table, la_code: laCode, as_of: asOf, rows, key };
      built.push(result);
      logger.info('built report table', { table, la_code: laCode, as_of: asOf, rows });
      options.onTable?.(result, built.length, total);
    }
  }
  return built;
}
