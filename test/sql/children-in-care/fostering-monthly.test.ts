import type { DuckDBConnection } from '@duckdb/node-api';
import type { FixtureValue } from '../../helpers/sql-fixture.js';
import { insertSnapshot, pct, reportFixture, runReport } from './fixtures.js';

type Household = Record<string, FixtureValue>;

/*
 * Three Hampshire (850) snapshots. Each household's dates are chosen against the month end:
 * 2018-12-31 (12 months earlier 2017-12-31, 42 days earlier 2018-11-19),
 * 2019-11-30 (2018-11-30, 2019-10-19) and 2019-12-31 (2018-12-31, 2019-11-19).
 */
const DECEMBER_2018: Household[] = [
  // review, supervision and unannounced visit all in time
  {
    household_id: 'h1',
    carer_type: 'mainstream',
    approval_date: '2010-05-01',
    last_review_date: '2018-06-01',
    last_supervision_date: '2018-12-01',
    last_unannounced_visit_date: '2018-03-01',
    approved_places: 3,
    children_placed: 2,
  },
  // review 13 months old, no supervision, no unannounced visit
  {
    household_id: 'h2',
    carer_type: 'mainstream',
    approval_date: '2015-03-01',
    last_review_date: '2017-11-01',
    approved_places: 2,
    children_placed: 1,
  },
  // approved on the month end and the day before: approvals, not yet due anything
  {
    household_id: 'h4',
    carer_type: 'connected',
    approval_date: '2018-12-31',
    approved_places: 1,
    children_placed: 0,
  },
  {
    household_id: 'h5',
    carer_type: 'short_breaks',
    approval_date: '2018-12-30',
    approved_places: 2,
    children_placed: 0,
  },
  {
    household_id: 'h6',
    carer_type: 'mainstream',
    approval_date: '2012-01-01',
    last_review_date: '2018-01-01',
    last_supervision_date: '2018-12-20',
    last_unannounced_visit_date: '2018-01-01',
    approved_places: 2,
    children_placed: 2,
  },
  // supervision exactly 42 days and unannounced visit exactly 12 months before month end
  {
    household_id: 'h8',
    carer_type: 'mainstream',
    approval_date: '2016-06-01',
    last_review_date: '2018-06-01',
    last_supervision_date: '2018-11-19',
    last_unannounced_visit_date: '2017-12-31',
    approved_places: 1,
    children_placed: 1,
  },
  // supervision 43 days, unannounced visit 12 months and a day before month end, no review
  {
    household_id: 'h9',
    carer_type: 'mainstream',
    approval_date: '2010-01-01',
    last_supervision_date: '2018-11-18',
    last_unannounced_visit_date: '2017-12-30',
    approved_places: 1,
    children_placed: 0,
  },
  {
    household_id: 'h10',
    carer_type: 'connected',
    approval_date: '2011-01-01',
    last_review_date: '2018-10-10',
    last_supervision_date: '2018-12-10',
    last_unannounced_visit_date: '2018-10-10',
    approved_places: 1,
    children_placed: 1,
  },
];

const NOVEMBER_2019: Household[] = [
  {
    household_id: 'h1',
    carer_type: 'mainstream',
    approval_date: '2010-05-01',
    last_review_date: '2018-12-31',
    last_supervision_date: '2019-11-10',
    last_unannounced_visit_date: '2018-12-31',
    approved_places: 3,
    children_placed: 2,
    hive: 'Andover',
  },
  // supervision 43 days before 30 November
  {
    household_id: 'h2',
    carer_type: 'mainstream',
    approval_date: '2015-03-01',
    last_review_date: '2018-12-30',
    last_supervision_date: '2019-10-18',
    last_unannounced_visit_date: '2018-12-30',
    approved_places: 2,
    children_placed: 1,
    hive: 'Andover',
  },
  // approved 11 months before: supervision 42 days before counts, nothing else due
  {
    household_id: 'h4',
    carer_type: 'connected',
    approval_date: '2018-12-31',
    last_supervision_date: '2019-10-19',
    approved_places: 1,
    children_placed: 0,
    hive: 'Basing',
  },
  {
    household_id: 'h5',
    carer_type: 'short_breaks',
    approval_date: '2018-12-30',
    approved_places: 2,
    children_placed: 0,
  },
  {
    household_id: 'h6',
    carer_type: 'mainstream',
    approval_date: '2012-01-01',
    last_review_date: '2019-01-01',
    last_supervision_date: '2019-11-01',
    last_unannounced_visit_date: '2019-01-01',
    approved_places: 2,
    children_placed: 2,
    hive: 'Andover',
  },
  {
    household_id: 'h8',
    carer_type: 'mainstream',
    approval_date: '2016-06-01',
    last_review_date: '2019-06-01',
    last_supervision_date: '2019-11-01',
    last_unannounced_visit_date: '2019-06-01',
    approved_places: 1,
    children_placed: 1,
  },
  // de-registered in the month: counted there and nowhere else
  {
    household_id: 'h9',
    carer_type: 'mainstream',
    approval_date: '2010-01-01',
    deregistration_date: '2019-11-20',
    deregistration_reason: 'moved_area',
    last_review_date: '2019-06-01',
    last_supervision_date: '2019-11-01',
    last_unannounced_visit_date: '2019-06-01',
    approved_places: 1,
    children_placed: 0,
    hive: 'Basing',
  },
];

const DECEMBER_2019: Household[] = [
  // review exactly 12 months, supervision exactly 42 days, unannounced visit exactly 12 months before
  {
    household_id: 'h1',
    carer_type: 'mainstream',
    approval_date: '2010-05-01',
    last_review_date: '2018-12-31',
    last_supervision_date: '2019-11-19',
    last_unannounced_visit_date: '2018-12-31',
    approved_places: 3,
    children_placed: 2,
    hive: 'Andover',
  },
  // each a day too old: review out of timescale, supervision 43 days, unannounced visit overdue
  {
    household_id: 'h2',
    carer_type: 'mainstream',
    approval_date: '2015-03-01',
    last_review_date: '2018-12-30',
    last_supervision_date: '2019-11-18',
    last_unannounced_visit_date: '2018-12-30',
    approved_places: 2,
    children_placed: 1,
    hive: 'Andover',
  },
  // approved in the month: out of the review and unannounced denominators, supervised in time
  {
    household_id: 'h3',
    carer_type: 'connected',
    approval_date: '2019-12-10',
    last_supervision_date: '2019-12-20',
    approved_places: 1,
    children_placed: 1,
  },
  // approved exactly 12 months before month end: not "more than 12 months", so not due
  {
    household_id: 'h4',
    carer_type: 'connected',
    approval_date: '2018-12-31',
    approved_places: 1,
    children_placed: 0,
    hive: 'Basing',
  },
  // approved 12 months and a day before: review (on the month end) due and done, no unannounced visit
  {
    household_id: 'h5',
    carer_type: 'short_breaks',
    approval_date: '2018-12-30',
    last_review_date: '2019-12-31',
    last_supervision_date: '2019-12-31',
    approved_places: 2,
  },
  // de-registered mid-month, still in a Hive in the extract: in no month-end figure
  {
    household_id: 'h6',
    carer_type: 'mainstream',
    approval_date: '2012-01-01',
    deregistration_date: '2019-12-15',
    deregistration_reason: 'retirement',
    last_review_date: '2019-01-01',
    last_supervision_date: '2019-12-01',
    last_unannounced_visit_date: '2019-01-01',
    approved_places: 2,
    children_placed: 2,
    hive: 'Andover',
  },
  // approved and de-registered in the month, de-registered on the month end itself
  {
    household_id: 'h7',
    carer_type: 'mainstream',
    approval_date: '2019-12-02',
    deregistration_date: '2019-12-31',
    deregistration_reason: 'personal_circumstances',
    approved_places: 1,
    children_placed: 0,
  },
  // a blank Hive name is no Hive
  {
    household_id: 'h8',
    carer_type: 'mainstream',
    approval_date: '2016-06-01',
    last_review_date: '2019-06-01',
    last_supervision_date: '2019-12-01',
    last_unannounced_visit_date: '2019-06-01',
    approved_places: 1,
    children_placed: 1,
    hive: '  ',
  },
];

async function hampshireFixture(): Promise<DuckDBConnection> {
  const connection = await reportFixture();
  await insertSnapshot(connection, 'foster_households', '850', '2018-12', DECEMBER_2018);
  await insertSnapshot(connection, 'foster_households', '850', '2019-11', NOVEMBER_2019);
  await insertSnapshot(connection, 'foster_households', '850', '2019-12', DECEMBER_2019);
  // After the build month: h11 approved on 28 December 2019 but first recorded in January.
  await insertSnapshot(connection, 'foster_households', '850', '2020-01', [
    ...DECEMBER_2019.filter((h) => !h.deregistration_date),
    {
      household_id: 'h11',
      carer_type: 'mainstream',
      approval_date: '2019-12-28',
      approved_places: 2,
      children_placed: 2,
    },
  ]);
  // Another LA's households in the same month must not leak in.
  await insertSnapshot(connection, 'foster_households', '921', '2019-12', [
    {
      household_id: 'h1',
      carer_type: 'mainstream',
      approval_date: '2019-06-01',
      hive: 'Ryde',
      children_placed: 3,
    },
  ]);
  await insertSnapshot(connection, 'foster_households', '921', '2019-11', [
    {
      household_id: 'w1',
      carer_type: 'connected',
      approval_date: '2015-06-01',
      deregistration_date: '2019-11-05',
      deregistration_reason: 'other',
    },
  ]);
  return connection;
}

const NO_YEAR_EARLIER = {
  households_registered_12m_ago: null,
  households_mainstream_12m_ago: null,
  households_connected_12m_ago: null,
  households_short_breaks_12m_ago: null,
  households_change_12m: null,
  mainstream_change_12m: null,
  connected_change_12m: null,
  short_breaks_change_12m: null,
};

describe('fostering_monthly', () => {
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await hampshireFixture();
  });

  test('counts month-end households, events in the month and the timeliness measures', async () => {
    const rows = await runReport(connection, 'fostering_monthly', '850', '2019-12', ['month']);
    expect(rows).toEqual([
      {
        la_code: '850',
        as_of: '2019-12',
        month: '2018-12-01',
        month_end: '2018-12-31',
        financial_year: '2018-19',
        // h1 h2 h6 h8 h9 mainstream, h4 h10 connected, h5 short breaks
        households_registered: 8,
        households_mainstream: 5,
        households_connected: 2,
        households_short_breaks: 1,
        approvals: 2, // h4, h5
        deregistrations: 0,
        // due: h1 h2 h6 h8 h9 h10 (not h4, h5); in time: h1 h6 h8 h10
        pct_reviews_in_timescale: pct(4, 6),
        // h1 h6 h8 (42 days) h10; not h2 (none), h4 h5 (none), h9 (43 days)
        pct_supervision_timely: pct(4, 8),
        unannounced_visits_overdue: 2, // h2 (none), h9 (12 months and a day)
        hive_households: 0,
        hive_children: 0,
        reviews_due: 6,
        reviews_in_timescale: 4,
        supervision_timely: 4,
        unannounced_visits_due: 6,
        hives: 0,
        pct_households_in_hive: 0,
        children_placed: 7,
        approved_places: 13,
        approvals_financial_year_to_date: 2,
        deregistrations_financial_year_to_date: 0,
        ...NO_YEAR_EARLIER,
      },
      {
        la_code: '850',
        as_of: '2019-12',
        month: '2019-11-01',
        month_end: '2019-11-30',
        financial_year: '2019-20',
        // h1 h2 h6 h8 mainstream, h4 connected, h5 short breaks; h9 de-registered
        households_registered: 6,
        households_mainstream: 4,
        households_connected: 1,
        households_short_breaks: 1,
        approvals: 0,
        deregistrations: 1, // h9
        pct_reviews_in_timescale: pct(4, 4), // h1 h2 h6 h8
        pct_supervision_timely: pct(4, 6), // h1 h4 (42 days) h6 h8; not h2 (43), h5
        unannounced_visits_overdue: 0,
        hive_households: 4, // h1 h2 h6 Andover, h4 Basing (h9 de-registered)
        hive_children: 5,
        reviews_due: 4,
        reviews_in_timescale: 4,
        supervision_timely: 4,
        unannounced_visits_due: 4,
        hives: 2,
        pct_households_in_hive: pct(4, 6),
        children_placed: 6,
        approved_places: 11,
        approvals_financial_year_to_date: 0,
        deregistrations_financial_year_to_date: 1,
        ...NO_YEAR_EARLIER,
      },
      {
        la_code: '850',
        as_of: '2019-12',
        month: '2019-12-01',
        month_end: '2019-12-31',
        financial_year: '2019-20',
        // h1 h2 h8 mainstream, h3 h4 connected, h5 short breaks; h6 h7 de-registered
        households_registered: 6,
        households_mainstream: 3,
        households_connected: 2,
        households_short_breaks: 1,
        approvals: 2, // h3, h7
        deregistrations: 2, // h6, h7
        // due: h1 h2 h5 h8 (h3 new, h4 exactly 12 months); in time: h1 (exactly 12 months) h5 h8
        pct_reviews_in_timescale: pct(3, 4),
        // h1 (42 days) h3 h5 (0 days) h8; not h2 (43 days), h4 (none)
        pct_supervision_timely: pct(4, 6),
        unannounced_visits_overdue: 2, // h2 (a day too old), h5 (none)
        hive_households: 3, // h1 h2 Andover, h4 Basing
        hive_children: 3,
        reviews_due: 4,
        reviews_in_timescale: 3,
        supervision_timely: 4,
        unannounced_visits_due: 4,
        hives: 2,
        pct_households_in_hive: pct(3, 6),
        children_placed: 5, // h5's blank children_placed counts 0
        approved_places: 10,
        approvals_financial_year_to_date: 2, // h3, h7 (h4, h5 were in 2018-19)
        deregistrations_financial_year_to_date: 3, // h9, h6, h7
        households_registered_12m_ago: 8,
        households_mainstream_12m_ago: 5,
        households_connected_12m_ago: 2,
        households_short_breaks_12m_ago: 1,
        households_change_12m: -2,
        mainstream_change_12m: -2,
        connected_change_12m: 0,
        short_breaks_change_12m: 0,
      },
    ]);
  });

  test('a later build counts an approval first recorded after its month', async () => {
    const rows = await runReport(connection, 'fostering_monthly', '850', '2020-01', ['month']);
    expect(rows.map((r) => r.month)).toEqual([
      '2018-12-01',
      '2019-11-01',
      '2019-12-01',
      '2020-01-01',
    ]);
    const december = rows[2]!;
    expect(december.as_of).toBe('2020-01');
    expect(december.approvals).toBe(3); // h3, h7 and h11
    expect(december.approvals_financial_year_to_date).toBe(3);
    expect(december.households_registered).toBe(6); // h11 was not in the December extract
    expect(rows[3]!.households_registered).toBe(7);
  });

  test('percentages are null when nobody is due, and other LAs stay apart', async () => {
    const rows = await runReport(connection, 'fostering_monthly', '921', '2019-12', ['month']);
    expect(rows).toHaveLength(2);
    const [november, december] = rows as [Record<string, unknown>, Record<string, unknown>];
    expect(november).toMatchObject({
      la_code: '921',
      households_registered: 0,
      deregistrations: 1,
      pct_reviews_in_timescale: null,
      pct_supervision_timely: null,
      pct_households_in_hive: null,
      hive_households: 0,
      hive_children: 0,
    });
    expect(december).toMatchObject({
      households_registered: 1,
      approvals: 0,
      reviews_due: 0,
      pct_reviews_in_timescale: null,
      pct_supervision_timely: 0,
      unannounced_visits_overdue: 0,
      hive_households: 1,
      hive_children: 3,
      hives: 1,
      deregistrations_financial_year_to_date: 1,
    });
  });
});
