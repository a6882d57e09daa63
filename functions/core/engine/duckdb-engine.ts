import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DuckDBConnection,
  type DuckDBInstance,
  type DuckDBResultReader,
  DuckDBTypeId,
} from '@duckdb/node-api';
import { WAREHOUSE_TYPE } from '../extracts/column-types.js';
import { ALL_EXTRACTS } from '../extracts/index.js';
import type { ExtractSchema } from '../extracts/schema.js';
import type { ObjectStore } from '../store/object-store.js';
import { REPORT_TABLES_ROOT } from '../tables/build-report-tables.js';
import { parameterNames } from './dialect/index.js';
import type { QueryEngine, QueryResult, ResultColumn, SqlParam, SqlValue } from './query-engine.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A path spliced into DDL (DuckDB views cannot take parameters) as a quoted literal. */
const literal = (path: string) => `'${path.replaceAll("'", "''")}'`;

export interface DuckDBEngineOptions {
  readonly duckdb: DuckDBInstance;
  /** The local folder holding the warehouse (the store's own folder, or its local mirror). */
  readonly warehouseDir: string;
  /** Where `materialise` publishes; omit for a read-only engine. */
  readonly store?: ObjectStore;
  /** Creates extra tables in a fresh connection (the shipped reference tables). */
  readonly setup?: (connection: DuckDBConnection) => Promise<void>;
}

/**
 * DuckDB over a local warehouse folder: every warehouse table, reference table and report table
 * is a view by its name, so analysts and report SQL name tables, never files.
 */
export class DuckDBEngine implements QueryEngine {
  readonly name = 'duckdb' as const;

  /** The statement running on the connection; the next waits for it (see `exclusive`). */
  private running: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly options: DuckDBEngineOptions,
  ) {}

  /**
   * Runs one statement on the connection after the previous one finished. A connection runs
   * one statement at a time; queueing them lets callers overlap a build's publishing (file
   * copies, fsyncs) with the next build's query.
   */
  private exclusive<T>(statement: () => Promise<T>): Promise<T> {
    const next = this.running.then(statement, statement);
    this.running = next.catch(() => undefined);
    return next;
  }

  /** Connects and creates the views. */
  static async open(options: DuckDBEngineOptions): Promise<DuckDBEngine> {
    const connection = await options.duckdb.connect();
    const engine = new DuckDBEngine(connection, options);
    await options.setup?.(connection);
    await engine.refresh();
    return engine;
  }

  /** Re-creates the views, e.g. after a load or a build added partitions or tables. */
  async refresh(): Promise<void> {
    const dir = this.options.warehouseDir;
    for (const schema of ALL_EXTRACTS) {
      const body = await extractView(dir, schema);
      await this.exclusive(() =>
        this.connection.run(`CREATE OR REPLACE VIEW ${schema.name} AS ${body}`),
      );
    }
    for (const table of await this.reportTables()) {
      const files = join(dir, REPORT_TABLES_ROOT, table, 'la_code=*', 'as_of=*', '*.parquet');
      await this.exclusive(() =>
        this.connection.run(
          `CREATE OR REPLACE VIEW ${table} AS SELECT * FROM read_parquet(${literal(files)}, hive_partitioning = true, union_by_name = true, hive_types = {'la_code': VARCHAR, 'as_of': VARCHAR})`,
        ),
      );
    }
  }

  /** Names of the report tables built so far. */
  async reportTables(): Promise<string[]> {
    const root = join(this.options.warehouseDir, REPORT_TABLES_ROOT);
    const names = await readdir(root).catch(() => [] as string[]);
    const built: string[] = [];
    for (const name of names.sort()) {
      if (IDENTIFIER.test(name) && (await containsParquet(join(root, name)))) built.push(name);
    }
    return built;
  }

  async query(sql: string, params: Readonly<Record<string, SqlParam>> = {}): Promise<QueryResult> {
    const reader = await this.exclusive(() =>
      this.connection.runAndReadAll(sql, usedParams(sql, params)),
    );
    return toQueryResult(reader);
  }

  async materialise(
    sql: string,
    params: Readonly<Record<string, SqlParam>>,
    prefix: string,
  ): Promise<number> {
    const store = this.options.store;
    if (!store) throw new Error('this DuckDB engine has no store to publish to');
    const work = await mkdtemp(join(tmpdir(), 'panelpack-table-'));
    try {
      const local = join(work, 'part-0.parquet');
      // The partition path carries la_code and as_of, so the file does not repeat them.
      const reader = await this.exclusive(() =>
        this.connection.runAndReadAll(
          `COPY (SELECT * EXCLUDE (la_code, as_of) FROM (${sql})) TO ${literal(local)} (FORMAT parquet, COMPRESSION zstd)`,
          usedParams(sql, params),
        ),
      );
      const rows = Number(reader.getRows()[0]?.[0] ?? 0);
      const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
      const key = `${base}part-0.parquet`;
      await store.putFile(key, local);
      const stale = (await store.list(base)).map((o) => o.key).filter((k) => k !== key);
      await store.delete(stale);
      return rows;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Runs `work` on a session with a connection of its own in which each of `tables` (in order)
   * is first computed once into a temporary table of that name. A temporary table shadows the
   * view of the same name for that session only, so a batch of queries that all read one
   * expensive step (report tables sharing an intermediate model) computes it once. With
   * `onlyLa` the session's extract views are that LA's partitions alone, so its queries list
   * and open that LA's files, not the whole warehouse's (what matters at national scale). The
   * tables and views vanish with the session's connection.
   */
  async withTempTables<T>(
    tables: readonly { readonly name: string; readonly sql: string }[],
    params: Readonly<Record<string, SqlParam>>,
    work: (session: DuckDBEngine) => Promise<T>,
    options: SessionOptions = {},
  ): Promise<T> {
    const { onlyLa } = options;
    if (onlyLa !== undefined && !/^\d{3}$/.test(onlyLa)) {
      throw new Error(`LA ${onlyLa}: expected a 3-digit DfE LA number`);
    }
    const connection = await this.options.duckdb.connect();
    try {
      const session = new DuckDBEngine(connection, this.options);
      if (onlyLa !== undefined) {
        for (const schema of ALL_EXTRACTS.filter((e) => e.kind !== 'reference')) {
          const body = await extractView(this.options.warehouseDir, schema, onlyLa);
          await connection.run(`CREATE TEMP VIEW ${schema.name} AS ${body}`);
        }
      }
      for (const table of tables) {
        if (!IDENTIFIER.test(table.name)) throw new Error(`not a table name: ${table.name}`);
        await connection.run(
          `CREATE TEMP TABLE ${table.name} AS ${table.sql}`,
          usedParams(table.sql, params),
        );
      }
      return await work(session);
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    await this.running;
    this.connection.closeSync();
  }
}

/** Options of {@link DuckDBEngine.withTempTables}. */
export interface SessionOptions {
  /** The session's extract views hold only this LA's rows (a DfE LA number). */
  readonly onlyLa?: string;
}

/**
 * The body of an extract's view: its Parquet files (of one LA when `laCode` is given, whose
 * folder alone is then listed) with the partition columns, or an empty typed table when there
 * are none yet.
 */
async function extractView(dir: string, schema: ExtractSchema, laCode?: string): Promise<string> {
  const columns = schema.columns.map((c) => c.name);
  const partitions = schema.kind === 'reference' ? [] : ['la_code', 'month'];
  const root =
    schema.kind === 'reference' || laCode === undefined
      ? join(dir, schema.name)
      : join(dir, schema.name, `la_code=${laCode}`);
  const files =
    schema.kind === 'reference'
      ? join(root, '*.parquet')
      : laCode === undefined
        ? join(root, 'la_code=*', 'month=*', '*.parquet')
        : join(root, 'month=*', '*.parquet');
  if (await containsParquet(root)) {
    // Every partition is written by the loader with the schema's columns and types, so the
    // files share one schema and DuckDB reads it from the first file. (union_by_name would read
    // every file's footer whenever a statement names the view: 2.3 s instead of 0.3 s for the
    // contacts of 150 LAs over ten years, and again for every query; see BENCHMARKS.md.)
    return `SELECT ${[...columns, ...partitions].join(', ')} FROM read_parquet(${literal(files)}, hive_partitioning = ${partitions.length > 0}${partitions.length > 0 ? ", hive_types = {'la_code': VARCHAR, 'month': VARCHAR}" : ''})`;
  }
  return `SELECT ${[
    ...schema.columns.map((c) => `CAST(NULL AS ${WAREHOUSE_TYPE[c.type]}) AS ${c.name}`),
    ...partitions.map((p) => `CAST(NULL AS VARCHAR) AS ${p}`),
  ].join(', ')} WHERE false`;
}

/** DuckDB refuses named values a statement does not use, so pass only those it names. */
function usedParams(
  sql: string,
  params: Readonly<Record<string, SqlParam>>,
): Record<string, SqlParam> {
  const names = new Set(parameterNames(sql));
  return Object.fromEntries(Object.entries(params).filter(([name]) => names.has(name)));
}

/**
 * Whether any Parquet file lies under `dir`. Walks depth first and stops at the first one: a
 * national warehouse holds about 18,000 partitions an extract, which a full listing would read.
 */
async function containsParquet(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.parquet')) return true;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && (await containsParquet(join(dir, entry.name)))) return true;
  }
  return false;
}

const INTEGER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
]);

const TIMESTAMP_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

/** Types DuckDB's JSON rendering of a result into the shared value contract of QueryEngine. */
function toQueryResult(reader: DuckDBResultReader): QueryResult {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns: ResultColumn[] = names.map((name, i) => ({
    name,
    type: types[i]!.toString().toLowerCase(),
  }));
  const convert = names.map((_, i) => {
    const id = types[i]!.typeId;
    if (INTEGER_TYPES.has(id)) return (v: unknown) => (v === null ? null : Number(v));
    if (TIMESTAMP_TYPES.has(id))
      return (v: unknown) => (v === null ? null : String(v).replace(' ', 'T'));
    if (id === DuckDBTypeId.BOOLEAN || id === DuckDBTypeId.VARCHAR || id === DuckDBTypeId.DATE) {
      return (v: unknown) => v as SqlValue;
    }
    return (v: unknown) =>
      v === null || typeof v !== 'object' ? (v as SqlValue) : JSON.stringify(v);
  });
  const rows = reader.getRowsJson().map((row) => {
    const record: Record<string, SqlValue> = {};
    names.forEach((name, i) => {
      record[name] = convert[i]!(row[i] ?? null);
    });
    return record;
  });
  return { columns, rows };
}
