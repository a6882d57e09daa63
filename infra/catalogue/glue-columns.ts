import { readFileSync } from 'node:fs';
import type * as glue from 'aws-cdk-lib/aws-glue';
import type { ExtractSchema } from '../../functions/core/extracts/index.js';
import { WAREHOUSE_TYPE } from '../../functions/core/extracts/index.js';
import type { ReferenceTable } from '../../functions/core/reference/index.js';
import type { ReportTableDescription } from './describe-report-tables.js';

/** Glue keeps column comments to 255 characters. */
const COMMENT_LIMIT = 255;

/** The Glue type of each warehouse (DuckDB) type the loaders write to Parquet. */
const GLUE_TYPE: Readonly<Record<string, string>> = {
  VARCHAR: 'string',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  BIGINT: 'bigint',
  INTEGER: 'int',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
};

function glueType(warehouseType: string): glue.Type {
  const inputString = GLUE_TYPE[warehouseType];
  if (!inputString) throw new Error(`no Glue type for warehouse type ${warehouseType}`);
  return { inputString, isPrimitive: true };
}

function comment(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.length <= COMMENT_LIMIT ? text : `${text.slice(0, COMMENT_LIMIT - 1)}…`;
}

/** The file columns of an extract's warehouse table (its partition keys are separate). */
export function extractColumns(schema: ExtractSchema): glue.Column[] {
  return schema.columns.map((column) => ({
    name: column.name,
    type: glueType(WAREHOUSE_TYPE[column.type]),
    comment: comment(column.description),
  }));
}

/** The columns of a shipped reference table. */
export function referenceColumns(table: ReferenceTable): glue.Column[] {
  return table.columns.map((column) => ({
    name: column.name,
    type: glueType(column.type),
    comment: comment(column.description),
  }));
}

/** The file columns of a report table, from the generated catalogue. */
export function reportColumns(table: ReportTableDescription): glue.Column[] {
  return table.columns.map((column) => ({
    name: column.name,
    type: { inputString: column.type, isPrimitive: true },
    comment: comment(column.comment),
  }));
}

/** The committed catalogue of report-table columns (see generate-report-table-columns.ts). */
export function reportTableCatalogue(): readonly ReportTableDescription[] {
  const text = readFileSync(new URL('./report-table-columns.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { tables: ReportTableDescription[] }).tables;
}
