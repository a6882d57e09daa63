import type { DuckDBConnection } from '@duckdb/node-api';
import { createReferenceTables } from '../../../functions/core/reference/index.js';
import type { FixtureValue } from '../../helpers/sql-fixture.js';
import { warehouseFixture } from '../../helpers/sql-fixture.js';
import { addDays, bulkInsert, type ReportRow, runReport, sortBy } from './frontdoor-fixture.js';
import { SEED_004_MONTHS, type SeedMonth } from './seed-004-appendix-1.js';

/**
 * Seed consistency: record-level contacts, referrals, S47s and assessments for Hampshire built
 * so that they add up to every printed figure of seed 004's Appendix 1 (all 23 months, January
 * 2018 to November 2019; see seed-004-appendix-1.ts for how the lost grid was decoded), then
 * the front-door tables must print those figures back. The records are built from the printed
 * counts only; nothing here re-derives a table column the way the SQL does.
 */

type Row = Record<string, FixtureValue>;

const LA = '850';
const HEALTH_CODES = ['3A', '3B', '3C', '3D', '3E', '3F'];
/** "Other" in the monthly tables: every remaining CIN code, 10 (unknown) and blank included. */
const OTHER_CODES = [
  '1A',
  '1B',
  '1C',
  '1D',
  '4',
  '5A',
  '5B',
  '5C',
  '5D',
  '7',
  '8',
  '9',
  '10',
  '',
  null,
];

/** The i-th record's date: the days of the month in turn. */
function dayOf(month: string, i: number): string {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return `${month}-${String(1 + (i % days)).padStart(2, '0')}`;
}
const repeat = <T>(value: T, count: number): T[] => Array.from({ length: count }, () => value);

/** Source codes for [education, health, police, other] counts, spread over each group's codes. */
function sourceCodes([education, health, police, other]: readonly number[]): (string | null)[] {
  return [
    ...Array.from({ length: education! }, (_, i) => (i % 2 === 0 ? '2A' : '2B')),
    ...Array.from({ length: health! }, (_, i) => HEALTH_CODES[i % HEALTH_CODES.length]!),
    ...repeat('6', police!),
    ...Array.from({ length: other! }, (_, i) => OTHER_CODES[i % OTHER_CODES.length]!),
  ];
}

/** Interleaves a block list so that outcomes do not line up with sources. */
function shuffle<T>(items: readonly T[]): T[] {
  // A prime larger than any month's count, so i -> i * stride mod n visits every item once.
  const stride = 104_729;
  return items.map((_, i) => items[(i * stride) % items.length]!);
}

/** Timely assessments for the printed count and (rounded) percentage. */
const timelyFor = ({ assessments: { completed, pctTimely } }: Pick<SeedMonth, 'assessments'>) =>
  Math.round((completed * pctTimely) / 100);

function records(seed: SeedMonth) {
  const { month, contacts: c, referrals: r } = seed;
  const contactSources = sourceCodes(c.sources);
  const contactOutcomes = shuffle([
    ...repeat('closed', c.closed),
    ...repeat('referral', c.referral),
    ...repeat('other', c.other),
  ]);
  const contacts: Row[] = [
    // Contacts on open cases are all police referrals here: counting them in the source or
    // outcome columns would show at once.
    ...Array.from({ length: c.open }, (_, i) => ({
      la_code: LA,
      month,
      contact_id: `${month}-o${i}`,
      child_id: `${month}-o${i}`,
      contact_date: dayOf(month, i),
      source: '6',
      case_status: 'open',
      outcome: 'referral',
    })),
    ...contactSources.map((source, i) => ({
      la_code: LA,
      month,
      contact_id: `${month}-n${i}`,
      child_id: `${month}-n${i}`,
      contact_date: dayOf(month, i),
      source,
      case_status: 'new',
      outcome: contactOutcomes[i]!,
    })),
  ];
  const referralOutcomes = shuffle([
    ...repeat('closed', r.closed),
    ...repeat('other', r.other),
    ...repeat('assessment', r.assessment),
  ]);
  const referrals: Row[] = sourceCodes(r.sources).map((source, i) => ({
    la_code: LA,
    month,
    referral_id: `${month}-r${i}`,
    child_id: `${month}-r${i}`,
    referral_date: dayOf(month, i),
    source,
    priority: i % 10 === 0 ? 'cp' : 'cin',
    outcome: referralOutcomes[i]!,
  }));
  const s47: Row[] = Array.from({ length: seed.s47 }, (_, i) => ({
    la_code: LA,
    month,
    s47_id: `${month}-s${i}`,
    child_id: `${month}-s${i}`,
    strategy_discussion_date: dayOf(month, i),
  }));
  // Timely ones start 10 calendar days before authorisation (at most 8 working days); late
  // ones 100 calendar days before (at least 60 working days).
  const timely = timelyFor(seed);
  const assessments: Row[] = Array.from({ length: seed.assessments.completed }, (_, i) => ({
    la_code: LA,
    month,
    assessment_id: `${month}-a${i}`,
    child_id: `${month}-a${i}`,
    start_date: addDays(dayOf(month, i), i < timely ? -10 : -100),
    authorised_date: dayOf(month, i),
  }));
  return { contacts, referrals, s47, assessments };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('seed 004 Appendix 1: the front-door tables print the published figures', () => {
  let connection: DuckDBConnection;
  let contactsMonthly: Map<string, ReportRow>;
  let referralsMonthly: Map<string, ReportRow>;

  test('the decoded grid is self-consistent in every month', () => {
    expect(SEED_004_MONTHS).toHaveLength(23);
    for (const { month, contacts: c, referrals: r, assessments: a } of SEED_004_MONTHS) {
      const checks = {
        month,
        openPlusNew: c.open + c.new === c.total,
        sourcesAreNewCases: sum(c.sources) === c.new,
        outcomesAreNewCases: c.closed + c.referral + c.other === c.new,
        pctResolved: Math.round((100 * (c.closed + c.other)) / c.new) === c.pctResolved,
        referralSources: sum(r.sources) === r.total,
        referralOutcomes: r.closed + r.other + r.assessment === r.total,
        pctProgressed: Math.round((100 * r.assessment) / r.total) === r.pctProgressed,
        timelyRoundsToPrinted:
          Math.round((100 * timelyFor({ assessments: a })) / a.completed) === a.pctTimely,
      };
      expect(checks).toEqual({
        month,
        openPlusNew: true,
        sourcesAreNewCases: true,
        outcomesAreNewCases: true,
        pctResolved: true,
        referralSources: true,
        referralOutcomes: true,
        pctProgressed: true,
        timelyRoundsToPrinted: true,
      });
    }
  });

  describe('built from records', () => {
    beforeAll(async () => {
      connection = await warehouseFixture();
      await createReferenceTables(connection);
      const built = SEED_004_MONTHS.map(records);
      await bulkInsert(
        connection,
        'contacts',
        built.flatMap((b) => b.contacts),
      );
      await bulkInsert(
        connection,
        'referrals',
        built.flatMap((b) => b.referrals),
      );
      await bulkInsert(
        connection,
        's47_enquiries',
        built.flatMap((b) => b.s47),
      );
      await bulkInsert(
        connection,
        'assessments',
        built.flatMap((b) => b.assessments),
      );
      const params = { la_code: '850', as_of: '2019-11' };
      const byMonth = (rows: ReportRow[]) =>
        new Map(rows.map((row) => [String(row.month).slice(0, 7), row]));
      contactsMonthly = byMonth(
        (await runReport(connection, 'frontdoor_contacts_monthly', params)).rows,
      );
      referralsMonthly = byMonth(
        (await runReport(connection, 'frontdoor_referrals_monthly', params)).rows,
      );
    });

    test.each(SEED_004_MONTHS.map((seed) => [seed.month, seed] as const))(
      '%s: contacts, sources, outcomes, % resolved',
      (month, seed) => {
        const row = contactsMonthly.get(month)!;
        const c = seed.contacts;
        expect(row).toMatchObject({
          contacts_open_cases: c.open,
          contacts_new_cases: c.new,
          contacts_total: c.total,
          source_education: c.sources[0],
          source_health: c.sources[1],
          source_police: c.sources[2],
          source_other: c.sources[3],
          outcome_closed: c.closed,
          outcome_referral: c.referral,
          outcome_other: c.other,
        });
        expect(Math.round(row.pct_resolved as number)).toBe(c.pctResolved);
      },
    );

    test.each(SEED_004_MONTHS.map((seed) => [seed.month, seed] as const))(
      '%s: referrals, sources, outcomes, % progressed, S47, C&F timeliness',
      (month, seed) => {
        const row = referralsMonthly.get(month)!;
        const r = seed.referrals;
        expect(row).toMatchObject({
          referrals_total: r.total,
          source_education: r.sources[0],
          source_health: r.sources[1],
          source_police: r.sources[2],
          source_other: r.sources[3],
          outcome_closed: r.closed,
          outcome_other: r.other,
          outcome_assessment: r.assessment,
          s47_started: seed.s47,
          assessments_completed: seed.assessments.completed,
          assessments_timely: timelyFor(seed),
        });
        expect(Math.round(row.pct_progressed_to_assessment as number)).toBe(r.pctProgressed);
        expect(Math.round(row.pct_assessments_timely as number)).toBe(seed.assessments.pctTimely);
      },
    );

    test('only the 23 published months appear', () => {
      expect([...contactsMonthly.keys()].sort()).toEqual(SEED_004_MONTHS.map((s) => s.month));
      expect([...referralsMonthly.keys()].sort()).toEqual(SEED_004_MONTHS.map((s) => s.month));
    });

    test('2018-19 in the annual tables is the sum of its twelve published months', async () => {
      const year = SEED_004_MONTHS.filter((s) => s.month >= '2018-04' && s.month <= '2019-03');
      expect(year).toHaveLength(12);
      const params = { la_code: '850', as_of: '2019-11' };
      const annual = sortBy(
        (await runReport(connection, 'frontdoor_annual', params)).rows,
        'financial_year',
      );
      expect(annual.map((r) => [r.financial_year, r.months_included, r.is_partial_year])).toEqual([
        ['2017-18', 3, true],
        ['2018-19', 12, false],
        ['2019-20', 8, true],
      ]);
      expect(annual[1]).toMatchObject({
        contacts_total: sum(year.map((s) => s.contacts.total)),
        contacts_new_cases: sum(year.map((s) => s.contacts.new)),
        referrals_total: sum(year.map((s) => s.referrals.total)),
        s47_started: sum(year.map((s) => s.s47)),
        assessments_completed: sum(year.map((s) => s.assessments.completed)),
        assessments_timely: sum(year.map(timelyFor)),
      });
      const sources = (
        await runReport(connection, 'frontdoor_referral_sources_annual', params)
      ).rows.filter((r) => r.financial_year === '2018-19');
      const group = (name: string) => sources.find((r) => r.source_group === name)?.referrals;
      expect(group('Education')).toBe(sum(year.map((s) => s.referrals.sources[0])));
      expect(group('Health Services')).toBe(sum(year.map((s) => s.referrals.sources[1])));
      expect(group('Police')).toBe(sum(year.map((s) => s.referrals.sources[2])));
      const others = sources
        .filter((r) => !['Education', 'Health Services', 'Police'].includes(String(r.source_group)))
        .reduce((total, r) => total + Number(r.referrals), 0);
      expect(others).toBe(sum(year.map((s) => s.referrals.sources[3])));
    });
  });
});
