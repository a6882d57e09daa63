import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileSqlModel, loadSqlModels } from '../../functions/core/engine/sql-models.js';
import { ALL_EXTRACTS, WAREHOUSE_TYPE } from '../../functions/core/extracts/index.js';
import { createReferenceTables } from '../../functions/core/reference/index.js';

/** A report table's column as Athena sees it in the Parquet files. */
export interface ReportColumn {
  readonly name: string;
  /** Glue/Hive type, e.g. `bigint`, `double`, `date`, `string`. */
  readonly type: string;
  /** The column's definition from the SQL file's header comment. */
  readonly comment?: string;
}

export interface ReportTableDescription {
  readonly name: string;
  /** The SQL file's first-line comment. */
  readonly grain: string;
  /** Without `la_code` and `as_of`, which are the partition path, not file columns. */
  readonly columns: readonly ReportColumn[];
}

/** The partition columns of every report table (`report_tables/<t>/la_code=/as_of=/`). */
export const REPORT_PARTITION_KEYS = ['la_code', 'as_of'] as const;

interface ParquetField {
  readonly name: string;
  readonly type: string | null;
  readonly converted_type: string | null;
  readonly logical_type: string | null;
  readonly precision: number | null;
  readonly scale: number | null;
}

/** The Glue type that reads a Parquet leaf column as DuckDB writes it. */
export function glueTypeOfParquet(field: ParquetField): string {
  const converted = field.converted_type ?? '';
  const logical = field.logical_type ?? '';
  if (converted === 'DECIMAL') return `decimal(${field.precision},${field.scale})`;
  switch (field.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'DOUBLE':
      return 'double';
    case 'FLOAT':
      return 'float';
    case 'BYTE_ARRAY':
      if (converted === 'UTF8' || logical.startsWith('StringType')) return 'string';
      break;
    case 'INT32':
      if (converted === 'DATE' || logical.startsWith('DateType')) return 'date';
      if (converted === 'INT_16') return 'smallint';
      if (converted === 'INT_8') return 'tinyint';
      return 'int';
    case 'INT64':
      if (converted.startsWith('TIMESTAMP') || logical.startsWith('TimestampType'))
        return 'timestamp';
      return 'bigint';
  }
  throw new Error(
    `column ${field.name}: no Glue type for Parquet ${field.type}/${converted || logical || '-'}`,
  );
}

/** `-- name: definition` lines of a model's header comment. */
export function columnComments(sqlText: string): Map<string, string> {
  const comments = new Map<string, string>();
  for (const line of sqlText.split(/\r?\n/)) {
    if (!line.startsWith('--')) break;
    const match = /^--\s*([a-z_][a-z0-9_]*):\s+(.+)$/.exec(line);
    if (match) comments.set(match[1]!, match[2]!.trim());
  }
  return comments;
}

/**
 * Runs every `sql/reports` model on an empty, typed warehouse in DuckDB, writes the result as
 * Parquet exactly as the tables step does, and reads back the file's schema: the report tables'
 * Glue columns are what the files hold, not a second copy typed by hand.
 */
export async function describeReportTables(): Promise<ReportTableDescription[]> {
  const db = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
  });
  const connection = await db.connect();
  const work = await mkdtemp(join(tmpdir(), 'panelpack-catalogue-'));
  try {
    for (const schema of ALL_EXTRACTS) {
      const columns = schema.columns.map((c) => `${c.name} ${WAREHOUSE_TYPE[c.type]}`);
      if (schema.kind !== 'reference') columns.push('la_code VARCHAR', 'month VARCHAR');
      await connection.run(`CREATE TABLE ${schema.name} (${columns.join(', ')})`);
    }
    await createReferenceTables(connection);
    const models = await loadSqlModels();
    const tables: ReportTableDescription[] = [];
    for (const model of [...models.values()].filter((m) => m.layer === 'reports')) {
      const file = join(work, `${model.name}.parquet`);
      const sql = compileSqlModel(models, model.name);
      await connection.run(
        `COPY (SELECT * EXCLUDE (la_code, as_of) FROM (${sql})) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`,
        { la_code: '850', as_of: '2020-01' },
      );
      const fields = (
        await connection.runAndReadAll(
          'SELECT name, type, converted_type, logical_type, precision, scale FROM parquet_schema($file) WHERE num_children IS NULL OR num_children = 0',
          { file },
        )
      ).getRowObjectsJson() as unknown as ParquetField[];
      const comments = columnComments(await readFile(model.path, 'utf8'));
      tables.push({
        name: model.name,
        grain: model.grain,
        columns: fields.map((field) => {
          const comment = comments.get(field.name);
          return {
            name: field.name,
            type: glueTypeOfParquet(field),
            ...(comment ? { comment } : {}),
          };
        }),
      });
    }
    return tables.sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    connection.closeSync();
    db.closeSync();
    await rm(work, { recursive: true, force: true });
  }
}
