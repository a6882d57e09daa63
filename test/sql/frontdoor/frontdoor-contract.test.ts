import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import { compileSqlModel, loadSqlModels } from '../../../functions/core/engine/sql-models.js';
import { packagePath } from '../../../functions/core/package-root.js';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';
import { BANK_HOLIDAYS, runReport } from './frontdoor-fixture.js';

/** The front-door models: path under sql/ and whether it is a report table. */
const MODELS = [
  'staging/stg_contacts',
  'staging/stg_referrals',
  'staging/stg_assessments',
  'staging/stg_s47_enquiries',
  'intermediate/int_assessments_timed',
  'intermediate/int_referrals_rereferred',
  'reports/frontdoor_contacts_monthly',
  'reports/frontdoor_referrals_monthly',
  'reports/frontdoor_referral_sources_annual',
  'reports/frontdoor_annual',
] as const;

/** SPEC section 4: the fixed columns of each front-door report table. */
const REQUIRED: Record<string, readonly string[]> = {
  frontdoor_contacts_monthly: [
    'month',
    'contacts_open_cases',
    'contacts_new_cases',
    'contacts_total',
    'source_education',
    'source_health',
    'source_police',
    'source_other',
    'outcome_closed',
    'outcome_referral',
    'outcome_other',
    'pct_resolved',
  ],
  frontdoor_referrals_monthly: [
    'month',
    'referrals_total',
    'source_education',
    'source_health',
    'source_police',
    'source_other',
    'outcome_closed',
    'outcome_other',
    'outcome_assessment',
    'pct_progressed_to_assessment',
    's47_started',
    'assessments_completed',
    'assessments_timely',
    'pct_assessments_timely',
  ],
  frontdoor_referral_sources_annual: [
    'financial_year',
    'source_group',
    'referrals',
    'pct_of_referrals',
  ],
  frontdoor_annual: [
    'financial_year',
    'contacts_total',
    'referrals_total',
    's47_started',
    's47_to_icpc',
    'pct_s47_to_icpc',
    'assessments_completed',
    'assessments_timely',
    'pct_assessments_timely',
    'rereferrals_12m',
    'pct_rereferrals',
  ],
};

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
  [/\b(generate_series|range|sequence)\s*\(/i, 'series function'],
  [/\[[^\]]*\]/, 'list literal'],
  [/\{[^}]*\}/, 'struct literal'],
  [/\b(date_add|date_sub|datediff)\s*\(/i, 'non-portable date function'],
  [/_date\s*[-+]\s*\d/i, 'date +/- integer'],
];

async function modelText(path: string): Promise<string> {
  return readFile(join(packagePath('sql'), `${path}.sql`), 'utf8');
}

/** `-- name: definition` lines after the grain line, in order. */
function documentedColumns(text: string): string[] {
  const lines = text.split('\n');
  const names: string[] = [];
  for (const line of lines.slice(1)) {
    const match = /^--\s*([a-z_][a-z0-9_]*):\s*\S/.exec(line);
    if (!match) break;
    names.push(match[1]!);
  }
  return names;
}

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
}

describe('front-door SQL files keep the house contract', () => {
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await warehouseFixture();
    await createReferenceTables(connection);
  });

  test.each(MODELS)(
    '%s: grain line, one comment per output column, import/step/final shape',
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
      // Staging and intermediate models take no parameters (DuckDB refuses unused ones).
      const params: Record<string, string> = path.startsWith('reports/')
        ? { la_code: '850', as_of: '2019-11' }
        : {};
      const { columns } = await runReport(connection, name, params);
      expect(documentedColumns(text)).toEqual(columns);
    },
  );

  test.each(MODELS.filter((p) => p.startsWith('reports/')))(
    '%s: SPEC 4 columns and types',
    async (path) => {
      const name = path.split('/')[1]!;
      const { columns, types } = await runReport(connection, name, {
        la_code: '850',
        as_of: '2019-11',
      });
      expect(columns.slice(0, 2)).toEqual(['la_code', 'as_of']);
      for (const column of REQUIRED[name]!) expect(columns).toContain(column);
      for (const column of columns) {
        const type = types[column];
        if (column === 'month') expect(type).toBe('DATE');
        else if (/^(la_code|as_of|financial_year|source_group|source_codes)$/.test(column))
          expect(type).toBe('VARCHAR');
        else if (/^pct_|_avg$|per_working_day$/.test(column))
          expect({ column, type }).toEqual({ column, type: 'DOUBLE' });
        else if (/^is_/.test(column)) expect(type).toBe('BOOLEAN');
        else if (column === 'financial_year_start') expect(type).toBe('DATE');
        else if (column === 'source_group_order') expect(type).toBe('INTEGER');
        else expect({ column, type }).toEqual({ column, type: 'BIGINT' });
      }
    },
  );

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

  test('the shipped bank holidays are the ones the tests count working days with', async () => {
    const reader = await connection.runAndReadAll(
      `select CAST("date" AS VARCHAR) as d from bank_holidays
       where "date" between DATE '2017-01-01' and DATE '2024-12-31' order by 1`,
    );
    expect(reader.getRowObjectsJson().map((row) => row.d)).toEqual([...BANK_HOLIDAYS]);
  });
});
