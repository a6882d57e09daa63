import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import { compileSqlModel, loadSqlModels } from '../../../functions/core/engine/sql-models.js';
import { packagePath } from '../../../functions/core/package-root.js';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';

/** The fostering and care leaver models, by path under sql/. */
const MODELS = [
  'staging/stg_foster_households',
  'staging/stg_care_leavers',
  'staging/stg_benchmarks',
  'intermediate/int_care_leavers_aged',
  'intermediate/int_care_leavers_birthday_window',
  'intermediate/int_foster_households_approved',
  'intermediate/int_foster_households_deregistered',
  'reports/fostering_monthly',
  'reports/fostering_deregistrations',
  'reports/care_leavers_profile',
  'reports/care_leavers_in_touch_quarterly',
  'reports/care_leavers_birthday_outcomes',
  'reports/care_leavers_staying_put',
  'reports/care_leavers_health_passport',
] as const;

/** SPEC section 4: each table's grain columns, then its required columns. */
const REQUIRED: Record<string, readonly string[]> = {
  fostering_monthly: [
    'month',
    'households_registered',
    'households_mainstream',
    'households_connected',
    'households_short_breaks',
    'approvals',
    'deregistrations',
    'pct_reviews_in_timescale',
    'pct_supervision_timely',
    'unannounced_visits_overdue',
    'hive_households',
    'hive_children',
  ],
  fostering_deregistrations: ['financial_year', 'carer_type', 'reason', 'households'],
  care_leavers_profile: ['month', 'dimension', 'category', 'young_people'],
  care_leavers_in_touch_quarterly: [
    'quarter_end',
    'cohort_19_21',
    'in_touch',
    'pct_in_touch',
    'benchmark_area',
    'benchmark_pct',
  ],
  care_leavers_birthday_outcomes: [
    'year',
    'age',
    'cohort',
    'suitable_accommodation',
    'pct_suitable_accommodation',
    'neet',
    'pct_neet',
  ],
  care_leavers_staying_put: ['year', 'staying_put_december'],
  care_leavers_health_passport: ['month', 'status', 'young_people', 'pct'],
};

const TEXT = new Set([
  'la_code',
  'as_of',
  'financial_year',
  'financial_quarter',
  'dimension',
  'category',
  'status',
  'carer_type',
  'reason',
  'benchmark_area',
]);
const DATES = new Set(['month', 'month_end', 'quarter_end', 'latest_month']);

/** Constructs that DuckDB accepts and Athena (Trino) does not, or computes differently. */
const NOT_PORTABLE: readonly [RegExp, string][] = [
  [/::/, ':: cast'],
  [/\bstrftime\s*\(/i, 'strftime'],
  [/\bformat\s*\(/i, 'format'],
  [/\bqualify\b/i, 'QUALIFY'],
  [/group\s+by\s+all\b/i, 'GROUP BY ALL'],
  [/\bexclude\s*\(/i, 'EXCLUDE'],
  [/\bcount_if\s*\(/i, 'count_if'],
  [/\bfilter\s*\(\s*where\b/i, 'FILTER (WHERE)'],
  [/\b(generate_series|range|sequence|make_date|last_day|last_day_of_month)\s*\(/i, 'function'],
  [/\[[^\]]*\]/, 'list literal'],
  [/\{[^}]*\}/, 'struct literal'],
  [/\b(date_add|date_sub|datediff|age)\s*\(/i, 'non-portable date function'],
  [/date_diff\s*\(\s*'year'/i, "date_diff('year'): boundaries on DuckDB, whole years on Trino"],
  [/(_date|month_start|month_end|birthday)\s*[-+]\s*\d/i, 'date +/- integer'],
  [/[a-z_)]\s*\/\s*\d/i, 'integer division (DOUBLE on DuckDB, BIGINT on Trino)'],
];

async function modelText(path: string): Promise<string> {
  return readFile(join(packagePath('sql'), `${path}.sql`), 'utf8');
}

/** `-- name: definition` lines straight after the grain line, in order. */
function documentedColumns(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const match = /^--\s*([a-z_][a-z0-9_]*):\s*\S/.exec(line);
    if (!match) break;
    names.push(match[1]!);
  }
  return names;
}

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
}

async function describeModel(
  connection: DuckDBConnection,
  name: string,
  params: Record<string, string>,
): Promise<{ columns: string[]; types: string[] }> {
  const models = await loadSqlModels();
  const reader = await connection.runAndReadAll(compileSqlModel(models, name), params);
  return { columns: reader.columnNames(), types: reader.columnTypes().map(String) };
}

describe('fostering and care leaver SQL files keep the house contract', () => {
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await warehouseFixture();
    await createReferenceTables(connection);
  });

  test.each(MODELS)(
    '%s: grain line, a comment per output column, with/final shape',
    async (path) => {
      const text = await modelText(path);
      const name = path.split('/')[1]!;
      expect(text.split('\n')[0]).toMatch(/^-- one row per \S/);
      const body = withoutComments(text).trim();
      expect(body).toMatch(/^with\s/i);
      expect(body).toMatch(/\bfinal as \(/);
      expect(body).toMatch(/select \* from final$/);
      for (const [pattern, what] of NOT_PORTABLE) {
        expect({ path, what, found: pattern.test(body) }).toEqual({ path, what, found: false });
      }
      const params: Record<string, string> = path.startsWith('staging/')
        ? {}
        : { la_code: '850', as_of: '2022-12' };
      const { columns } = await describeModel(connection, name, params);
      expect(documentedColumns(text)).toEqual(columns);
    },
  );

  test.each(Object.keys(REQUIRED))('%s: SPEC 4 columns and types', async (name) => {
    const { columns, types } = await describeModel(connection, name, {
      la_code: '850',
      as_of: '2022-12',
    });
    expect(columns.slice(0, 2)).toEqual(['la_code', 'as_of']);
    for (const column of REQUIRED[name]!) expect(columns).toContain(column);
    columns.forEach((column, i) => {
      const type = types[i];
      const want = TEXT.has(column)
        ? 'VARCHAR'
        : DATES.has(column)
          ? 'DATE'
          : /^pct_|^pct$|^benchmark_pct$/.test(column)
            ? 'DOUBLE'
            : /^is_/.test(column)
              ? 'BOOLEAN'
              : 'BIGINT';
      expect({ column, type }).toEqual({ column, type: want });
    });
  });

  test('every file, and every report with its dependencies inlined, parses as Trino SQL', async () => {
    const parser = new TrinoSQL();
    const models = await loadSqlModels();
    const portable = (sql: string) => sql.replace(/\$[a-z_]+/g, '?');
    for (const path of MODELS) {
      const name = path.split('/')[1]!;
      const own = parser.validate(portable(await modelText(path))).map((e) => e.message);
      expect({ path, errors: own }).toEqual({ path, errors: [] });
      const compiled = parser
        .validate(portable(compileSqlModel(models, name)))
        .map((e) => e.message);
      expect({ path, compiled: true, errors: compiled }).toEqual({
        path,
        compiled: true,
        errors: [],
      });
    }
  });
});
