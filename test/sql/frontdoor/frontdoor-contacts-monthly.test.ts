import type { DuckDBConnection } from '@duckdb/node-api';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';
import { deliverMonth, type ReportRow, runReport, sortBy } from './frontdoor-fixture.js';

type Contact = {
  status: 'open' | 'new' | null;
  source: string | null;
  outcome: 'closed' | 'referral' | 'other' | null;
  date: string;
};

const contact = (
  date: string,
  status: Contact['status'],
  source: string | null,
  outcome: Contact['outcome'],
): Contact => ({ date, status, source, outcome });

let serial = 0;
async function deliverContacts(
  connection: DuckDBConnection,
  laCode: string,
  month: string,
  contacts: readonly Contact[],
): Promise<void> {
  await deliverMonth(
    connection,
    'contacts',
    laCode,
    month,
    contacts.map((c) => {
      serial += 1;
      return {
        contact_id: `c${serial}`,
        child_id: `k${serial}`,
        contact_date: c.date,
        source: c.source,
        case_status: c.status,
        outcome: c.outcome,
      };
    }),
  );
}

/**
 * January 2023, LA 850: 2 open-case contacts, 13 new-case contacts and 1 with no case status.
 * By hand, new cases only:
 *   sources   education 2A, 2B, 2A = 3; health 3A, 3F = 2; police 6, 6, 6 = 3;
 *             other 1A, 10, blank '', NULL, 5D = 5 (2 of them not recorded)       -> 13
 *   outcomes  closed 2A, 3F, 6, 1A, NULL-source = 5; referral 2B, 6, '' = 3;
 *             other 3A, 6, 10, 5D = 4; not recorded (the third 2A) = 1            -> 13
 *   pct_resolved = (5 + 4) / (5 + 3 + 4) = 75%
 * The open-case contacts (2A closed, 6 referral) count only in contacts_open_cases and total.
 */
const JANUARY: Contact[] = [
  contact('2023-01-03', 'open', '2A', 'closed'),
  contact('2023-01-31', 'open', '6', 'referral'),
  contact('2023-01-04', 'new', '2A', 'closed'),
  contact('2023-01-05', 'new', '2B', 'referral'),
  contact('2023-01-06', 'new', '2A', null),
  contact('2023-01-09', 'new', '3A', 'other'),
  contact('2023-01-10', 'new', '3F', 'closed'),
  contact('2023-01-11', 'new', '6', 'referral'),
  contact('2023-01-12', 'new', '6', 'closed'),
  contact('2023-01-13', 'new', '6', 'other'),
  contact('2023-01-16', 'new', '1A', 'closed'),
  contact('2023-01-17', 'new', '10', 'other'),
  contact('2023-01-18', 'new', '', 'referral'),
  contact('2023-01-19', 'new', null, 'closed'),
  contact('2023-01-20', 'new', '5D', 'other'),
  contact('2023-01-21', null, '3B', 'closed'),
];

describe('frontdoor_contacts_monthly', () => {
  let connection: DuckDBConnection;

  beforeAll(async () => {
    connection = await warehouseFixture();
    await createReferenceTables(connection);
    await deliverContacts(connection, '850', '2023-01', JANUARY);
    // February is first delivered with ten contacts, then re-sent with four: only the re-sent
    // rows count (3 new, all closed; 1 open).
    await deliverContacts(
      connection,
      '850',
      '2023-02',
      Array.from({ length: 10 }, () => contact('2023-02-01', 'new', '6', 'referral')),
    );
    await deliverContacts(connection, '850', '2023-02', [
      contact('2023-02-01', 'new', '2A', 'closed'),
      contact('2023-02-14', 'new', '3A', 'closed'),
      contact('2023-02-28', 'new', '6', 'closed'),
      contact('2023-02-28', 'open', '6', 'closed'),
    ]);
    // March: open cases only, so no new-case denominator.
    await deliverContacts(connection, '850', '2023-03', [
      contact('2023-03-01', 'open', '2A', 'closed'),
      contact('2023-03-31', 'open', '3A', 'other'),
    ]);
    // April: no contacts delivered (a referral only), so no contacts row.
    await deliverMonth(connection, 'referrals', '850', '2023-04', [
      { referral_id: 'r1', child_id: 'k1', referral_date: '2023-04-03', outcome: 'closed' },
    ]);
    await deliverContacts(connection, '850', '2023-05', [
      contact('2023-05-02', 'new', '8', 'referral'),
    ]);
    // After the build month, and another LA's contacts: never counted.
    await deliverContacts(connection, '850', '2023-06', [
      contact('2023-06-01', 'new', '2A', 'closed'),
    ]);
    await deliverContacts(
      connection,
      '921',
      '2023-01',
      Array.from({ length: 5 }, () => contact('2023-01-10', 'new', '2A', 'closed')),
    );
  });

  async function build(asOf: string): Promise<ReportRow[]> {
    const { rows } = await runReport(connection, 'frontdoor_contacts_monthly', {
      la_code: '850',
      as_of: asOf,
    });
    return sortBy(rows, 'month');
  }

  test('counts open, new and all contacts; sources and outcomes on new cases only', async () => {
    const [january] = await build('2023-05');
    expect(january).toEqual({
      la_code: '850',
      as_of: '2023-05',
      month: '2023-01-01',
      financial_year: '2022-23',
      contacts_open_cases: 2,
      contacts_new_cases: 13,
      contacts_total: 16,
      contacts_case_status_not_recorded: 1,
      source_education: 3,
      source_health: 2,
      source_police: 3,
      source_other: 5,
      source_not_recorded: 2,
      outcome_closed: 5,
      outcome_referral: 3,
      outcome_other: 4,
      outcome_not_recorded: 1,
      pct_resolved: 75,
      // January 2023: 22 weekdays less New Year's Day (Monday 2 January).
      working_days: 21,
      contacts_per_working_day: 16 / 21,
      contacts_total_3m_avg: null,
      contacts_new_cases_3m_avg: null,
    });
  });

  test('months with a delivery up to as_of, a re-sent month replacing the first, moving averages over whole runs of months', async () => {
    const rows = await build('2023-05');
    expect(rows.map((r) => r.month)).toEqual([
      '2023-01-01',
      '2023-02-01',
      '2023-03-01',
      '2023-05-01',
    ]);
    const [, february, march, may] = rows;
    expect(february).toMatchObject({
      contacts_open_cases: 1,
      contacts_new_cases: 3,
      contacts_total: 4,
      source_education: 1,
      source_health: 1,
      source_police: 1,
      source_other: 0,
      outcome_closed: 3,
      outcome_referral: 0,
      outcome_other: 0,
      pct_resolved: 100,
      working_days: 20,
      contacts_per_working_day: 4 / 20,
      contacts_total_3m_avg: null,
    });
    expect(march).toMatchObject({
      financial_year: '2022-23',
      contacts_open_cases: 2,
      contacts_new_cases: 0,
      contacts_total: 2,
      pct_resolved: null,
      working_days: 23,
      // January 16, February 4, March 2.
      contacts_total_3m_avg: 22 / 3,
      contacts_new_cases_3m_avg: (13 + 3 + 0) / 3,
    });
    // April had no contacts, so May has no three-month run behind it.
    expect(may).toMatchObject({
      financial_year: '2023-24',
      contacts_new_cases: 1,
      source_other: 1,
      outcome_referral: 1,
      pct_resolved: 0,
      contacts_total_3m_avg: null,
    });
  });

  test('a build for an earlier month ignores later deliveries', async () => {
    const rows = await build('2023-02');
    expect(rows.map((r) => [r.month, r.as_of, r.contacts_total])).toEqual([
      ['2023-01-01', '2023-02', 16],
      ['2023-02-01', '2023-02', 4],
    ]);
  });

  test('another LA gets only its own contacts', async () => {
    const { rows } = await runReport(connection, 'frontdoor_contacts_monthly', {
      la_code: '921',
      as_of: '2023-12',
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      la_code: '921',
      month: '2023-01-01',
      contacts_total: 5,
      source_education: 5,
      pct_resolved: 100,
    });
  });
});
