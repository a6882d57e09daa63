import type { DuckDBConnection } from '@duckdb/node-api';
import { insertSnapshot, pct, reportFixture, runReport } from './fixtures.js';

const CARER_TYPES = ['mainstream', 'connected', 'short_breaks'];
const REASONS = [
  'moved_area',
  'personal_circumstances',
  'retirement',
  'dissatisfaction',
  'permanence_order',
  'standards_of_care',
  'other',
];

function deregistered(id: string, carerType: string, date: string, reason: string) {
  return {
    household_id: id,
    carer_type: carerType,
    approval_date: '2012-04-01',
    deregistration_date: date,
    deregistration_reason: reason,
  };
}

const STILL_REGISTERED = {
  household_id: 'r1',
  carer_type: 'mainstream',
  approval_date: '2010-01-01',
};

async function fixture(): Promise<DuckDBConnection> {
  const connection = await reportFixture();
  const snapshots: [string, ReturnType<typeof deregistered>[]][] = [
    ['2019-03', [deregistered('d1', 'mainstream', '2019-03-31', 'retirement')]], // last day of 2018-19
    ['2019-04', [deregistered('d2', 'mainstream', '2019-04-01', 'retirement')]], // first day of 2019-20
    // d7 first recorded as "other", corrected next month to "dissatisfaction": counted once, corrected
    ['2019-05', [deregistered('d7', 'mainstream', '2019-05-20', 'other')]],
    [
      '2019-06',
      [
        deregistered('d3', 'connected', '2019-06-10', 'permanence_order'),
        deregistered('d7', 'mainstream', '2019-05-20', 'dissatisfaction'),
      ],
    ],
    ['2019-09', [deregistered('d4', 'connected', '2019-09-10', 'permanence_order')]],
    ['2020-03', [deregistered('d5', 'short_breaks', '2020-03-15', 'standards_of_care')]],
    ['2020-04', [deregistered('d6', 'mainstream', '2020-04-02', 'moved_area')]],
    // after the build month
    ['2020-05', [deregistered('d8', 'connected', '2020-05-10', 'retirement')]],
  ];
  for (const [month, rows] of snapshots) {
    await insertSnapshot(connection, 'foster_households', '850', month, [
      STILL_REGISTERED,
      ...rows,
    ]);
  }
  await insertSnapshot(connection, 'foster_households', '921', '2019-06', [
    deregistered('d1', 'mainstream', '2019-06-03', 'retirement'),
  ]);
  return connection;
}

/** The non-zero cells, worked out from the fixture above. */
const EXPECTED: Record<string, number> = {
  '2018-19 mainstream retirement': 1, // d1
  '2019-20 mainstream retirement': 1, // d2
  '2019-20 mainstream dissatisfaction': 1, // d7, as corrected
  '2019-20 connected permanence_order': 2, // d3, d4
  '2019-20 short_breaks standards_of_care': 1, // d5
  '2020-21 mainstream moved_area': 1, // d6 (d8 is after the build month)
};
const YEAR_TOTALS: Record<string, number> = { '2018-19': 1, '2019-20': 5, '2020-21': 1 };

function expectedRows(asOf: string, complete: Record<string, boolean>) {
  const rows = [];
  for (const year of Object.keys(complete)) {
    for (const carerType of CARER_TYPES) {
      for (const reason of REASONS) {
        const households = EXPECTED[`${year} ${carerType} ${reason}`] ?? 0;
        const byType = REASONS.reduce(
          (n, r) => n + (EXPECTED[`${year} ${carerType} ${r}`] ?? 0),
          0,
        );
        const byReason = CARER_TYPES.reduce(
          (n, t) => n + (EXPECTED[`${year} ${t} ${reason}`] ?? 0),
          0,
        );
        rows.push({
          la_code: '850',
          as_of: asOf,
          financial_year: year,
          carer_type: carerType,
          reason,
          households,
          households_carer_type: byType,
          households_reason: byReason,
          households_financial_year: YEAR_TOTALS[year]!,
          pct_of_financial_year: pct(households, YEAR_TOTALS[year]!),
          is_complete_year: complete[year],
        });
      }
    }
  }
  const key = (r: { financial_year: string; carer_type: string; reason: string }) =>
    `${r.financial_year}|${r.carer_type}|${r.reason}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

describe('fostering_deregistrations', () => {
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await fixture();
  });

  test('every type and reason for every financial year, each household once', async () => {
    const rows = await runReport(connection, 'fostering_deregistrations', '850', '2020-04', [
      'financial_year',
      'carer_type',
      'reason',
    ]);
    expect(rows).toHaveLength(3 * 21);
    expect(rows).toEqual(
      expectedRows('2020-04', { '2018-19': true, '2019-20': true, '2020-21': false }),
    );
  });

  test('a year is complete from its March build', async () => {
    const march = await runReport(connection, 'fostering_deregistrations', '850', '2020-03');
    expect(
      [...new Set(march.map((r) => `${r.financial_year} ${r.is_complete_year}`))].sort(),
    ).toEqual(['2018-19 true', '2019-20 true']);
    const february = await runReport(connection, 'fostering_deregistrations', '850', '2020-02');
    expect(
      [...new Set(february.map((r) => `${r.financial_year} ${r.is_complete_year}`))].sort(),
    ).toEqual(['2018-19 true', '2019-20 false']);
    // d5 (15 March 2020) is not yet de-registered in a February build
    expect(
      february.filter((r) => r.financial_year === '2019-20')[0]!.households_financial_year,
    ).toBe(4);
  });

  test('de-registrations in fostering_monthly agree', async () => {
    const monthly = await runReport(connection, 'fostering_monthly', '850', '2020-04', ['month']);
    expect(
      monthly.map((r) => [r.month, r.deregistrations, r.deregistrations_financial_year_to_date]),
    ).toEqual([
      ['2019-03-01', 1, 1],
      ['2019-04-01', 1, 1],
      ['2019-05-01', 1, 2],
      ['2019-06-01', 1, 3],
      ['2019-09-01', 1, 4],
      ['2020-03-01', 1, 5],
      ['2020-04-01', 1, 1],
    ]);
  });
});
