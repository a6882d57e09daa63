/**
 * The report tables' Glue columns come from infra/catalogue/report-table-columns.json, which
 * must say what the SQL actually writes. When this fails after a change to sql/reports, run
 *   npx tsx infra/catalogue/generate-report-table-columns.ts
 * and commit the file.
 */
import {
  columnComments,
  describeReportTables,
  glueTypeOfParquet,
} from '../../infra/catalogue/describe-report-tables.js';
import { reportTableCatalogue } from '../../infra/catalogue/glue-columns.js';

test('the committed catalogue matches the Parquet the report SQL writes', async () => {
  expect(reportTableCatalogue()).toEqual(await describeReportTables());
});

test('SPEC 4 types: counts bigint, percentages double, months dates, partitions not in the files', () => {
  const tables = new Map(reportTableCatalogue().map((t) => [t.name, t]));
  const type = (table: string, column: string) =>
    tables.get(table)?.columns.find((c) => c.name === column)?.type;
  expect(type('frontdoor_contacts_monthly', 'month')).toBe('date');
  expect(type('frontdoor_contacts_monthly', 'contacts_total')).toBe('bigint');
  expect(type('frontdoor_contacts_monthly', 'pct_resolved')).toBe('double');
  expect(type('frontdoor_annual', 'financial_year')).toBe('string');
  for (const table of tables.values()) {
    expect(table.columns.map((c) => c.name)).not.toContain('la_code');
    expect(table.columns.map((c) => c.name)).not.toContain('as_of');
  }
});

test('Parquet types map to the Glue types Athena reads them with', () => {
  const field = (type: string, converted: string | null, logical: string | null = null) => ({
    name: 'c',
    type,
    converted_type: converted,
    logical_type: logical,
    precision: 18,
    scale: 3,
  });
  expect(glueTypeOfParquet(field('BYTE_ARRAY', 'UTF8'))).toBe('string');
  expect(glueTypeOfParquet(field('INT32', 'DATE'))).toBe('date');
  expect(glueTypeOfParquet(field('INT64', 'TIMESTAMP_MICROS'))).toBe('timestamp');
  expect(glueTypeOfParquet(field('INT64', 'INT_64'))).toBe('bigint');
  expect(glueTypeOfParquet(field('INT32', null))).toBe('int');
  expect(glueTypeOfParquet(field('INT64', 'DECIMAL'))).toBe('decimal(18,3)');
  expect(() => glueTypeOfParquet(field('BYTE_ARRAY', null))).toThrow(/no Glue type/);
});

test('column comments are the SQL header definitions', () => {
  const comments = columnComments(
    '-- one row per LA per month: the grain\n-- month: first day of the month (DATE)\n-- pct: a rate\nselect 1\n-- later: ignored',
  );
  expect([...comments]).toEqual([
    ['month', 'first day of the month (DATE)'],
    ['pct', 'a rate'],
  ]);
});
