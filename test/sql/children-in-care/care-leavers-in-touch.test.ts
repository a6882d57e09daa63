import type { DuckDBConnection } from '@duckdb/node-api';
import { type FixtureValue, insertRows } from '../../helpers/sql-fixture.js';
import { insertSnapshot, pct, reportFixture, runReport } from './fixtures.js';

function person(
  id: string,
  dateOfBirth: string,
  inTouch: string | null,
): Record<string, FixtureValue> {
  return { person_id: id, date_of_birth: dateOfBirth, in_touch: inTouch };
}

/*
 * Ages at 30 June 2022, worked out by hand: born 2003-06-30 is 19 that day; 2003-07-01 is 18;
 * 2000-06-30 is 22; 2000-07-01 is 21 until 1 July.
 */
const JUNE_2022 = [
  person('a1', '2003-06-30', 'YES'), // 19 exactly on the quarter end: in cohort, in touch
  person('a2', '2003-07-01', 'YES'), // 18: not in the cohort
  person('a3', '2000-06-30', 'DIED'), // 22 exactly: not 19-21, so not among the exclusions either
  person('a4', '2000-07-01', 'NO'), // 21 (22 tomorrow): in cohort, not in touch
  person('a5', '2001-01-15', 'DIED'), // 21: excluded
  person('a6', '2002-03-03', 'RHOM'), // 20: excluded
  person('a7', '2002-05-05', 'REFU'), // 20: in cohort, not in touch
  person('a8', '2001-12-12', 'NREQ'), // 20: in cohort, not in touch
  person('a9', '2002-02-02', null), // 20, blank: in cohort, not in touch
  person('a10', '2001-06-30', 'YES'), // 21 exactly: in cohort, in touch
];

async function fixture(): Promise<DuckDBConnection> {
  const connection = await reportFixture();
  await insertSnapshot(connection, 'care_leavers', '850', '2022-06', JUNE_2022);
  // not a quarter end
  await insertSnapshot(connection, 'care_leavers', '850', '2022-08', JUNE_2022);
  await insertSnapshot(connection, 'care_leavers', '850', '2022-09', [
    person('a1', '2003-06-30', 'YES'), // 19
    person('a4', '2000-07-01', 'YES'), // 22 since 1 July: out
    person('a10', '2001-06-30', 'YES'), // 21
    person('a12', '2003-09-30', 'NO'), // 19 on the quarter end itself
  ]);
  // a quarter end with nobody aged 19-21: 18 at 31 December 2022, and 22
  await insertSnapshot(connection, 'care_leavers', '850', '2022-12', [
    person('a13', '2004-06-01', 'YES'),
    person('a14', '2000-12-31', 'YES'),
  ]);
  await insertSnapshot(connection, 'care_leavers', '850', '2023-03', [
    person('a1', '2003-06-30', 'YES'),
  ]);
  // after the build month
  await insertSnapshot(connection, 'care_leavers', '850', '2023-06', [
    person('a1', '2003-06-30', 'NO'),
  ]);
  // an LA that is not in the la reference table, and one in London
  await insertSnapshot(connection, 'care_leavers', '999', '2022-06', [
    person('z1', '2002-01-01', 'YES'),
  ]);
  await insertSnapshot(connection, 'care_leavers', '202', '2022-06', [
    person('c1', '2002-01-01', 'NO'),
  ]);
  await insertRows(connection, 'benchmarks', [
    {
      measure: 'care_leavers_in_touch_19_21',
      period_end: '2022-06-30',
      area: 'South East',
      value: 92.2,
    },
    {
      measure: 'care_leavers_in_touch_19_21',
      period_end: '2022-06-30',
      area: 'London',
      value: 80.5,
    },
    {
      measure: 'care_leavers_in_touch_19_21',
      period_end: '2022-06-30',
      area: 'England',
      value: 90,
    },
    // September: London and England only, and a different measure for the South East
    { measure: 'care_leavers_in_touch_19_21', period_end: '2022-09-30', area: 'London', value: 70 },
    {
      measure: 'care_leavers_in_touch_19_21',
      period_end: '2022-09-30',
      area: 'England',
      value: 91,
    },
    { measure: 'care_leavers_eet_19_21', period_end: '2022-09-30', area: 'South East', value: 55 },
    // a period end that is not a quarter end in the report
    {
      measure: 'care_leavers_in_touch_19_21',
      period_end: '2022-12-30',
      area: 'South East',
      value: 1,
    },
    {
      measure: 'care_leavers_in_touch_19_21',
      period_end: '2023-03-31',
      area: 'South East',
      value: 91.5,
    },
  ]);
  return connection;
}

describe('care_leavers_in_touch_quarterly', () => {
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await fixture();
  });

  test('cohort aged 19-21 at quarter end, DIED and RHOM out, benchmark for the region', async () => {
    const rows = await runReport(connection, 'care_leavers_in_touch_quarterly', '850', '2023-03', [
      'quarter_end',
    ]);
    const base = { la_code: '850', as_of: '2023-03', benchmark_area: 'South East' };
    expect(rows).toEqual([
      {
        ...base,
        quarter_end: '2022-06-30',
        financial_year: '2022-23',
        financial_quarter: 'Q1',
        cohort_19_21: 6, // a1 a4 a7 a8 a9 a10
        in_touch: 2, // a1 a10
        pct_in_touch: pct(2, 6),
        benchmark_pct: 92.2,
        not_in_touch: 4,
        excluded_died_or_returned_home: 2, // a5 a6
      },
      {
        ...base,
        quarter_end: '2022-09-30',
        financial_year: '2022-23',
        financial_quarter: 'Q2',
        cohort_19_21: 3, // a1 a10 a12
        in_touch: 2,
        pct_in_touch: pct(2, 3),
        benchmark_pct: null, // none loaded for the South East
        not_in_touch: 1,
        excluded_died_or_returned_home: 0,
      },
      {
        ...base,
        quarter_end: '2022-12-31',
        financial_year: '2022-23',
        financial_quarter: 'Q3',
        cohort_19_21: 0,
        in_touch: 0,
        pct_in_touch: null,
        benchmark_pct: null,
        not_in_touch: 0,
        excluded_died_or_returned_home: 0,
      },
      {
        ...base,
        quarter_end: '2023-03-31',
        financial_year: '2022-23',
        financial_quarter: 'Q4',
        cohort_19_21: 1,
        in_touch: 1,
        pct_in_touch: 100,
        benchmark_pct: 91.5,
        not_in_touch: 0,
        excluded_died_or_returned_home: 0,
      },
    ]);
  });

  test("another region's benchmark, and none for an LA missing from the la table", async () => {
    const london = await runReport(connection, 'care_leavers_in_touch_quarterly', '202', '2023-03');
    expect(london).toEqual([
      expect.objectContaining({
        la_code: '202',
        quarter_end: '2022-06-30',
        cohort_19_21: 1,
        in_touch: 0,
        pct_in_touch: 0,
        benchmark_area: 'London',
        benchmark_pct: 80.5,
      }),
    ]);
    const unknown = await runReport(
      connection,
      'care_leavers_in_touch_quarterly',
      '999',
      '2023-03',
    );
    expect(unknown).toEqual([
      expect.objectContaining({
        la_code: '999',
        cohort_19_21: 1,
        in_touch: 1,
        benchmark_area: null,
        benchmark_pct: null,
      }),
    ]);
  });
});
