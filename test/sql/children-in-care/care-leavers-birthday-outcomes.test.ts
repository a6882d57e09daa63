import type { DuckDBConnection } from '@duckdb/node-api';
import { runModel } from '../../helpers/sql-fixture.js';
import { insertSnapshot, monthsBetween, pct, reportFixture, runReport } from './fixtures.js';

/** [month, IN_TOUCH, ACCOM, ACTIV] */
type Seen = [string, string | null, string | null, string | null];

/*
 * Each young person's snapshots, with the windows worked out by hand (window = birthday - 3
 * months to birthday + 1 month, both ends included; a snapshot is dated at its month's end).
 */
const PEOPLE: Record<string, { dob: string; seen: Seen[] }> = {
  // 18 on 2019-06-15, window 2019-03-15..2019-07-15: March and June in, July just after; June wins
  b1: {
    dob: '2001-06-15',
    seen: [
      ['2019-03', 'YES', 'B2', 'G5'],
      ['2019-06', 'YES', 'B1', 'F1'],
      ['2019-07', 'YES', 'B2', 'G6'],
    ],
  },
  // 18 on 2019-10-31, window 2019-07-31..2019-11-30 (31st + 1 month): 30 November is the last day in
  b2: {
    dob: '2001-10-31',
    seen: [
      ['2019-11', 'YES', 'C1', 'G4'],
      ['2019-12', 'YES', 'C2', 'F1'],
    ],
  },
  // 18 on 2019-12-31, window 2019-09-30..2020-01-31: 30 September is the first day in, August out
  b3: {
    dob: '2001-12-31',
    seen: [
      ['2019-08', 'YES', 'D1', 'F2'],
      ['2019-09', 'YES', 'B2', 'G6'],
    ],
  },
  // 18 on 2019-08-15, window 2019-05-15..2019-09-15: April just before, October after: no information
  b4: {
    dob: '2001-08-15',
    seen: [
      ['2019-04', 'YES', 'B1', 'F1'],
      ['2019-10', 'YES', 'B1', 'F1'],
    ],
  },
  // 18 on 2019-05-31, window 2019-02-28..2019-06-30 (31st - 3 months): both ends are month ends
  b5: {
    dob: '2001-05-31',
    seen: [
      ['2019-02', 'YES', 'B1', 'F1'],
      ['2019-06', 'YES', 'E2', 'G5'],
    ],
  },
  b6: { dob: '2001-05-31', seen: [['2019-02', 'YES', 'B1', 'F1']] },
  b7: { dob: '2001-05-31', seen: [['2019-01', 'YES', 'B1', 'F1']] }, // January: just before
  // 18 on 2019-09-30, window 2019-06-30..2019-10-30: exactly 3 months before
  b8: { dob: '2001-09-30', seen: [['2019-06', 'YES', 'H1', 'P1']] },
  // 18 on 2019-02-10 (window ends 2019-03-10), first seen in April: not in the age-18 cohort;
  // 19 on 2020-02-10, window 2019-11-10..2020-03-10: February 2020 (29th) is the latest in
  b9: {
    dob: '2001-02-10',
    seen: [
      ['2019-04', 'YES', 'B1', 'F1'],
      ['2019-12', 'YES', 'B1', 'F1'],
      ['2020-02', 'YES', 'B2', 'G4'],
    ],
  },
  // Born 29 February. 19 on 1 March 2019: window 2018-12-01..2019-04-01, so 31 March is in
  // (it would be out with a 28 February birthday). 20 on 29 February 2020: window
  // 2019-11-29..2020-03-29, so 30 November is in and 31 March 2020 out.
  b10: {
    dob: '2000-02-29',
    seen: [
      ['2019-03', 'YES', 'B1', 'F1'],
      ['2019-11', 'YES', 'C2', 'G4'],
      ['2020-03', 'YES', 'B1', 'F1'],
    ],
  },
  // Born 29 February, seen only on 30 November 2018: before the 1 March 2019 birthday's window
  // (it would be inside a 28 February birthday's window, which opens on 28 November).
  b11: { dob: '2000-02-29', seen: [['2018-11', 'YES', 'B1', 'F1']] },
  // 21 on 2019-01-31, window 2018-10-31..2019-02-28 (31 January + 1 month): 28 February is in
  b13: { dob: '1998-01-31', seen: [['2019-02', 'YES', 'B1', 'G6']] },
  // 20 on 2019-07-04, recorded as died: in no cohort from then on
  b14: { dob: '1999-07-04', seen: [['2019-07', 'DIED', null, null]] },
  // 20 on 2019-08-08, returned home: in the cohort, neither suitable nor NEET
  b15: { dob: '1999-08-08', seen: [['2019-08', 'RHOM', null, null]] },
  // 18 on 2020-12-31, window 2020-09-30..2021-01-31: counted once January 2021 is built
  b17: { dob: '2002-12-31', seen: [['2021-01', 'YES', 'B1', 'F1']] },
  // 22 to 25 throughout: in no cohort shown, but keeps every month populated
  f1: {
    dob: '1997-03-05',
    seen: monthsBetween('2018-11', '2021-02').map((m): Seen => [m, 'YES', 'B1', 'F1']),
  },
};

async function fixture(): Promise<DuckDBConnection> {
  const connection = await reportFixture();
  const byMonth = new Map<string, Record<string, string | null>[]>();
  for (const [id, { dob, seen }] of Object.entries(PEOPLE)) {
    for (const [month, inTouch, accommodation, activity] of seen) {
      const rows = byMonth.get(month) ?? [];
      rows.push({ person_id: id, date_of_birth: dob, in_touch: inTouch, accommodation, activity });
      byMonth.set(month, rows);
    }
  }
  for (const [month, rows] of byMonth)
    await insertSnapshot(connection, 'care_leavers', '850', month, rows);
  return connection;
}

function row(
  year: number,
  age: number,
  cohort: number,
  suitable: number,
  neet: number,
  eet: number,
  inTouch: number,
  noInformation: number,
) {
  return {
    year,
    age,
    cohort,
    suitable_accommodation: suitable,
    pct_suitable_accommodation: pct(suitable, cohort),
    neet,
    pct_neet: pct(neet, cohort),
    eet,
    pct_eet: pct(eet, cohort),
    in_touch: inTouch,
    no_information: noInformation,
  };
}

/** Worked out person by person from PEOPLE above. */
const EXPECTED_2019 = [
  // b1..b8 (b9 not yet known): suitable b1 b2 b6 b8; NEET b2 b3 b5; EET b1 b6 b8; no info b4 b7
  row(2019, 18, 8, 4, 3, 3, 6, 2),
  // b10 (31 March snapshot), b11 (no information)
  row(2019, 19, 2, 1, 0, 1, 1, 1),
  // b15 (returned home); b14 died
  row(2019, 20, 1, 0, 0, 0, 0, 0),
  // b13
  row(2019, 21, 1, 1, 1, 0, 1, 0),
];
const EXPECTED_2020 = [
  row(2020, 18, 1, 1, 0, 1, 1, 0), // b17
  row(2020, 19, 9, 0, 1, 0, 1, 8), // b1..b9, only b9 seen in the window
  row(2020, 20, 2, 0, 1, 0, 1, 1), // b10 (30 November snapshot), b11
  row(2020, 21, 1, 0, 0, 0, 0, 1), // b15; b14 died
];

describe('care_leavers_birthday_outcomes', () => {
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await fixture();
  });

  test('window edges, latest snapshot, no information, 29 February and month-end birthdays', async () => {
    const rows = await runReport(connection, 'care_leavers_birthday_outcomes', '850', '2021-01', [
      'year',
      'age',
    ]);
    expect(rows).toEqual(
      [...EXPECTED_2019, ...EXPECTED_2020].map((r) => ({ la_code: '850', as_of: '2021-01', ...r })),
    );
  });

  test('a year appears once all its windows have closed (31 January of the next year)', async () => {
    const december = await runReport(
      connection,
      'care_leavers_birthday_outcomes',
      '850',
      '2020-12',
      ['year', 'age'],
    );
    expect(december).toEqual(
      EXPECTED_2019.map((r) => ({ la_code: '850', as_of: '2020-12', ...r })),
    );
  });

  test('the birthday window step shows its dates', async () => {
    const rows = await runModel(connection, 'int_care_leavers_birthday_window', {
      la_code: '850',
      as_of: '2021-01',
    });
    const pick = (person: string, age: number) => {
      const r = rows.find((x) => x.person_id === person && Number(x.age) === age)!;
      return [r.birthday, r.window_start, r.window_end, r.snapshot_month, r.is_in_cohort];
    };
    expect(pick('b10', 19)).toEqual(['2019-03-01', '2018-12-01', '2019-04-01', '2019-03', true]);
    expect(pick('b10', 20)).toEqual(['2020-02-29', '2019-11-29', '2020-03-29', '2019-11', true]);
    expect(pick('b11', 19)).toEqual(['2019-03-01', '2018-12-01', '2019-04-01', null, true]);
    expect(pick('b5', 18)).toEqual(['2019-05-31', '2019-02-28', '2019-06-30', '2019-06', true]);
    expect(pick('b13', 21)).toEqual(['2019-01-31', '2018-10-31', '2019-02-28', '2019-02', true]);
    expect(pick('b14', 20)).toEqual(['2019-07-04', '2019-04-04', '2019-08-04', '2019-07', false]);
    // b9 is not known by the end of their age-18 window, so has no row for it
    expect(rows.some((x) => x.person_id === 'b9' && Number(x.age) === 18)).toBe(false);
  });

  test('years start with the first January the snapshots cover; empty cohorts give null', async () => {
    const other = await reportFixture();
    const young = {
      person_id: 'y1',
      date_of_birth: '2000-06-15',
      in_touch: 'YES',
      accommodation: 'B1',
    };
    for (const month of monthsBetween('2019-01', '2021-01')) {
      await insertSnapshot(other, 'care_leavers', '921', month, [young]);
    }
    for (const month of monthsBetween('2019-02', '2021-01')) {
      await insertSnapshot(other, 'care_leavers', '919', month, [young]);
    }
    const fromJanuary = await runReport(other, 'care_leavers_birthday_outcomes', '921', '2021-01', [
      'year',
      'age',
    ]);
    expect(fromJanuary.map((r) => [r.year, r.age, r.cohort, r.pct_suitable_accommodation])).toEqual(
      [
        [2019, 18, 0, null],
        [2019, 19, 1, 100], // 19 on 2019-06-15
        [2019, 20, 0, null],
        [2019, 21, 0, null],
        [2020, 18, 0, null],
        [2020, 19, 0, null],
        [2020, 20, 1, 100],
        [2020, 21, 0, null],
      ],
    );
    const fromFebruary = await runReport(other, 'care_leavers_birthday_outcomes', '919', '2021-01');
    expect([...new Set(fromFebruary.map((r) => r.year))]).toEqual([2020]);
  });
});
