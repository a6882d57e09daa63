import { assertIdentifier } from '../engine/dialect/index.js';
import type { QueryEngine, SqlParam } from '../engine/query-engine.js';
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
 * An engine that can hold a batch's shared steps as temporary tables for a session
 * (DuckDBEngine); Athena has none and computes every table's steps in its own query.
 */
interface TempTableSessions {
  withTempTables<T>(
    tables: readonly { readonly name: string; readonly sql: string }[],
    params: Readonly<Record<string, SqlParam>>,
    work: (session: QueryEngine) => Promise<T>,
    options: { readonly onlyLa?: string },
  ): Promise<T>;
}

function hasSessions(engine: QueryEngine): engine is QueryEngine & TempTableSessions {
  return typeof (engine as Partial<TempTableSessions>).withTempTables === 'function';
}

/** Every model `name` reads, directly or through others. */
function dependenciesOf(models: ReadonlyMap<string, SqlModel>, name: string): Set<string> {
  const found = new Set<string>();
  const visit = (model: string) => {
    for (const dep of models.get(model)?.dependencies ?? []) {
      if (!found.has(dep)) {
        found.add(dep);
        visit(dep);
      }
    }
  };
  visit(name);
  return found;
}

/**
 * Intermediate models that two or more of `tables` read and that document a `la_code`
 * column, in dependency order: computed once per LA, they are shared by that LA's builds
 * instead of recomputed inside each table's query. Every report table reads one LA's rows,
 * so such a step is computed for the LA being built only (as the filter each report applies
 * would have it pushed down).
 */
function sharedSteps(models: ReadonlyMap<string, SqlModel>, tables: readonly string[]): string[] {
  const readers = new Map<string, number>();
  for (const table of tables) {
    for (const dep of dependenciesOf(models, table)) readers.set(dep, (readers.get(dep) ?? 0) + 1);
  }
  const shared = [...readers]
    .filter(([name, count]) => {
      const model = models.get(name)!;
      return count >= 2 && model.layer === 'intermediate' && /^--\s*la_code:/m.test(model.sql);
    })
    .map(([name]) => name);
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    for (const dep of models.get(name)!.dependencies) visit(dep);
    if (shared.includes(name)) ordered.push(name);
  };
  for (const name of shared) visit(name);
  return ordered;
}

/** `models` as seen once `done` exist as tables: they are read by name, not inlined. */
function without(
  models: ReadonlyMap<string, SqlModel>,
  done: ReadonlySet<string>,
): Map<string, SqlModel> {
  return new Map(
    [...models]
      .filter(([name]) => !done.has(name))
      .map(([name, model]) => [
        name,
        { ...model, dependencies: model.dependencies.filter((dep) => !done.has(dep)) },
      ]),
  );
}

/**
 * Builds in flight at once on DuckDB: one query runs while the previous result is published
 * (the engine runs one statement at a time). Athena builds run one after another.
 */
const CONCURRENT_BUILDS = 2;

/**
 * Builds every report table (SPEC 4) for each LA as at `asOf` and publishes it under its
 * partition, replacing an earlier build of the same month only: builds for other months stay,
 * so a published paper can be traced to the figures it used.
 *
 * On DuckDB each LA is built in a session that sees that LA's partitions only, where the
 * intermediate steps several tables share (e.g. re-referrals, care leavers' ages) are computed
 * once into temporary tables; on Athena each table's query holds all its steps and partition
 * pruning finds the LA's files. The results are the same either way.
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
  const shared = hasSessions(engine) ? sharedSteps(models, tables) : [];
  const sharedSql: { name: string; sql: string }[] = [];
  for (const name of shared) {
    const done = new Set(sharedSql.map((step) => step.name));
    sharedSql.push({
      name,
      sql: `SELECT * FROM (${compileSqlModel(without(models, done), name)}) AS step WHERE la_code = $la_code`,
    });
  }
  const reading = without(models, new Set(shared));
  const compiled = new Map(tables.map((table) => [table, compileSqlModel(reading, table)]));

  const built: BuiltTable[] = [];
  const buildOne = async (target: QueryEngine, table: string, laCode: string) => {
    const key = reportTablePrefix(table, laCode, asOf);
    const params = { la_code: laCode, as_of: asOf };
    const rows = await target.materialise(compiled.get(table)!, params, key);
    const result = { table, la_code: laCode, as_of: asOf, rows, key };
    built.push(result);
    logger.info('built report table', { table, la_code: laCode, as_of: asOf, rows });
    options.onTable?.(result, built.length, total);
  };
  const buildLa = async (target: QueryEngine, laCode: string) => {
    const queue = [...tables];
    const worker = async () => {
      for (let table = queue.shift(); table !== undefined; table = queue.shift()) {
        await buildOne(target, table, laCode);
      }
    };
    await Promise.all(Array.from({ length: hasSessions(engine) ? CONCURRENT_BUILDS : 1 }, worker));
  };
  for (const laCode of laCodes) {
    if (hasSessions(engine)) {
      await engine.withTempTables(
        sharedSql,
        { la_code: laCode, as_of: asOf },
        (session) => buildLa(session, laCode),
        // Every report table reads its LA's rows only, so the session lists that LA's files.
        { onlyLa: /^\d{3}$/.test(laCode) ? laCode : undefined },
      );
    } else {
      await buildLa(engine, laCode);
    }
  }
  // In the order of the tables, then the LAs, whatever order the builds finished in.
  const order = (b: BuiltTable) =>
    tables.indexOf(b.table) * laCodes.length + laCodes.indexOf(b.la_code);
  return built.sort((a, b) => order(a) - order(b));
}
