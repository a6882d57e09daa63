import type { DuckDBConnection } from '@duckdb/node-api';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import type { FixtureValue } from '../../helpers/sql-fixture.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';
import { deliverMonth, type ReportRow, runReport, sortBy } from './frontdoor-fixture.js';

type Row = Record<string, FixtureValue>;

/** Groups rows by the month of one date column and delivers each month (replace semantics). */
async function deliver(
  connection: DuckDBConnection,
  table: string,
  laCode: string,
  dateColumn: string,
  rows: readonly Row[],
): Promise<void> {
  const months = new Map<string, Row[]>();
  for (const row of rows) {
    const month = String(row[dateColumn]).slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), row]);
  }
  for (const [month, monthRows] of months) {
    await deliverMonth(connection, table, laCode, month, monthRows);
  }
}

let serial = 0;
const contact = (date: string, status: 'open' | 'new'): Row => {
  serial += 1;
  return {
    contact_id: `c${serial}`,
    child_id: `k${serial}`,
    contact_date: date,
    case_status: status,
  };
};
const referral = (id: string, child: string, date: string): Row => ({
  referral_id: id,
  child_id: child,
  referral_date: date,
});
const s47 = (id: string, started: string, icpc: string | null, notRequired?: boolean): Row => ({
  s47_id: id,
  child_id: id,
  strategy_discussion_date: started,
  icpc_date: icpc,
  icpc_not_required: notRequired ?? null,
});
const assessment = (id: string, start: string, authorised: string): Row => ({
  assessment_id: id,
  child_id: id,
  start_date: start,
  authorised_date: authorised,
});
const monthsOf = (fromYear: number, fromMonth: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const m = fromMonth - 1 + i;
    return `${fromYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });

/**
 * LA 850, built as at July 2023. By hand, per financial year:
 * 2020-21  contacts one a month (12); referrals P1-P4 on 1 May 2020 (4). Twelve months: full.
 * 2021-22  contacts one a month plus three in June 2021 (15, +25%); referrals P5-P8 on 3 May 2021
 *          and P1 again on 30 Apr 2021, 364 days after its first (5, +25%; 1 re-referral, 20%).
 * 2022-23  contacts 10 Jun (new), 1 Sep (open), 31 Mar (new): 3, 2 new.
 *          referrals A, B, C 15 Jun; E twice on 3 Oct and again 10 Jan (re-referral); F 1 Nov
 *          (F's 1 Oct referral is in LA 921); G 31 Mar: 8, 1 re-referral (12.5%).
 *          S47s 4 July (ICPC 20 July), 10 Nov (ICPC not required), 20 Mar (ICPC 12 Apr, next
 *          year but before the build), 28 Mar (none yet): 4 started, 2 to ICPC (50%).
 *          assessments across the State Funeral (45, 46 working days), across Christmas (45, 46),
 *          1-31 March (22): 5 completed, 3 timely (60%).
 *          Months with a row: Jun, Jul, Sep, Oct, Nov, Jan, Mar = 7: partial, no % change.
 * 2023-24  contacts 1 Apr (open), 31 Jul (new): 2, 1 new.
 *          referrals G 1 Apr (day after 31 Mar: re-referral), A 14 Jun (364 days: re-referral),
 *          B 15 Jun (365 days: re-referral), C 16 Jun (366 days: not): 4, 3 re-referrals (75%).
 *          S47s 2 May (ICPC 25 May), 25 Jul (ICPC 10 Aug, after the build month): 2, 1 (50%).
 *          assessments across Easter (45, 46), across the Coronation (45, 46), same day: 5, 3 (60%).
 *          Months Apr, May, Jun, Jul = 4: partial.
 * August 2023 rows (after the build month) and LA 921's rows count nowhere.
 */
async function loadFixture(connection: DuckDBConnection): Promise<void> {
  await deliver(connection, 'contacts', '850', 'contact_date', [
    ...monthsOf(2020, 4, 12).map((m) => contact(`${m}-15`, 'new')),
    ...monthsOf(2021, 4, 12).map((m) => contact(`${m}-15`, 'new')),
    contact('2021-06-01', 'open'),
    contact('2021-06-02', 'open'),
    contact('2021-06-03', 'open'),
    contact('2022-06-10', 'new'),
    contact('2022-09-01', 'open'),
    contact('2023-03-31', 'new'),
    contact('2023-04-01', 'open'),
    contact('2023-07-31', 'new'),
    contact('2023-08-01', 'new'),
  ]);
  await deliver(connection, 'referrals', '850', 'referral_date', [
    ...['P1', 'P2', 'P3', 'P4'].map((p) => referral(`${p}-2020`, p, '2020-05-01')),
    ...['P5', 'P6', 'P7', 'P8'].map((p) => referral(`${p}-2021`, p, '2021-05-03')),
    referral('P1-again', 'P1', '2021-04-30'),
    referral('a1', 'A', '2022-06-15'),
    referral('b1', 'B', '2022-06-15'),
    referral('c1', 'C', '2022-06-15'),
    referral('e1', 'E', '2022-10-03'),
    referral('e2', 'E', '2022-10-03'),
    referral('f2', 'F', '2022-11-01'),
    referral('e3', 'E', '2023-01-10'),
    referral('g1', 'G', '2023-03-31'),
    referral('g2', 'G', '2023-04-01'),
    referral('a2', 'A', '2023-06-14'),
    referral('b2', 'B', '2023-06-15'),
    referral('c2', 'C', '2023-06-16'),
    referral('a3', 'A', '2023-08-05'),
  ]);
  await deliver(connection, 's47_enquiries', '850', 'strategy_discussion_date', [
    s47('s1', '2022-07-04', '2022-07-20'),
    s47('s2', '2022-11-10', null, true),
    s47('s3', '2023-03-20', '2023-04-12'),
    s47('s4', '2023-03-28', null),
    s47('s5', '2023-05-02', '2023-05-25'),
    s47('s6', '2023-07-25', '2023-08-10'),
    s47('s7', '2023-08-02', '2023-08-20'),
  ]);
  await deliver(connection, 'assessments', '850', 'authorised_date', [
    assessment('funeral-45', '2022-09-01', '2022-11-04'),
    assessment('funeral-46', '2022-09-01', '2022-11-07'),
    assessment('christmas-45', '2022-11-21', '2023-01-26'),
    assessment('christmas-46', '2022-11-21', '2023-01-27'),
    assessment('march', '2023-03-01', '2023-03-31'),
    assessment('easter-45', '2023-02-20', '2023-04-26'),
    assessment('easter-46', '2023-02-20', '2023-04-27'),
    assessment('coronation-45', '2023-05-02', '2023-07-06'),
    assessment('coronation-46', '2023-05-02', '2023-07-07'),
    assessment('same-day', '2023-06-01', '2023-06-01'),
    assessment('august', '2023-08-01', '2023-08-02'),
  ]);
  await deliver(connection, 'contacts', '921', 'contact_date', [contact('2023-03-31', 'new')]);
  await deliver(connection, 'referrals', '921', 'referral_date', [
    referral('f1', 'F', '2022-10-01'),
  ]);
  await deliver(connection, 's47_enquiries', '921', 'strategy_discussion_date', [
    s47('s1', '2022-07-04', '2022-07-20'),
  ]);
  await deliver(connection, 'assessments', '921', 'authorised_date', [
    assessment('iow', '2022-07-01', '2022-07-04'),
  ]);
}

describe('frontdoor_annual', () => {
  let connection: DuckDBConnection;

  beforeAll(async () => {
    connection = await warehouseFixture();
    await createReferenceTables(connection);
    await loadFixture(connection);
  });

  async function build(asOf: string, laCode = '850'): Promise<ReportRow[]> {
    const { rows } = await runReport(connection, 'frontdoor_annual', {
      la_code: laCode,
      as_of: asOf,
    });
    return sortBy(rows, 'financial_year');
  }

  test('every column, financial year by financial year', async () => {
    const base = { la_code: '850', as_of: '2023-07' };
    expect(await build('2023-07')).toEqual([
      {
        ...base,
        financial_year: '2020-21',
        financial_year_start: '2020-04-01',
        months_included: 12,
        is_partial_year: false,
        contacts_total: 12,
        contacts_new_cases: 12,
        referrals_total: 4,
        s47_started: 0,
        s47_to_icpc: 0,
        pct_s47_to_icpc: null,
        assessments_completed: 0,
        assessments_timely: 0,
        pct_assessments_timely: null,
        rereferrals_12m: 0,
        pct_rereferrals: 0,
        pct_change_contacts_total: null,
        pct_change_referrals_total: null,
      },
      {
        ...base,
        financial_year: '2021-22',
        financial_year_start: '2021-04-01',
        months_included: 12,
        is_partial_year: false,
        contacts_total: 15,
        contacts_new_cases: 12,
        referrals_total: 5,
        s47_started: 0,
        s47_to_icpc: 0,
        pct_s47_to_icpc: null,
        assessments_completed: 0,
        assessments_timely: 0,
        pct_assessments_timely: null,
        rereferrals_12m: 1,
        pct_rereferrals: 20,
        pct_change_contacts_total: 25,
        pct_change_referrals_total: 25,
      },
      {
        ...base,
        financial_year: '2022-23',
        financial_year_start: '2022-04-01',
        months_included: 7,
        is_partial_year: true,
        contacts_total: 3,
        contacts_new_cases: 2,
        referrals_total: 8,
        s47_started: 4,
        s47_to_icpc: 2,
        pct_s47_to_icpc: 50,
        assessments_completed: 5,
        assessments_timely: 3,
        pct_assessments_timely: 60,
        rereferrals_12m: 1,
        pct_rereferrals: 12.5,
        pct_change_contacts_total: null,
        pct_change_referrals_total: null,
      },
      {
        ...base,
        financial_year: '2023-24',
        financial_year_start: '2023-04-01',
        months_included: 4,
        is_partial_year: true,
        contacts_total: 2,
        contacts_new_cases: 1,
        referrals_total: 4,
        s47_started: 2,
        s47_to_icpc: 1,
        pct_s47_to_icpc: 50,
        assessments_completed: 5,
        assessments_timely: 3,
        pct_assessments_timely: 60,
        rereferrals_12m: 3,
        pct_rereferrals: 75,
        pct_change_contacts_total: null,
        pct_change_referrals_total: null,
      },
    ]);
  });

  test('a build as at March counts only conferences held by 31 March; a re-sent month adds ICPC dates', async () => {
    const march = await build('2023-03');
    expect(march.map((r) => r.financial_year)).toEqual(['2020-21', '2021-22', '2022-23']);
    // s3's conference (12 April) came after the build month.
    expect(march[2]).toMatchObject({
      as_of: '2023-03',
      s47_started: 4,
      s47_to_icpc: 1,
      pct_s47_to_icpc: 25,
    });

    // March 2023 re-sent with s4's conference (20 April) filled in.
    await deliverMonth(connection, 's47_enquiries', '850', '2023-03', [
      s47('s3', '2023-03-20', '2023-04-12'),
      s47('s4', '2023-03-28', '2023-04-20'),
    ]);
    const july = await build('2023-07');
    expect(july[2]).toMatchObject({
      financial_year: '2022-23',
      s47_started: 4,
      s47_to_icpc: 3,
      pct_s47_to_icpc: 75,
    });
    const marchAgain = await build('2023-03');
    expect(marchAgain[2]).toMatchObject({ s47_to_icpc: 1 });
  });

  test('another LA gets only its own rows', async () => {
    expect(await build('2023-07', '921')).toEqual([
      {
        la_code: '921',
        as_of: '2023-07',
        financial_year: '2022-23',
        financial_year_start: '2022-04-01',
        // July (S47, assessment), October (referral), March (contact).
        months_included: 3,
        is_partial_year: true,
        contacts_total: 1,
        contacts_new_cases: 1,
        referrals_total: 1,
        s47_started: 1,
        s47_to_icpc: 1,
        pct_s47_to_icpc: 100,
        assessments_completed: 1,
        assessments_timely: 1,
        pct_assessments_timely: 100,
        rereferrals_12m: 0,
        pct_rereferrals: 0,
        pct_change_contacts_total: null,
        pct_change_referrals_total: null,
      },
    ]);
  });
});
