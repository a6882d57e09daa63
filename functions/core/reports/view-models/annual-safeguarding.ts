import { type ChartModel, chartModel } from '../chart-model.js';
import { formatMonthYear, formatNumber, formatShortMonth } from '../format.js';
import { financialYearLastMonth } from '../months.js';
import {
  type CommonModel,
  commonModel,
  type DataTable,
  type ReportContext,
  type TableCell,
  type TableRow,
} from '../report-model.js';
import { count, num, type Row, str, type TableReader, type TableReads } from '../report-tables.js';
import { range, rate, requireRows } from './figures.js';

/** The report tables and columns the Cabinet's annual safeguarding report reads. */
export const ANNUAL_SAFEGUARDING_TABLES: TableReads = {
  frontdoor_annual: {
    columns: [
      'financial_year',
      'is_partial_year',
      'months_included',
      'contacts_total',
      'referrals_total',
      's47_started',
      's47_to_icpc',
      'pct_s47_to_icpc',
      'assessments_completed',
      'assessments_timely',
      'pct_assessments_timely',
      'rereferrals_12m',
      'pct_rereferrals',
      'pct_change_contacts_total',
      'pct_change_referrals_total',
    ],
    orderBy: ['financial_year'],
  },
  frontdoor_referral_sources_annual: {
    columns: [
      'financial_year',
      'source_group',
      'source_group_order',
      'referrals',
      'pct_of_referrals',
    ],
    orderBy: ['financial_year', 'source_group_order'],
  },
  frontdoor_contacts_monthly: {
    columns: ['month', 'financial_year', 'contacts_total_3m_avg'],
    orderBy: ['month'],
  },
  frontdoor_referrals_monthly: {
    columns: ['month', 'financial_year', 'referrals_total_3m_avg'],
    orderBy: ['month'],
  },
  fostering_monthly: {
    columns: [
      'month',
      'households_registered',
      'households_change_12m',
      'approvals_financial_year_to_date',
      'deregistrations_financial_year_to_date',
    ],
    orderBy: ['month'],
  },
  care_leavers_in_touch_quarterly: {
    columns: ['quarter_end', 'pct_in_touch', 'benchmark_area', 'benchmark_pct'],
    orderBy: ['quarter_end'],
  },
  care_leavers_birthday_outcomes: {
    columns: ['year', 'age', 'pct_neet', 'pct_suitable_accommodation'],
    orderBy: ['year', 'age'],
  },
};

export interface YearFigures {
  readonly financialYear: string;
  readonly partial: boolean;
  readonly months: number;
  readonly contacts: number;
  readonly referrals: number;
  readonly pctChangeContacts: number | null;
  readonly pctS47ToIcpc: number | null;
  readonly pctTimely: number | null;
}

export interface AnnualSafeguardingModel extends CommonModel {
  /** The financial year reported on, e.g. "2020-21". */
  readonly financialYear: string;
  readonly years: readonly YearFigures[];
  readonly yearCount: number;
  /** "2016-17 to 2020-21", or the one year when there is only one. */
  readonly yearsRange: string;
  /** "the last 5 financial years", or "the 2020-21 financial year" when there is only one. */
  readonly yearsPhrase: string;
  readonly hasPartialYears: boolean;
  readonly latest: YearFigures;
  readonly previous: YearFigures | null;
  readonly beforePrevious: YearFigures | null;
  readonly first: YearFigures;
  /** Contacts in the reported year against the first year shown. */
  readonly pctChangeSinceFirst: number | null;
  readonly topSources: readonly { readonly group: string; readonly pct: number | null }[];
  readonly timelinessRange: { readonly min: number | null; readonly max: number | null };
  readonly contactsTable: DataTable;
  readonly s47Table: DataTable;
  readonly fostering: {
    readonly monthEnd: string;
    readonly registered: number;
    readonly change12: number | null;
    readonly approvals: number;
    readonly deregistrations: number;
  } | null;
  readonly careLeavers: {
    readonly quarterEnd: string | null;
    readonly pctInTouch: number | null;
    readonly benchmarkPct: number | null;
    readonly benchmarkArea: string | null;
    readonly hasBenchmark: boolean;
    readonly neetYear: number | null;
    readonly pctNeet18: number | null;
  } | null;
  readonly charts: { readonly years: ChartModel; readonly activity: ChartModel };
}

function yearFigures(row: Row): YearFigures {
  return {
    financialYear: String(row.financial_year),
    partial: row.is_partial_year === true,
    months: count(row, 'months_included'),
    contacts: count(row, 'contacts_total'),
    referrals: count(row, 'referrals_total'),
    pctChangeContacts: num(row, 'pct_change_contacts_total'),
    pctS47ToIcpc: num(row, 'pct_s47_to_icpc'),
    pctTimely: num(row, 'pct_assessments_timely'),
  };
}

/** A row of (number, %) pairs, one pair per year; a missing part prints blank. */
function pairRow(
  header: string,
  pairs: readonly [number | null, number | null][],
  pctFormat: 'percent1' | 'percent2',
  total = false,
): TableRow {
  const cells: TableCell[] = [];
  for (const [n, p] of pairs) {
    cells.push(n === null ? { value: null, format: 'blank' } : { value: n, format: 'number' });
    cells.push(p === null ? { value: null, format: 'blank' } : { value: p, format: pctFormat });
  }
  return { header, cells, total };
}

/**
 * The Cabinet's Annual Safeguarding Report (seed 001): five financial years of contacts,
 * referrals by source, section 47 enquiries to ICPC and assessment timeliness, with the
 * fostering and care leaver headlines.
 */
export async function annualSafeguardingModel(
  read: TableReader,
  context: ReportContext,
): Promise<AnnualSafeguardingModel> {
  const scope = { laCode: context.laCode, asOf: context.asOf };
  const annual = requireRows(await read('frontdoor_annual'), 'frontdoor_annual', scope);
  // Cabinet reads whole years; part years appear only while the history holds no whole year.
  const whole = annual.filter((r) => r.is_partial_year !== true);
  const shownRows = (whole.length > 0 ? whole : annual).slice(-5);
  const years = shownRows.map(yearFigures);
  const shown = new Set(years.map((y) => y.financialYear));
  const latest = years.at(-1)!;
  const fy = latest.financialYear;
  const yearsRange = years.length === 1 ? fy : `${years[0]!.financialYear} to ${fy}`;

  const sources = (await read('frontdoor_referral_sources_annual')).filter((r) =>
    shown.has(String(r.financial_year)),
  );
  const groups = [...new Set(sources.map((r) => String(r.source_group)))];
  const sourceCell = (year: string, group: string) =>
    sources.find((r) => r.financial_year === year && r.source_group === group);

  const header = [{ label: 'Contacts and referrals', numeric: false }];
  const pairColumns = years.flatMap(() => [
    { label: 'Number', numeric: true },
    { label: '%', numeric: true },
  ]);
  const yearGroups = [
    { label: '', span: 1 },
    ...years.map((y) => ({
      label: y.partial ? `${y.financialYear} (part year)` : y.financialYear,
      span: 2,
    })),
  ];
  const contactsTable: DataTable = {
    id: 'contacts-referrals',
    caption: `Contacts and referrals, ${yearsRange}`,
    groups: yearGroups,
    columns: [...header, ...pairColumns],
    rows: [
      pairRow(
        'Number of initial contacts',
        years.map((y) => [y.contacts, null]),
        'percent2',
        true,
      ),
      pairRow(
        'Number of referrals',
        years.map((y) => [y.referrals, null]),
        'percent2',
        true,
      ),
      ...groups.map((group, i) =>
        pairRow(
          i === 0 ? `Referral source: ${group}` : group,
          years.map((y) => {
            const r = sourceCell(y.financialYear, group);
            return [count(r, 'referrals'), num(r, 'pct_of_referrals')];
          }),
          'percent2',
        ),
      ),
    ],
    compact: true,
    note: years.some((y) => y.partial)
      ? 'A part year covers only the months of that year in the warehouse.'
      : null,
  };
  const s47Table: DataTable = {
    id: 's47-assessments',
    caption: `Section 47 enquiries and assessments, ${yearsRange}`,
    groups: yearGroups,
    columns: [{ label: 'Section 47 and assessments', numeric: false }, ...pairColumns],
    rows: [
      pairRow(
        '% of S47 going to initial Child Protection Conference (ICPC)',
        shownRows.map((r) => [count(r, 's47_started'), num(r, 'pct_s47_to_icpc')]),
        'percent1',
      ),
      pairRow(
        'Child & Family Assessment (C&FA) timeliness',
        shownRows.map((r) => [count(r, 'assessments_completed'), num(r, 'pct_assessments_timely')]),
        'percent1',
      ),
      pairRow(
        'Re-referrals within 12 months',
        shownRows.map((r) => [count(r, 'referrals_total'), num(r, 'pct_rereferrals')]),
        'percent1',
      ),
    ],
    compact: true,
    note: 'Number: enquiries started, assessments completed and referrals received in the year; %: the share that went to ICPC, was completed within 45 working days, or was a re-referral.',
  };

  const topSources = sources
    .filter((r) => r.financial_year === fy)
    .sort((a, b) => count(b, 'referrals') - count(a, 'referrals'))
    .slice(0, 2)
    .map((r) => ({ group: String(r.source_group), pct: num(r, 'pct_of_referrals') }));

  const fosteringRows = await read('fostering_monthly');
  const fyEnd = financialYearLastMonth(fy);
  const fosterRow = fosteringRows.filter((r) => String(r.month) <= fyEnd).at(-1);
  const inTouchRows = (await read('care_leavers_in_touch_quarterly')).filter(
    (r) => String(r.quarter_end) <= `${fyEnd.slice(0, 7)}-31`,
  );
  const inTouch = inTouchRows.at(-1);
  const outcomes = (await read('care_leavers_birthday_outcomes')).filter(
    (r) => count(r, 'year') <= Number(fyEnd.slice(0, 4)),
  );
  const neetRow = outcomes.filter((r) => r.age === 18).at(-1);

  const monthlyContacts = (await read('frontdoor_contacts_monthly')).filter((r) =>
    shown.has(String(r.financial_year)),
  );
  const monthlyReferrals = new Map(
    (await read('frontdoor_referrals_monthly')).map((r) => [String(r.month), r]),
  );
  const shortName = context.config.council.shortName;
  const first = years[0]!;
  const activityFrom = str(monthlyContacts[0], 'month');
  const activityTo = str(monthlyContacts.at(-1), 'month');

  return {
    ...commonModel(context),
    financialYear: fy,
    years,
    yearCount: years.length,
    yearsRange,
    yearsPhrase:
      years.length === 1 ? `the ${fy} financial year` : `the last ${years.length} financial years`,
    hasPartialYears: years.some((y) => y.partial),
    latest,
    previous: years.length > 1 ? years.at(-2)! : null,
    beforePrevious: years.length > 2 ? years.at(-3)! : null,
    first,
    pctChangeSinceFirst:
      years.length > 1 ? rate(latest.contacts - first.contacts, first.contacts) : null,
    topSources,
    timelinessRange: (() => {
      const r = range(shownRows, 'pct_assessments_timely', 'financial_year');
      return { min: r.min, max: r.max };
    })(),
    contactsTable,
    s47Table,
    fostering: fosterRow
      ? {
          monthEnd: String(fosterRow.month),
          registered: count(fosterRow, 'households_registered'),
          change12: num(fosterRow, 'households_change_12m'),
          approvals: count(fosterRow, 'approvals_financial_year_to_date'),
          deregistrations: count(fosterRow, 'deregistrations_financial_year_to_date'),
        }
      : null,
    careLeavers:
      inTouch || neetRow
        ? {
            quarterEnd: str(inTouch, 'quarter_end'),
            pctInTouch: num(inTouch, 'pct_in_touch'),
            benchmarkPct: num(inTouch, 'benchmark_pct'),
            benchmarkArea: str(inTouch, 'benchmark_area'),
            hasBenchmark: num(inTouch, 'benchmark_pct') !== null,
            neetYear: neetRow ? count(neetRow, 'year') : null,
            pctNeet18: num(neetRow, 'pct_neet'),
          }
        : null,
    charts: {
      years: chartModel({
        id: 'chart-years',
        title: `Contacts and referrals by financial year, ${yearsRange}`,
        description: `Contacts and referrals received by ${shortName} Children's Services in ${years.length === 1 ? fy : `each financial year from ${yearsRange}`}. In ${fy} there were ${formatNumber(latest.contacts)} contacts and ${formatNumber(latest.referrals)} referrals${years.length > 1 ? `, against ${formatNumber(first.contacts)} contacts and ${formatNumber(first.referrals)} referrals in ${first.financialYear}` : ''}. The figures are in the contacts and referrals table.`,
        categories: years.map((y) => y.financialYear),
        bars: [
          { name: 'Contacts', values: years.map((y) => y.contacts) },
          { name: 'Referrals', values: years.map((y) => y.referrals) },
        ],
        height: 260,
      }),
      activity: chartModel({
        id: 'chart-activity',
        title: `Activity volumes, 3-month moving average, ${activityFrom ? formatMonthYear(activityFrom) : ''} to ${activityTo ? formatMonthYear(activityTo) : ''}`,
        description: `The 3-month moving average of contacts and of referrals each month from ${activityFrom ? formatMonthYear(activityFrom) : 'the first month'} to ${activityTo ? formatMonthYear(activityTo) : 'the last month'}. Contacts averaged ${formatNumber(num(monthlyContacts.at(-1), 'contacts_total_3m_avg'))} and referrals ${formatNumber(num(monthlyReferrals.get(String(activityTo)), 'referrals_total_3m_avg'))} a month in the last three months.`,
        categories: monthlyContacts.map(
          (r) => `${formatShortMonth(str(r, 'month'))} ${String(r.month).slice(2, 4)}`,
        ),
        lines: [
          {
            name: 'Contacts (3-month average)',
            values: monthlyContacts.map((r) => num(r, 'contacts_total_3m_avg')),
          },
          {
            name: 'Referrals (3-month average)',
            values: monthlyContacts.map((r) =>
              num(monthlyReferrals.get(String(r.month)), 'referrals_total_3m_avg'),
            ),
          },
        ],
        labelEvery: 6,
      }),
    },
  };
}
