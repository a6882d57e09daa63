import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBEngine } from '../engine/duckdb-engine.js';
import { compileSqlModel, loadSqlModels, type SqlModel } from '../engine/sql-models.js';
import { WAREHOUSE_TYPE } from '../extracts/column-types.js';
import { ALL_EXTRACTS } from '../extracts/index.js';
import type { ExtractSchema, RowRule } from '../extracts/schema.js';
import { createReferenceTables, REFERENCE_TABLES } from '../reference/index.js';

/** One documented column of a table. */
export interface DictionaryColumn {
  readonly name: string;
  readonly type: string;
  readonly definition: string;
}

/** One table of the warehouse as analysts see it. */
export interface DictionaryTable {
  readonly name: string;
  readonly kind: 'extract' | 'reference' | 'report';
  readonly grain: string;
  readonly description: string;
  readonly columns: readonly DictionaryColumn[];
  /** Rules a row must keep (extracts only). */
  readonly rules: readonly string[];
}

function ruleText(rule: RowRule): string {
  switch (rule.kind) {
    case 'in_delivery_month':
      return `${rule.column} lies inside the delivery month`;
    case 'not_after_month_end':
      return `${rule.column} is not after the delivery month's last day`;
    case 'not_before':
      return `${rule.column} is not before ${rule.other}`;
    case 'required_when':
      return `${rule.column} is required when ${rule.when} is set`;
    case 'blank_unless':
      return `${rule.column} is blank unless ${rule.other} is ${rule.values.join(' or ')}`;
    case 'age_at_month_end':
      return `age from ${rule.column} at the month's last day is ${rule.min}-${rule.max}`;
  }
}

function extractTable(schema: ExtractSchema): DictionaryTable {
  const partitions: DictionaryColumn[] =
    schema.kind === 'reference'
      ? []
      : [
          { name: 'la_code', type: 'VARCHAR', definition: 'DfE LA number (partition).' },
          { name: 'month', type: 'VARCHAR', definition: "Delivery month 'YYYY-MM' (partition)." },
        ];
  return {
    name: schema.name,
    kind: 'extract',
    grain:
      schema.kind === 'reference'
        ? `one row per ${schema.key.join(', ')}`
        : `one row per ${schema.key.join(', ')} per LA per delivery month (${schema.kind} extract)`,
    description: schema.description,
    columns: [
      ...schema.columns.map((c) => ({
        name: c.name,
        type: WAREHOUSE_TYPE[c.type],
        definition: [
          c.description,
          c.required ? 'Required.' : '',
          c.codes ? `Codes: ${c.codes.join(' ')}.` : '',
          c.min !== undefined ? `At least ${c.min}.` : '',
        ]
          .filter(Boolean)
          .join(' '),
      })),
      ...partitions,
    ],
    rules: [`${schema.key.join(' + ')} is unique`, ...schema.rules.map(ruleText)],
  };
}

/** `-- name: definition` lines after the grain line of a model. */
function commentedColumns(model: SqlModel, text: string): Map<string, string> {
  const definitions = new Map<string, string>();
  const lines = text.split('\n');
  for (const line of lines.slice(1)) {
    const match = /^--\s*([a-z_][a-z0-9_]*):\s*(.+)$/.exec(line.trim());
    if (match) definitions.set(match[1]!, match[2]!.trim());
    else if (!line.trim().startsWith('--')) break;
  }
  if (definitions.size === 0)
    throw new Error(`${model.path}: no column comments after the grain line`);
  return definitions;
}

/**
 * The data dictionary, generated rather than written: extracts from their schema files,
 * reference tables from their definitions, report tables from their SQL (the grain comment, the
 * column comments, and the column types DuckDB derives from the query itself).
 */
export async function buildDataDictionary(duckdb: DuckDBInstance): Promise<DictionaryTable[]> {
  const tables: DictionaryTable[] = ALL_EXTRACTS.map(extractTable);
  for (const reference of REFERENCE_TABLES) {
    tables.push({
      name: reference.name,
      kind: 'reference',
      grain: reference.grain,
      description: reference.description,
      columns: reference.columns.map((c) => ({
        name: c.name,
        type: c.type,
        definition: c.description,
      })),
      rules: [],
    });
  }
  const empty = await mkdtemp(join(tmpdir(), 'panelpack-dictionary-'));
  const engine = await DuckDBEngine.open({
    duckdb,
    warehouseDir: empty,
    setup: createReferenceTables,
  });
  try {
    const models = await loadSqlModels();
    const { readFile } = await import('node:fs/promises');
    for (const model of [...models.values()].filter((m) => m.layer === 'reports')) {
      const definitions = commentedColumns(model, await readFile(model.path, 'utf8'));
      const sql = compileSqlModel(models, model.name);
      const result = await engine.query(`SELECT * FROM (${sql}) AS report LIMIT 0`, {
        la_code: '850',
        as_of: '2020-01',
      });
      const columns = result.columns.map((c) => {
        const definition = definitions.get(c.name);
        if (!definition) throw new Error(`${model.path}: output column ${c.name} has no comment`);
        return { name: c.name, type: c.type.toUpperCase(), definition };
      });
      const documentedOnly = [...definitions.keys()].filter(
        (n) => !columns.some((c) => c.name === n),
      );
      if (documentedOnly.length > 0) {
        throw new Error(
          `${model.path}: comments name columns the query does not output: ${documentedOnly.join(', ')}`,
        );
      }
      tables.push({
        name: model.name,
        kind: 'report',
        grain: model.grain,
        description: '',
        columns,
        rules: [],
      });
    }
  } finally {
    await engine.close();
    await rm(empty, { recursive: true, force: true });
  }
  return tables;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** One table as a markdown section. */
export function tableMarkdown(table: DictionaryTable, level = 3): string {
  const lines = [`${'#'.repeat(level)} \`${table.name}\``, '', `Grain: ${table.grain}.`, ''];
  if (table.description) lines.push(table.description, '');
  lines.push('| column | type | definition |', '| --- | --- | --- |');
  for (const c of table.columns)
    lines.push(`| \`${c.name}\` | ${c.type} | ${cell(c.definition)} |`);
  if (table.rules.length > 0) lines.push('', `Rules: ${table.rules.join('; ')}.`);
  return `${lines.join('\n')}\n`;
}

/** The whole dictionary as markdown (docs/data-dictionary.md). */
export function dictionaryMarkdown(tables: readonly DictionaryTable[]): string {
  const section = (kind: DictionaryTable['kind'], title: string, intro: string) =>
    [
      `## ${title}`,
      '',
      intro,
      '',
      ...tables.filter((t) => t.kind === kind).map((t) => tableMarkdown(t)),
    ].join('\n');
  return [
    '# panelpack data dictionary',
    '',
    'Generated by `npm run docs` from the extract schemas (`functions/core/extracts/`), the reference',
    'tables (`functions/core/reference/`) and the report SQL (`sql/reports/`); a test fails when it',
    'is out of date. Every table is a view by its name in `panelpack sql` and a Glue table in Athena.',
    '',
    section(
      'extract',
      'Warehouse tables (extracts)',
      'Loaded from the monthly deliveries; `la_code` and `month` are partitions.',
    ),
    section('reference', 'Reference tables', 'Shipped with panelpack.'),
    section(
      'report',
      'Report tables',
      'Built by `panelpack tables --month YYYY-MM`; each build is kept under its `as_of` month. Percentages are DOUBLE in percent units (0-100), unrounded; counts BIGINT.',
    ),
  ].join('\n');
}
