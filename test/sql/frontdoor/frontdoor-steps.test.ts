import type { DuckDBConnection } from '@duckdb/node-api';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';
import { deliverMonth, runReport, workingDaysAfter } from './frontdoor-fixture.js';

const DAY_MS = 86_400_000;
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY_MS;

/**
 * Assessment timings worked out by hand on a calendar. The start day is day 0 (the DfE's
 * "started and finished the same day" band), so "within 45 working days" means at most 45
 * working days after the start date, the authorisation day included.
 */
const TIMINGS = [
  { id: 'same-day', start: '2023-06-01', authorised: '2023-06-01', days: 0 },
  { id: 'monday-tuesday', start: '2023-06-05', authorised: '2023-06-06', days: 1 },
  // A Saturday start: Monday is the first working day after it.
  { id: 'saturday-monday', start: '2023-06-10', authorised: '2023-06-12', days: 1 },
  // Mon 21 Nov 2022: 22-25 Nov 4, to 2 Dec 9, 9 Dec 14, 16 Dec 19, 23 Dec 24; 26-27 Dec bank
  // holidays; 28-30 Dec 27; 2 Jan bank holiday; 3-6 Jan 31, 13 Jan 36, 20 Jan 41, 26 Jan 45.
  { id: 'christmas-45', start: '2022-11-21', authorised: '2023-01-26', days: 45 },
  { id: 'christmas-46', start: '2022-11-21', authorised: '2023-01-27', days: 46 },
  // Thu 1 Sep 2022: 2 Sep 1, 9 Sep 6, 16 Sep 11; 19 Sep State Funeral; 20-23 Sep 15, 30 Sep 20,
  // then five a week to Fri 4 Nov 45 (Mon 7 Nov 46).
  { id: 'funeral-45', start: '2022-09-01', authorised: '2022-11-04', days: 45 },
  { id: 'funeral-46', start: '2022-09-01', authorised: '2022-11-07', days: 46 },
  // Mon 20 Feb 2023: to 31 Mar 29, 3-6 Apr 33; 7 Apr Good Friday, 10 Apr Easter Monday;
  // 11-14 Apr 37, 21 Apr 42, 24-26 Apr 45.
  { id: 'easter-45', start: '2023-02-20', authorised: '2023-04-26', days: 45 },
  { id: 'easter-46', start: '2023-02-20', authorised: '2023-04-27', days: 46 },
  // Tue 2 May 2023: 3-5 May 3; 8 May Coronation; 9-12 May 7, 19 May 12, 26 May 17; 29 May
  // Spring bank holiday; 30 May-2 Jun 21, then five a week to 30 Jun 41, 3-6 Jul 45.
  { id: 'coronation-45', start: '2023-05-02', authorised: '2023-07-06', days: 45 },
  { id: 'coronation-46', start: '2023-05-02', authorised: '2023-07-07', days: 46 },
] as const;

/** Referrals per child; the comment on each says which are re-referrals and why. */
const REFERRALS = [
  // 364 days later: within the 12 months.
  { la: '850', id: 'a1', child: 'A', date: '2022-06-15', rereferral: false },
  { la: '850', id: 'a2', child: 'A', date: '2023-06-14', rereferral: true },
  // 365 days later, the same calendar date a year on: still within the 12 months.
  { la: '850', id: 'b1', child: 'B', date: '2022-06-15', rereferral: false },
  { la: '850', id: 'b2', child: 'B', date: '2023-06-15', rereferral: true },
  // 366 days later: outside.
  { la: '850', id: 'c1', child: 'C', date: '2022-06-15', rereferral: false },
  { la: '850', id: 'c2', child: 'C', date: '2023-06-16', rereferral: false },
  // Across 29 February 2020 the same calendar date a year on is 366 days: within.
  { la: '850', id: 'd1', child: 'D', date: '2019-06-15', rereferral: false },
  { la: '850', id: 'd2', child: 'D', date: '2020-06-15', rereferral: true },
  // Two referrals on one day are not re-referrals of each other; a later one is.
  { la: '850', id: 'e1', child: 'E', date: '2022-10-03', rereferral: false },
  { la: '850', id: 'e2', child: 'E', date: '2022-10-03', rereferral: false },
  { la: '850', id: 'e3', child: 'E', date: '2023-01-10', rereferral: true },
  // The same child id in another LA does not make a re-referral.
  { la: '921', id: 'f1', child: 'F', date: '2022-10-01', rereferral: false },
  { la: '850', id: 'f2', child: 'F', date: '2022-11-01', rereferral: false },
  // 31 March then 1 April: a re-referral in the next financial year.
  { la: '850', id: 'g1', child: 'G', date: '2023-03-31', rereferral: false },
  { la: '850', id: 'g2', child: 'G', date: '2023-04-01', rereferral: true },
] as const;

describe('front-door intermediate steps', () => {
  let connection: DuckDBConnection;

  beforeAll(async () => {
    connection = await warehouseFixture();
    await createReferenceTables(connection);
    const byMonth = new Map<string, Record<string, string>[]>();
    for (const t of TIMINGS) {
      const month = t.authorised.slice(0, 7);
      byMonth.set(month, [
        ...(byMonth.get(month) ?? []),
        { assessment_id: t.id, child_id: t.id, start_date: t.start, authorised_date: t.authorised },
      ]);
    }
    for (const [month, rows] of byMonth)
      await deliverMonth(connection, 'assessments', '850', month, rows);
    for (const r of REFERRALS) {
      await connection.run(
        `INSERT INTO referrals (referral_id, child_id, referral_date, la_code, month)
         VALUES ($1, $2, $3, $4, $5)`,
        [r.id, r.child, r.date, r.la, r.date.slice(0, 7)],
      );
    }
  });

  test('the hand-worked timings agree with a day-by-day count', () => {
    for (const t of TIMINGS) {
      expect({ id: t.id, days: workingDaysAfter(t.start, t.authorised) }).toEqual({
        id: t.id,
        days: t.days,
      });
    }
  });

  test('int_assessments_timed: start day = day 0, bank holidays skipped, timely up to 45', async () => {
    const { rows } = await runReport(connection, 'int_assessments_timed');
    const got = Object.fromEntries(
      rows.map((r) => [r.assessment_id, [r.working_days_to_authorisation, r.is_timely]]),
    );
    expect(got).toEqual(Object.fromEntries(TIMINGS.map((t) => [t.id, [t.days, t.days <= 45]])));
  });

  test('int_referrals_rereferred: another referral in the 12 months before, same LA', async () => {
    expect(
      [
        ['a1', 'a2'],
        ['b1', 'b2'],
        ['c1', 'c2'],
      ].map(([first, second]) =>
        daysBetween(
          REFERRALS.find((r) => r.id === first)!.date,
          REFERRALS.find((r) => r.id === second)!.date,
        ),
      ),
    ).toEqual([364, 365, 366]);
    const { rows } = await runReport(connection, 'int_referrals_rereferred');
    const got = Object.fromEntries(
      rows.map((r) => [`${r.la_code}/${r.referral_id}`, r.is_rereferral]),
    );
    expect(got).toEqual(
      Object.fromEntries(REFERRALS.map((r) => [`${r.la}/${r.id}`, r.rereferral])),
    );
    const e3 = rows.find((r) => r.referral_id === 'e3');
    expect(e3?.previous_referral_date).toBe('2022-10-03');
  });
});
