import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { DuckDBInstance } from '@duckdb/node-api';
import {
  normaliseTypeName,
  quoteIdentifier,
  singleStatement,
  sqlStringLiteral,
} from '../../functions/core/engine/dialect/index.js';
import type { QueryEngine, QueryResult } from '../../functions/core/engine/query-engine.js';
import {
  formatResult,
  RESULT_FORMATS,
  type ResultFormat,
} from '../../functions/core/output/format-result.js';
import { writeFileAtomic } from '../../functions/core/store/atomic-file.js';
import type { Terminal } from '../terminal.js';
import { UserError } from '../terminal.js';

const HELP = `Type SQL ending with ; (a statement may span lines). Commands:
  .tables            list the tables and views
  .schema TABLE      the columns of a table and their types
  .format FORMAT     table, csv or json
  .help              this text
  .quit              leave (or Ctrl-D)
Export a result to a file with: panelpack sql "QUERY" --out FILE.csv|.json|.parquet`;

/** What `--out` can write. */
export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `panelpack sql`'s flags as given. */
export interface SqlFlags {
  readonly query?: string;
  /** `--file`: a file holding the query (e.g. one of `sql/analyst/`). */
  readonly file?: string;
  /** `--format`: table, csv, json or parquet; undefined when not given. */
  readonly format?: string;
  /** `--out`: write the result to this file instead of printing it. */
  readonly out?: string;
}

/** What one `panelpack sql` run does, decided from its flags before the warehouse is opened. */
export type SqlPlan =
  | { readonly kind: 'print'; readonly query: string; readonly format: ResultFormat }
  | {
      readonly kind: 'export';
      readonly query: string;
      readonly out: string;
      readonly format: ExportFormat;
    }
  | { readonly kind: 'prompt'; readonly format: ResultFormat };

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

/**
 * Checks `panelpack sql`'s flags and reads `--file`. Usage problems (exit 2) name the flag: a
 * query and `--file` together, `--out` without a query, `--format parquet` without `--out`
 * (Parquet is a file format, not something to print), an `--out` whose format is unknown.
 * `--out`'s format is `--format` when given, else the file's extension.
 */
export async function sqlPlan(flags: SqlFlags): Promise<SqlPlan> {
  if (flags.query !== undefined && flags.file !== undefined) {
    throw new UserError('give a QUERY or --file, not both');
  }
  let query = flags.query;
  if (flags.file !== undefined) {
    query = await readFile(flags.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`--file ${flags.file}: cannot read it (${error.code ?? error.message})`);
    });
  }
  const format = flags.format;
  if (flags.out !== undefined) {
    if (query === undefined) throw new UserError('--out needs a QUERY or --file');
    if (format !== undefined && !isOneOf(EXPORT_FORMATS, format)) {
      throw new UserError(`--out writes csv, json or parquet, not ${format}`);
    }
    const byExtension = extname(flags.out).slice(1).toLowerCase();
    const chosen = format ?? (isOneOf(EXPORT_FORMATS, byExtension) ? byExtension : undefined);
    if (chosen === undefined) {
      throw new UserError(
        `--out ${flags.out}: name a .csv, .json or .parquet file, or add --format csv|json|parquet`,
      );
    }
    return { kind: 'export', query, out: flags.out, format: chosen };
  }
  if (format !== undefined && !isOneOf(RESULT_FORMATS, format)) {
    throw new UserError(`--format ${format} writes a file: add --out FILE.${format}`);
  }
  const shown = (format as ResultFormat | undefined) ?? 'table';
  return query === undefined
    ? { kind: 'prompt', format: shown }
    : { kind: 'print', query, format: shown };
}

/** The engine's error text, without the stack: what the analyst needs to fix the query. */
function sqlError(error: unknown): string {
  // DuckDB wraps parse errors in a prefix that says nothing to an analyst.
  return `SQL error: ${(error as Error).message.replace(/^Failed to extract statements: /, '')}`;
}

/** Tables and views every engine lists the same way (information_schema). */
export async function listTables(engine: QueryEngine): Promise<string> {
  const result = await engine.query(
    "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY table_name",
  );
  return formatResult(result, 'table');
}

export async function describeTable(engine: QueryEngine, table: string): Promise<string> {
  const result = await engine.query(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $table ORDER BY ordinal_position',
    { table },
  );
  return result.rows.length === 0 ? `no table named ${table}\n` : formatResult(result, 'table');
}

/** `panelpack sql QUERY`: prints the result; exit 1 with the SQL problem when it fails. */
export async function sqlOnce(
  engine: QueryEngine,
  query: string,
  format: ResultFormat,
  terminal: Terminal,
): Promise<number> {
  try {
    terminal.out(formatResult(await engine.query(query), format));
    return 0;
  } catch (error) {
    terminal.err(sqlError(error));
    return 1;
  }
}

/** DuckDB types for the engine-neutral type names of a result (Athena's, normalised). */
const DUCKDB_TYPES: Record<string, string> = {
  boolean: 'BOOLEAN',
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  real: 'FLOAT',
  double: 'DOUBLE',
  // The engine interface hands decimals over as numbers already.
  decimal: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** Rows per INSERT when typed rows are copied into DuckDB. */
const INSERT_BATCH = 500;

/**
 * Writes a result already fetched (Athena's) as Parquet through an in-memory DuckDB table with
 * the result's own column types, so dates stay DATE and counts BIGINT in the file. Column
 * names enter SQL text, so they must be plain identifiers (Athena lower-cases names anyway).
 */
async function rowsToParquet(
  duckdb: DuckDBInstance,
  result: QueryResult,
  parquetPath: string,
): Promise<void> {
  const columns = result.columns.map((column) => {
    try {
      return `${quoteIdentifier(column.name)} ${DUCKDB_TYPES[normaliseTypeName(column.type)] ?? 'VARCHAR'}`;
    } catch {
      throw new UserError(
        `column ${JSON.stringify(column.name)}: Parquet export needs column names of lower-case letters, digits and _; rename it with AS`,
      );
    }
  });
  const names = result.columns.map((column) => column.name);
  const connection = await duckdb.connect();
  try {
    // A fresh connection's temporary table: invisible to every other connection.
    await connection.run(`CREATE TEMP TABLE export_rows (${columns.join(', ')})`);
    for (let start = 0; start < result.rows.length; start += INSERT_BATCH) {
      const batch = result.rows.slice(start, start + INSERT_BATCH);
      const tuples = batch.map(
        (_, r) => `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(', ')})`,
      );
      await connection.run(
        `INSERT INTO export_rows VALUES ${tuples.join(', ')}`,
        batch.flatMap((row) => names.map((name) => row[name] ?? null)),
      );
    }
    await connection.run(
      `COPY export_rows TO ${sqlStringLiteral(parquetPath)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    connection.closeSync();
  }
}

/**
 * Runs `query` and writes its result to `out`, replacing the file atomically (a reader never
 * sees half a file). CSV neutralises cells a spreadsheet would run as formulas. Parquet comes
 * from DuckDB: a `COPY` of the query itself on the DuckDB engine (its exact types, streamed),
 * or the typed rows Athena returned, written through `duckdb`. Returns the rows written.
 */
export async function exportQuery(
  engine: QueryEngine,
  duckdb: DuckDBInstance,
  query: string,
  out: string,
  format: ExportFormat,
): Promise<number> {
  if (format !== 'parquet') {
    const result = await engine.query(query);
    await writeFileAtomic(out, { bytes: formatResult(result, format) });
    return result.rows.length;
  }
  const work = await mkdtemp(join(tmpdir(), 'panelpack-export-'));
  try {
    // A path this function made, never user text, is the only literal in the statement.
    const parquet = join(work, 'result.parquet');
    let rows: number;
    if (engine.name === 'duckdb') {
      const copied = await engine.query(
        // The statement starts on COPY's first line, so DuckDB's error line numbers stay the
        // analyst's; the `)` on its own line survives a trailing `-- comment`.
        `COPY (${singleStatement(query)}\n) TO ${sqlStringLiteral(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      rows = Number(Object.values(copied.rows[0] ?? {})[0] ?? 0);
    } else {
      const result = await engine.query(query);
      await rowsToParquet(duckdb, result, parquet);
      rows = result.rows.length;
    }
    await writeFileAtomic(out, { copyOf: parquet });
    return rows;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `panelpack sql QUERY --out FILE`: writes the file and says so; exit 1 on a SQL problem. */
export async function sqlExport(
  engine: QueryEngine,
  duckdb: DuckDBInstance,
  plan: Extract<SqlPlan, { kind: 'export' }>,
  terminal: Terminal,
): Promise<number> {
  let rows: number;
  try {
    rows = await exportQuery(engine, duckdb, plan.query, plan.out, plan.format);
  } catch (error) {
    if (error instanceof UserError) throw error;
    terminal.err(sqlError(error));
    return 1;
  }
  terminal.err(`wrote ${rows} row${rows === 1 ? '' : 's'} to ${plan.out} (${plan.format})`);
  return 0;
}

/** Where the prompt reads keystrokes and writes its prompt; the process's own by default. */
export interface PromptIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Line editing and arrow-key history, as on a terminal. */
  readonly tty: boolean;
}

/** Statements kept in the history file. */
const HISTORY_SIZE = 1000;

/**
 * `panelpack sql` with no query: an interactive prompt. Every statement (joined onto one line)
 * and dot-command is appended to `historyFile`, oldest first, and offered again by the up
 * arrow in later sessions. The file is readable by its owner only: statements can quote
 * identifiers from the records.
 */
export async function sqlPrompt(
  engine: QueryEngine,
  initialFormat: ResultFormat,
  terminal: Terminal,
  historyFile: string,
  io: PromptIo = {
    input: process.stdin,
    output: process.stdout,
    tty: Boolean(process.stdin.isTTY),
  },
): Promise<number> {
  let format = initialFormat;
  const saved = await readFile(historyFile, 'utf8')
    .then((text) => text.split('\n').filter(Boolean))
    .catch(() => [] as string[]);
  const rl = createInterface({
    input: io.input,
    output: io.output,
    // readline keeps its own list, newest first, and adds the raw lines typed this session.
    history: [...saved].reverse(),
    historySize: HISTORY_SIZE,
    terminal: io.tty,
  });
  const remember = async (entry: string) => {
    if (saved.at(-1) === entry) return;
    saved.push(entry);
    await mkdir(dirname(historyFile), { recursive: true });
    await writeFile(historyFile, `${saved.slice(-HISTORY_SIZE).join('\n')}\n`, { mode: 0o600 });
  };
  terminal.err(`panelpack sql on ${engine.name}. .help for help, .quit to leave.`);
  let buffer = '';
  rl.setPrompt('panelpack> ');
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (buffer === '' && trimmed.startsWith('.')) {
      const [command, argument] = trimmed.split(/\s+/, 2);
      if (command === '.quit' || command === '.exit') break;
      else if (command === '.help') terminal.out(HELP);
      else if (command === '.tables') terminal.out(await listTables(engine).catch(sqlError));
      else if (command === '.schema' && argument)
        terminal.out(await describeTable(engine, argument).catch(sqlError));
      else if (command === '.format' && RESULT_FORMATS.includes(argument as ResultFormat))
        format = argument as ResultFormat;
      else terminal.err(`unknown command ${trimmed}; .help lists them`);
      await remember(trimmed);
    } else if (trimmed !== '') {
      buffer = buffer ? `${buffer}\n${line}` : line;
      if (trimmed.endsWith(';')) {
        const statement = buffer.trim().replace(/;\s*$/, '');
        buffer = '';
        await remember(`${statement.replace(/\s*\n\s*/g, ' ')};`);
        try {
          terminal.out(formatResult(await engine.query(statement), format));
        } catch (error) {
          terminal.err(sqlError(error));
        }
      }
    }
    rl.setPrompt(buffer ? '      ...> ' : 'panelpack> ');
    rl.prompt();
  }
  rl.close();
  return 0;
}

/** Where the prompt keeps its history. */
export const historyPath = (cacheDir: string) => join(cacheDir, 'sql_history');
