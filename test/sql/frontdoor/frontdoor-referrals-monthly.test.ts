import type { DuckDBConnection } from '@duckdb/node-api';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';
import { deliverMonth, type ReportRow, runReport, sortBy } from './frontdoor-fixture.js';

type Referral = [
  id: string,
  child: string,
  date: string,
  source: string | null,
  outcome: string | null,
  priority: string | null,
];
type Assessment = [id: string, start: string, authorised: string];

const referralRows = (rows: readonly Referral[]) =>
  rows.map(([referral_id, child_id, referral_date, source, outcome, priority]) => ({
    referral_id,
    child_id,
    referral_date,
    source,
    outcome,
    priority,
  }));
const assessmentRows = (rows: readonly Assessment[]) =>
  rows.map(([assessment_id, start_date, authorised_date]) => ({
    assessment_id,
    child_id: assessment_id,
    start_date,
    authorised_date,
  }));
const s47Rows = (dates: readonly string[], prefix: string) =>
  dates.map((date, i) => ({
    s47_id: `${prefix}${i}`,
    child_id: `${prefix}${i}`,
    strategy_discussion_date: date,
  }));

/** Every column is zero or NULL unless a month says otherwise. */
const EMPTY = {
  la_code: '850',
  as_of: '2023-07',
  referrals_total: 0,
  source_education: 0,
  source_health: 0,
  source_police: 0,
  source_other: 0,
  source_not_recorded: 0,
  outcome_closed: 0,
  outcome_other: 0,
  outcome_assessment: 0,
  outcome_not_recorded: 0,
  pct_progressed_to_assessment: null,
  referrals_cp_priority: 0,
  rereferrals_12m: 0,
  pct_rereferrals: null,
  s47_started: 0,
  assessments_completed: 0,
  assessments_timely: 0,
  pct_assessments_timely: null,
  referrals_total_3m_avg: null,
};

describe('frontdoor_referrals_monthly', () => {
  let connection: DuckDBConnection;

  beforeAll(async () => {
    connection = await warehouseFixture();
    await createReferenceTables(connection);
    // November 2022: assessments only, across the State Funeral (19 Sep): 45 and 46 working days.
    await deliverMonth(
      connection,
      'assessments',
      '850',
      '2022-11',
      assessmentRows([
        ['funeral-45', '2022-09-01', '2022-11-04'],
        ['funeral-46', '2022-09-01', '2022-11-07'],
      ]),
    );
    // January 2023: six referrals, three S47s, two assessments across Christmas and New Year.
    await deliverMonth(
      connection,
      'referrals',
      '850',
      '2023-01',
      referralRows([
        ['r1', 'R1', '2023-01-03', '2A', 'closed', 'cp'],
        ['r2', 'R2', '2023-01-04', '3C', 'assessment', 'cin'],
        ['r3', 'R3', '2023-01-05', '6', 'other', 'cp'],
        ['r4', 'R4', '2023-01-06', '6', 'assessment', 'cin'],
        ['r5', 'R5', '2023-01-09', '9', null, null],
        ['r6', 'R6', '2023-01-31', '', 'closed', 'cin'],
      ]),
    );
    await deliverMonth(
      connection,
      's47_enquiries',
      '850',
      '2023-01',
      s47Rows(['2023-01-05', '2023-01-19', '2023-01-31'], 'jan'),
    );
    await deliverMonth(
      connection,
      'assessments',
      '850',
      '2023-01',
      assessmentRows([
        ['christmas-45', '2022-11-21', '2023-01-26'],
        ['christmas-46', '2022-11-21', '2023-01-27'],
      ]),
    );
    // February: R1 again within 12 months, and a new child.
    await deliverMonth(
      connection,
      'referrals',
      '850',
      '2023-02',
      referralRows([
        ['r7', 'R1', '2023-02-10', '1B', 'assessment', 'cin'],
        ['r8', 'R8', '2023-02-28', '3F', 'assessment', 'cin'],
      ]),
    );
    // March: one referral; one assessment authorised on 31 March, 22 working days after 1 March.
    await deliverMonth(
      connection,
      'referrals',
      '850',
      '2023-03',
      referralRows([['r9', 'R9', '2023-03-31', '2B', 'closed', 'cin']]),
    );
    await deliverMonth(
      connection,
      'assessments',
      '850',
      '2023-03',
      assessmentRows([['march', '2023-03-01', '2023-03-31']]),
    );
    // April: R2 again; two assessments across Easter (7 and 10 April): 45 and 46 working days.
    await deliverMonth(
      connection,
      'referrals',
      '850',
      '2023-04',
      referralRows([['r10', 'R2', '2023-04-03', '10', 'other', 'cin']]),
    );
    await deliverMonth(
      connection,
      'assessments',
      '850',
      '2023-04',
      assessmentRows([
        ['easter-45', '2023-02-20', '2023-04-26'],
        ['easter-46', '2023-02-20', '2023-04-27'],
      ]),
    );
    // May and June: nothing delivered. July: across the Coronation (8 May); one S47.
    await deliverMonth(
      connection,
      'assessments',
      '850',
      '2023-07',
      assessmentRows([
        ['coronation-45', '2023-05-02', '2023-07-06'],
        ['coronation-46', '2023-05-02', '2023-07-07'],
      ]),
    );
    await deliverMonth(
      connection,
      's47_enquiries',
      '850',
      '2023-07',
      s47Rows(['2023-07-20'], 'jul'),
    );
    // After the build month, and another LA: never counted.
    await deliverMonth(
      connection,
      'referrals',
      '850',
      '2023-08',
      referralRows([['r11', 'R1', '2023-08-01', '6', 'assessment', 'cp']]),
    );
    await deliverMonth(
      connection,
      's47_enquiries',
      '850',
      '2023-08',
      s47Rows(['2023-08-01'], 'aug'),
    );
    await deliverMonth(
      connection,
      'referrals',
      '921',
      '2023-01',
      referralRows([
        ['r1', 'R1', '2023-01-03', '2A', 'closed', 'cp'],
        ['x2', 'X2', '2023-01-03', '2A', 'closed', 'cp'],
      ]),
    );
    await deliverMonth(
      connection,
      's47_enquiries',
      '921',
      '2023-01',
      s47Rows(['2023-01-05'], 'iow'),
    );
    await deliverMonth(
      connection,
      'assessments',
      '921',
      '2023-01',
      assessmentRows([['iow', '2023-01-03', '2023-01-04']]),
    );
  });

  async function build(asOf: string): Promise<ReportRow[]> {
    const { rows } = await runReport(connection, 'frontdoor_referrals_monthly', {
      la_code: '850',
      as_of: asOf,
    });
    return sortBy(rows, 'month');
  }

  test('every column, month by month', async () => {
    expect(await build('2023-07')).toEqual([
      {
        ...EMPTY,
        month: '2022-11-01',
        financial_year: '2022-23',
        assessments_completed: 2,
        assessments_timely: 1,
        pct_assessments_timely: 50,
      },
      {
        ...EMPTY,
        month: '2023-01-01',
        financial_year: '2022-23',
        referrals_total: 6,
        source_education: 1,
        source_health: 1,
        source_police: 2,
        source_other: 2,
        source_not_recorded: 1,
        outcome_closed: 2,
        outcome_other: 1,
        outcome_assessment: 2,
        outcome_not_recorded: 1,
        // 2 of the 5 with an outcome recorded.
        pct_progressed_to_assessment: 40,
        referrals_cp_priority: 2,
        pct_rereferrals: 0,
        s47_started: 3,
        assessments_completed: 2,
        assessments_timely: 1,
        pct_assessments_timely: 50,
      },
      {
        ...EMPTY,
        month: '2023-02-01',
        financial_year: '2022-23',
        referrals_total: 2,
        source_health: 1,
        source_other: 1,
        outcome_assessment: 2,
        pct_progressed_to_assessment: 100,
        rereferrals_12m: 1,
        pct_rereferrals: 50,
      },
      {
        ...EMPTY,
        month: '2023-03-01',
        financial_year: '2022-23',
        referrals_total: 1,
        source_education: 1,
        outcome_closed: 1,
        pct_progressed_to_assessment: 0,
        pct_rereferrals: 0,
        assessments_completed: 1,
        assessments_timely: 1,
        pct_assessments_timely: 100,
        // January 6, February 2, March 1.
        referrals_total_3m_avg: 3,
      },
      {
        ...EMPTY,
        month: '2023-04-01',
        financial_year: '2023-24',
        referrals_total: 1,
        source_other: 1,
        outcome_other: 1,
        pct_progressed_to_assessment: 0,
        rereferrals_12m: 1,
        pct_rereferrals: 100,
        assessments_completed: 2,
        assessments_timely: 1,
        pct_assessments_timely: 50,
        referrals_total_3m_avg: (2 + 1 + 1) / 3,
      },
      {
        ...EMPTY,
        month: '2023-07-01',
        financial_year: '2023-24',
        s47_started: 1,
        assessments_completed: 2,
        assessments_timely: 1,
        pct_assessments_timely: 50,
      },
    ]);
  });

  test('a build for an earlier month stops at it', async () => {
    const rows = await build('2023-02');
    expect(rows.map((r) => [r.month, r.as_of, r.referrals_total, r.assessments_completed])).toEqual(
      [
        ['2022-11-01', '2023-02', 0, 2],
        ['2023-01-01', '2023-02', 6, 2],
        ['2023-02-01', '2023-02', 2, 0],
      ],
    );
  });

  test('another LA gets only its own referrals, S47s and assessments', async () => {
    const { rows } = await runReport(connection, 'frontdoor_referrals_monthly', {
      la_code: '921',
      as_of: '2023-07',
    });
    expect(rows).toEqual([
      {
        ...EMPTY,
        la_code: '921',
        month: '2023-01-01',
        financial_year: '2022-23',
        referrals_total: 2,
        source_education: 2,
        outcome_closed: 2,
        pct_progressed_to_assessment: 0,
        referrals_cp_priority: 2,
        pct_rereferrals: 0,
        s47_started: 1,
        assessments_completed: 1,
        assessments_timely: 1,
        pct_assessments_timely: 100,
      },
    ]);
  });
});
