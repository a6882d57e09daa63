import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  createReferenceTables,
  REFERENCE_TABLES,
  writeReferenceParquet,
} from '../../../functions/core/reference/index.js';

const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
];

let connection: DuckDBConnection;

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  connection = await db.connect();
  await createReferenceTables(connection);
});

afterAll(() => {
  connection.closeSync();
});

async function rows(sql: string, params: Record<string, string | number> = {}) {
  return (await connection.runAndReadAll(sql, params)).getRowObjectsJS();
}

async function columnTypes(relation: string) {
  const described = await rows(`describe ${relation}`);
  return described.map((column) => [column.column_name, column.column_type]);
}

test('REFERENCE_TABLES names the reference tables and their typed columns', () => {
  expect(REFERENCE_TABLES.map((table) => table.name)).toEqual([
    'bank_holidays',
    'la',
    'referral_sources',
    'calendar',
  ]);
  const calendar = REFERENCE_TABLES.find((table) => table.name === 'calendar');
  expect(calendar?.csvFile).toBeUndefined();
  expect(calendar?.columns.map((column) => [column.name, column.type])).toEqual([
    ['date', 'DATE'],
    ['month_start', 'DATE'],
    ['financial_year', 'VARCHAR'],
    ['quarter_end', 'DATE'],
    ['is_weekend', 'BOOLEAN'],
    ['is_bank_holiday', 'BOOLEAN'],
    ['is_working_day', 'BOOLEAN'],
    ['working_day_index', 'INTEGER'],
  ]);
});

test('createReferenceTables creates each table with the declared types', async () => {
  for (const table of REFERENCE_TABLES) {
    expect(await columnTypes(table.name)).toEqual(
      table.columns.map((column) => [column.name, column.type]),
    );
  }
  expect(await rows('select count(*)::int as n from bank_holidays')).toEqual([{ n: 213 }]);
  expect(await rows('select count(*)::int as n from calendar')).toEqual([{ n: 9496 }]);
});

test('referral_sources: every CIN source code once, in its SPEC 4 groups, plus the blank row', async () => {
  const sources = await rows(
    'select source_code, source_group, source_group_order, source_group_monthly from referral_sources order by source_group_order, source_code',
  );
  const { REFERRAL_SOURCES } = await import('../../../functions/core/extracts/index.js');
  expect(
    sources
      .map((row) => row.source_code)
      .filter((code) => code !== null)
      .sort(),
  ).toEqual([...REFERRAL_SOURCES].sort());
  const group = (code: string | null) => sources.find((row) => row.source_code === code);
  expect(group('3C')).toMatchObject({
    source_group: 'Health Services',
    source_group_monthly: 'Health',
  });
  expect(group('2B')).toMatchObject({
    source_group: 'Education',
    source_group_monthly: 'Education',
  });
  expect(group('6')).toMatchObject({ source_group: 'Police', source_group_monthly: 'Police' });
  expect(group('10')).toMatchObject({ source_group: 'Unknown', source_group_monthly: 'Other' });
  expect(group(null)).toMatchObject({ source_group: 'Not recorded', source_group_order: 11 });
  expect(new Set(sources.map((row) => row.source_group)).size).toBe(11);
});

test('la: unique 3-digit codes, the nine DfE regions, the current authorities', async () => {
  const la = await rows('select la_code, name, region from la order by la_code');
  expect(la.length).toBeGreaterThanOrEqual(150);
  expect(la).toHaveLength(153);
  const codes = la.map((row) => row.la_code as string);
  expect(new Set(codes).size).toBe(codes.length);
  for (const row of la) {
    expect(row.la_code).toMatch(/^\d{3}$/);
    expect(REGIONS).toContain(row.region);
    expect(String(row.name).trim()).not.toBe('');
  }
  expect(new Set(la.map((row) => row.region))).toEqual(new Set(REGIONS));
  const find = (code: string) => la.find((row) => row.la_code === code);
  expect(find('850')).toEqual({ la_code: '850', name: 'Hampshire', region: 'South East' });
  expect(find('921')).toEqual({ la_code: '921', name: 'Isle of Wight', region: 'South East' });
  expect(find('202')).toMatchObject({ name: 'Camden', region: 'London' });
  expect(find('330')).toMatchObject({ name: 'Birmingham', region: 'West Midlands' });
  expect(find('201')).toMatchObject({ name: 'City of London', region: 'London' });
  expect(find('420')).toMatchObject({ name: 'Isles of Scilly', region: 'South West' });
  // The 2019-2023 reorganisations.
  expect(find('838')).toMatchObject({ name: 'Dorset', region: 'South West' });
  expect(find('839')).toMatchObject({
    name: 'Bournemouth, Christchurch and Poole',
    region: 'South West',
  });
  expect(find('940')).toMatchObject({ name: 'North Northamptonshire', region: 'East Midlands' });
  expect(find('941')).toMatchObject({ name: 'West Northamptonshire', region: 'East Midlands' });
  expect(find('942')).toMatchObject({ name: 'Cumberland', region: 'North West' });
  expect(find('943')).toMatchObject({ name: 'Westmorland and Furness', region: 'North West' });
  expect(find('815')).toMatchObject({ name: 'North Yorkshire' });
  expect(find('933')).toMatchObject({ name: 'Somerset' });
  for (const abolished of ['835', '836', '837', '909', '928']) {
    expect(find(abolished)).toBeUndefined();
  }
  // DfE's count of authorities per region after April 2023.
  const perRegion = await rows(
    'select region, count(*)::int as n from la group by region order by region',
  );
  expect(Object.fromEntries(perRegion.map((row) => [row.region, row.n]))).toEqual({
    'East Midlands': 10,
    'East of England': 11,
    London: 33,
    'North East': 12,
    'North West': 24,
    'South East': 19,
    'South West': 15,
    'West Midlands': 14,
    'Yorkshire and the Humber': 15,
  });
});

test('calendar agrees with bank_holidays and counts working days in SQL', async () => {
  const mismatches = await rows(`
    select c.date from calendar c
    left join bank_holidays b on b.date = c.date
    where c.is_bank_holiday <> (b.date is not null)
       or c.is_working_day <> (not c.is_weekend and not c.is_bank_holiday)
       or c.is_weekend <> (dayofweek(c.date) in (0, 6))`);
  expect(mismatches).toEqual([]);
  const between = await rows(
    `select b.working_day_index - a.working_day_index as days
     from calendar a, calendar b where a.date = $from::date and b.date = $to::date`,
    { from: '2019-12-23', to: '2020-01-02' },
  );
  expect(between).toEqual([{ days: 5 }]);
});

test('createReferenceTables replaces tables on a second call', async () => {
  await createReferenceTables(connection);
  expect(await rows('select count(*)::int as n from la')).toEqual([{ n: 153 }]);
});

test('writeReferenceParquet writes one typed Parquet file per table and reads back', async () => {
  const dir = await mkdtemp(join(tmpdir(), "panelpack-ref-o'brien-"));
  try {
    const written = await writeReferenceParquet(connection, dir);
    expect(written).toEqual(
      REFERENCE_TABLES.map((table) => join(dir, table.name, 'part-0.parquet')),
    );
    const expectedCounts: Record<string, number> = {
      bank_holidays: 213,
      la: 153,
      referral_sources: 23,
      calendar: 9496,
    };
    for (const [index, table] of REFERENCE_TABLES.entries()) {
      const path = written[index]!;
      const counted = await rows('select count(*)::int as n from read_parquet($path)', { path });
      expect([table.name, counted]).toEqual([table.name, [{ n: expectedCounts[table.name] }]]);
      const described = await rows('describe select * from read_parquet($path)', { path });
      expect(described.map((column) => [column.column_name, column.column_type])).toEqual(
        table.columns.map((column) => [column.name, column.type]),
      );
      const codec = await rows('select distinct compression from parquet_metadata($path)', {
        path,
      });
      expect(codec).toEqual([{ compression: 'ZSTD' }]);
    }
    const funeral = await rows(
      `select strftime(date, '%Y-%m-%d') as date, is_bank_holiday, working_day_index
       from read_parquet($path) where date = '2022-09-19'`,
      { path: join(dir, 'calendar', 'part-0.parquet') },
    );
    expect(funeral).toEqual([
      expect.objectContaining({ date: '2022-09-19', is_bank_holiday: true }),
    ]);
    // The scratch tables are gone and the connection's own tables untouched.
    const tables = await rows(
      "select table_name from duckdb_tables() where table_name like 'panelpack_reference_%'",
    );
    expect(tables).toEqual([]);
    expect(await rows('select count(*)::int as n from calendar')).toEqual([{ n: 9496 }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
