import type { DuckDBConnection } from '@duckdb/node-api';
import { REFERRAL_SOURCES } from '../../../functions/core/extracts/index.js';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import type { FixtureValue } from '../../helpers/sql-fixture.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';
import { bulkInsert, type ReportRow, runReport } from './frontdoor-fixture.js';

/** Every CIN referral source code, in the order SPEC 3.1 lists them. */
const CODES = REFERRAL_SOURCES;

/**
 * 2022-23: one referral per code, one with a blank source, one with none, two more from the
 * police: 26. By hand, group by group (SPEC 4): Individual 4, Education 2, Health Services 6,
 * Housing 1, Local Authority Services 4, Police 3, Other legal agency 1, Other 1, Anonymous 1,
 * Unknown 1, Not recorded 2.
 */
const EXPECTED_2022_23: [string, number, string][] = [
  ['Individual', 4, '1A-1D'],
  ['Education', 2, '2A-2B'],
  ['Health Services', 6, '3A-3F'],
  ['Housing', 1, '4'],
  ['Local Authority Services', 4, '5A-5D'],
  ['Police', 3, '6'],
  ['Other legal agency', 1, '7'],
  ['Other', 1, '8'],
  ['Anonymous', 1, '9'],
  ['Unknown', 1, '10'],
  ['Not recorded', 2, 'blank'],
];

describe('frontdoor_referral_sources_annual', () => {
  let connection: DuckDBConnection;

  beforeAll(async () => {
    connection = await warehouseFixture();
    await createReferenceTables(connection);
    const referrals: Record<string, FixtureValue>[] = [];
    const add = (la: string, date: string, source: string | null) =>
      referrals.push({
        referral_id: `r${referrals.length}`,
        child_id: `k${referrals.length}`,
        referral_date: date,
        source,
        la_code: la,
        month: date.slice(0, 7),
      });
    // Spread over the year; the last on 31 March stays in 2022-23.
    CODES.forEach((code, i) => {
      add('850', `2022-${String(4 + (i % 9)).padStart(2, '0')}-15`, code);
    });
    add('850', '2023-01-10', '');
    add('850', '2023-02-10', null);
    add('850', '2023-03-01', '6');
    add('850', '2023-03-31', '6');
    // 1 April starts 2023-24.
    add('850', '2023-04-01', '6');
    // After the build month, and another LA: never counted.
    add('850', '2023-05-02', '2A');
    add('921', '2023-03-31', '2A');
    await bulkInsert(connection, 'referrals', referrals);
    // 2021-22 has a contact but no referrals.
    await bulkInsert(connection, 'contacts', [
      {
        contact_id: 'c1',
        child_id: 'k1',
        contact_date: '2022-02-15',
        la_code: '850',
        month: '2022-02',
      },
    ]);
  });

  test('every group for every year, counted over all referrals', async () => {
    const { rows } = await runReport(connection, 'frontdoor_referral_sources_annual', {
      la_code: '850',
      as_of: '2023-04',
    });
    const key = (r: ReportRow) =>
      `${r.financial_year}/${String(r.source_group_order).padStart(2, '0')}`;
    const sorted = [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    const expected = [
      ...EXPECTED_2022_23.map(([group, , codes], i) => ({
        financial_year: '2021-22',
        source_group: group,
        source_group_order: i + 1,
        source_codes: codes,
        referrals: 0,
        referrals_total: 0,
        pct_of_referrals: null,
        is_partial_year: true,
      })),
      ...EXPECTED_2022_23.map(([group, count, codes], i) => ({
        financial_year: '2022-23',
        source_group: group,
        source_group_order: i + 1,
        source_codes: codes,
        referrals: count,
        referrals_total: 26,
        pct_of_referrals: (100 * count) / 26,
        // Referrals in Apr-Dec, Jan, Feb and Mar: twelve months.
        is_partial_year: false,
      })),
      ...EXPECTED_2022_23.map(([group, , codes], i) => ({
        financial_year: '2023-24',
        source_group: group,
        source_group_order: i + 1,
        source_codes: codes,
        referrals: group === 'Police' ? 1 : 0,
        referrals_total: 1,
        pct_of_referrals: group === 'Police' ? 100 : 0,
        is_partial_year: true,
      })),
    ].map((row) => ({ la_code: '850', as_of: '2023-04', ...row }));
    expect(sorted).toHaveLength(33);
    sorted.forEach((row, i) => {
      const want = expected[i]!;
      expect(row).toEqual({ ...want, pct_of_referrals: row.pct_of_referrals });
      if (want.pct_of_referrals === null) expect(row.pct_of_referrals).toBeNull();
      else expect(row.pct_of_referrals).toBeCloseTo(want.pct_of_referrals, 12);
    });
    const total2022 = sorted
      .filter((r) => r.financial_year === '2022-23')
      .reduce((sum, r) => sum + Number(r.pct_of_referrals), 0);
    expect(total2022).toBeCloseTo(100, 10);
  });
});
