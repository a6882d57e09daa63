/**
 * The analysts' example queries (`sql/analyst/`) run on a warehouse generated, loaded and built
 * the way a council's is, and the figures they share with the report tables agree with them:
 * an example that drifted from the papers' definitions would teach analysts the wrong numbers.
 * (test/sql/portable-sql.test.ts holds the same files to Athena's dialect.)
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { singleStatement } from '../../functions/core/engine/dialect/index.js';
import type { SqlValue } from '../../functions/core/engine/query-engine.js';
import { packagePath } from '../../functions/core/package-root.js';
import { buildReportTables } from '../../functions/core/tables/index.js';
import { type GeneratedWarehouse, generatedWarehouse } from './generated-warehouse.js';

const ANALYST_DIR = packagePath('sql', 'analyst');
type Row = Record<string, SqlValue>;

let warehouse: GeneratedWarehouse;
const results = new Map<string, Row[]>();

/** Rows of an analyst query, run as `panelpack sql --file` runs it. */
const analyst = (name: string): Row[] => {
  const rows = results.get(name);
  if (!rows) throw new Error(`sql/analyst/${name}.sql did not run`);
  return rows;
};
const query = async (sql: string, params: Record<string, string> = {}) =>
  (await warehouse.engine.query(sql, params)).rows;
/** Sums `column` of `rows` per value of the `by` columns, keyed `a|b`. */
const totals = (rows: readonly Row[], by: readonly string[], column: string) => {
  const sums = new Map<string, number>();
  for (const row of rows) {
    const key = by.map((name) => String(row[name])).join('|');
    sums.set(key, (sums.get(key) ?? 0) + Number(row[column]));
  }
  return Object.fromEntries([...sums].sort());
};

beforeAll(async () => {
  // Fourteen months: enough for a closed birthday year (2018) and a year of re-referral history.
  warehouse = await generatedWarehouse({ from: '2018-01', to: '2019-02', las: ['850', '921'] });
  // An earlier build beside the latest, as a warehouse keeps them: the examples must pick one.
  await buildReportTables({
    engine: warehouse.engine,
    asOf: '2018-12',
    tables: ['care_leavers_birthday_outcomes', 'fostering_monthly'],
  });
  await warehouse.engine.refresh();
  for (const file of (await readdir(ANALYST_DIR)).filter((f) => f.endsWith('.sql')).sort()) {
    const text = await readFile(join(ANALYST_DIR, file), 'utf8');
    results.set(file.replace(/\.sql$/, ''), [...(await warehouse.engine.query(text)).rows]);
  }
}, 300_000);
afterAll(() => warehouse?.close());

test('every file is one query whose first line states its grain, and returns named rows', async () => {
  const files = (await readdir(ANALYST_DIR)).filter((f) => f.endsWith('.sql'));
  expect(files.length).toBeGreaterThanOrEqual(8);
  for (const file of files) {
    const text = await readFile(join(ANALYST_DIR, file), 'utf8');
    expect({ file, first: text.split('\n')[0] }).toEqual({
      file,
      first: expect.stringMatching(/^-- one row per \S/),
    });
    expect(() => singleStatement(text)).not.toThrow();
    const rows = analyst(file.replace(/\.sql$/, ''));
    expect({ file, rows: rows.length > 0 }).toEqual({ file, rows: true });
    expect({ file, las: [...new Set(rows.map((r) => r.la_code))].sort() }).toEqual({
      file,
      las: ['850', '921'],
    });
    for (const column of Object.keys(rows[0]!)) expect(column).toMatch(/^[a-z][a-z0-9_]*$/);
  }
});

test('re-referrals by source add up to the referrals and re-referrals of frontdoor_annual', async () => {
  const rows = analyst('rereferral_rate_by_source');
  const annual = await query(
    'select la_code, financial_year, referrals_total, rereferrals_12m from frontdoor_annual where as_of = $as_of',
    { as_of: warehouse.asOf },
  );
  expect(totals(rows, ['la_code', 'financial_year'], 'referrals')).toEqual(
    totals(annual, ['la_code', 'financial_year'], 'referrals_total'),
  );
  expect(totals(rows, ['la_code', 'financial_year'], 'rereferrals_12m')).toEqual(
    totals(annual, ['la_code', 'financial_year'], 'rereferrals_12m'),
  );
  expect(rows.some((r) => Number(r.rereferrals_12m) > 0)).toBe(true);
  for (const row of rows) {
    expect(row.pct_rereferrals).toBeCloseTo(
      (100 * Number(row.rereferrals_12m)) / Number(row.referrals),
      9,
    );
  }
});

test('assessment timeliness by month is frontdoor_referrals_monthly, banded', async () => {
  const rows = analyst('assessment_timeliness_by_month');
  const monthly = await query(
    'select la_code, month, assessments_completed, assessments_timely from frontdoor_referrals_monthly where as_of = $as_of and assessments_completed > 0',
    { as_of: warehouse.asOf },
  );
  expect(totals(rows, ['la_code', 'month'], 'assessments_completed')).toEqual(
    totals(monthly, ['la_code', 'month'], 'assessments_completed'),
  );
  expect(totals(rows, ['la_code', 'month'], 'within_45_working_days')).toEqual(
    totals(monthly, ['la_code', 'month'], 'assessments_timely'),
  );
  for (const row of rows) {
    const bands = ['within_10', 'within_11_to_20', 'within_21_to_45', 'over_45'].map((b) =>
      Number(row[`${b}_working_days`]),
    );
    expect(bands.reduce((a, b) => a + b, 0)).toBe(row.assessments_completed);
  }
});

test('contacts by source add up to frontdoor_contacts_monthly', async () => {
  const rows = analyst('contacts_by_source_monthly');
  const monthly = await query(
    'select la_code, month, contacts_total, contacts_new_cases, outcome_referral from frontdoor_contacts_monthly where as_of = $as_of',
    { as_of: warehouse.asOf },
  );
  const by = ['la_code', 'month'];
  expect(totals(rows, by, 'contacts')).toEqual(totals(monthly, by, 'contacts_total'));
  expect(totals(rows, by, 'contacts_new_cases')).toEqual(totals(monthly, by, 'contacts_new_cases'));
  expect(totals(rows, by, 'new_cases_to_referral')).toEqual(
    totals(monthly, by, 'outcome_referral'),
  );
});

test('S47 to ICPC by year counts the enquiries frontdoor_annual counts', async () => {
  const rows = analyst('s47_to_icpc_by_year');
  const annual = await query(
    'select la_code, financial_year, s47_started, s47_to_icpc from frontdoor_annual where as_of = $as_of and s47_started > 0',
    { as_of: warehouse.asOf },
  );
  const by = ['la_code', 'financial_year'];
  expect(totals(rows, by, 's47_started')).toEqual(totals(annual, by, 's47_started'));
  // The example counts every conference recorded; the table only those held by the build month.
  const conferences = totals(annual, by, 's47_to_icpc');
  for (const [key, icpc] of Object.entries(totals(rows, by, 's47_to_icpc'))) {
    expect(icpc).toBeGreaterThanOrEqual(conferences[key] ?? 0);
  }
});

test('care leavers by age and by team cover every young person in every snapshot', async () => {
  const snapshots = await query(
    "select la_code, CAST(month || '-01' AS DATE) as month, count(*) as n, count(CASE WHEN activity IN ('G4', 'G5', 'G6') THEN 1 END) as neet from care_leavers group by 1, 2",
  );
  const by = ['la_code', 'month'];
  const neetByAge = analyst('care_leavers_neet_by_age');
  expect(totals(neetByAge, by, 'care_leavers')).toEqual(totals(snapshots, by, 'n'));
  expect(totals(neetByAge, by, 'neet')).toEqual(totals(snapshots, by, 'neet'));
  const ages = neetByAge.map((r) => Number(r.age));
  expect(Math.min(...ages)).toBeGreaterThanOrEqual(16);
  expect(Math.max(...ages)).toBeLessThanOrEqual(25);

  const byTeam = analyst('care_leavers_contact_by_team');
  expect(totals(byTeam, by, 'care_leavers')).toEqual(totals(snapshots, by, 'n'));
  for (const row of byTeam) {
    expect(Number(row.contacted_within_8_weeks)).toBeLessThanOrEqual(Number(row.care_leavers));
  }
});

test("the report-table examples read each LA's latest build only", async () => {
  const outcomes = analyst('care_leavers_outcomes_at_birthdays');
  const built = await query(
    'select la_code, year, age, cohort, neet from care_leavers_birthday_outcomes where as_of = $as_of',
    { as_of: warehouse.asOf },
  );
  expect(outcomes.every((r) => r.as_of === warehouse.asOf)).toBe(true);
  expect(totals(outcomes, ['la_code', 'year', 'age'], 'neet')).toEqual(
    totals(built, ['la_code', 'year', 'age'], 'neet'),
  );
  const fostering = analyst('fostering_households_by_type');
  const latest = await query('select count(*) as n from fostering_monthly where as_of = $as_of', {
    as_of: warehouse.asOf,
  });
  expect(fostering).toHaveLength(Number(latest[0]!.n));
  expect(fostering.every((r) => r.as_of === warehouse.asOf)).toBe(true);
  for (const row of fostering) {
    expect(Number(row.households_registered)).toBe(
      Number(row.households_mainstream) +
        Number(row.households_connected) +
        Number(row.households_short_breaks),
    );
  }
});
