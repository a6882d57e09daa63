import { type FixtureValue, insertRows } from '../../helpers/sql-fixture.js';
import { insertMany, reportFixture, runReport } from './fixtures.js';

/*
 * Seed 003, paragraph 16, "Proportion of Care leavers aged 19-21 who were 'In Touch'": one line
 * per quarter, "<financial year><TAB><quarter><TAB><Hampshire %><TAB><South East %>", the last
 * South East cell reading "Not yet published". Quarters are financial-year quarters, so 2021-22
 * Q2 ends on 30 September 2021.
 */
const PUBLISHED: [string, string, string, number, number | null][] = [
  ['2021-09-30', '2021-22', 'Q2', 85.0, 92.1],
  ['2021-12-31', '2021-22', 'Q3', 85.1, 90.5],
  ['2022-03-31', '2021-22', 'Q4', 83.9, 92.2],
  ['2022-06-30', '2022-23', 'Q1', 84.1, 92.2],
  ['2022-09-30', '2022-23', 'Q2', 84.0, 91.2],
  ['2022-12-31', '2022-23', 'Q3', 84.2, null],
];

/** The smallest cohort from `from` up whose in-touch count gives back `pct` to one decimal, clear of a rounding edge. */
function cohortFor(pct: number, from: number): [number, number] {
  for (let n = from; ; n += 1) {
    const k = Math.round((pct * n) / 100);
    if (Math.abs((100 * k) / n - pct) < 0.04) return [n, k];
  }
}

test('care_leavers_in_touch_quarterly reproduces the in-touch table of seed 003', async () => {
  const connection = await reportFixture();
  const rows: Record<string, FixtureValue>[] = [];
  const cohorts: [number, number][] = [];
  for (const [q, [quarterEnd, , , pct]] of PUBLISHED.entries()) {
    const year = Number(quarterEnd.slice(0, 4));
    const month = quarterEnd.slice(0, 7);
    // a Hampshire-sized cohort (about 400 aged 19-21), different each quarter
    const [n, inTouch] = cohortFor(pct, 390 + 11 * q);
    cohorts.push([n, inTouch]);
    const add = (id: string, age: number, code: string | null) =>
      rows.push({
        person_id: id,
        date_of_birth: `${year - age}-01-01`, // age exactly `age` at a quarter end from 31 March
        in_touch: code,
        la_code: '850',
        month,
      });
    const notInTouch = ['NO', 'REFU', 'NREQ', null];
    for (let i = 0; i < n; i += 1) {
      add(`p${i}`, 19 + (i % 3), i < inTouch ? 'YES' : notInTouch[i % 4]!);
    }
    // outside the measure: died or returned home, and in touch but 18 or 22
    for (let i = 0; i < 6; i += 1) add(`d${i}`, 20, i % 2 === 0 ? 'DIED' : 'RHOM');
    for (let i = 0; i < 30; i += 1) add(`y${i}`, 18, 'YES');
    for (let i = 0; i < 25; i += 1) add(`o${i}`, 22, 'YES');
  }
  await insertMany(connection, 'care_leavers', rows);
  const benchmarks = PUBLISHED.filter(([, , , , se]) => se !== null).flatMap(
    ([periodEnd, , , , se]) => [
      {
        measure: 'care_leavers_in_touch_19_21',
        period_end: periodEnd,
        area: 'South East',
        value: se,
      },
      { measure: 'care_leavers_in_touch_19_21', period_end: periodEnd, area: 'England', value: 88 },
    ],
  );
  await insertRows(connection, 'benchmarks', benchmarks);

  const table = await runReport(connection, 'care_leavers_in_touch_quarterly', '850', '2022-12', [
    'quarter_end',
  ]);
  expect(table.map((r) => [r.quarter_end, r.cohort_19_21, r.in_touch])).toEqual(
    PUBLISHED.map(([quarterEnd], q) => [quarterEnd, ...cohorts[q]!]),
  );
  expect(
    table.map((r) => [
      r.financial_year,
      r.financial_quarter,
      Math.round((r.pct_in_touch as number) * 10) / 10,
      r.benchmark_area,
      r.benchmark_pct,
      r.excluded_died_or_returned_home,
    ]),
  ).toEqual(
    PUBLISHED.map(([, fy, quarter, hampshire, se]) => [
      fy,
      quarter,
      hampshire,
      'South East',
      se,
      6,
    ]),
  );
});
