import { type ChartModel, chartModel } from '../chart-model.js';
import { formatMonthYear, formatNumber, formatShortMonth } from '../format.js';
import { addMonths, yearOf } from '../months.js';
import {
  type CommonModel,
  commonModel,
  type DataTable,
  type ReportContext,
  tableRow,
} from '../report-model.js';
import { count, num, type Row, str, type TableReader, type TableReads } from '../report-tables.js';
import { mean, type Range, range, rate, requireRows, total } from './figures.js';

/** The report tables and columns the CRT/MASH update reads (the lineage test checks them). */
export const CRT_MASH_TABLES: TableReads = {
  frontdoor_contacts_monthly: {
    columns: [
      'month',
      'contacts_open_cases',
      'contacts_new_cases',
      'contacts_total',
      'source_education',
      'source_health',
      'source_police',
      'source_other',
      'outcome_closed',
      'outcome_referral',
      'outcome_other',
      'pct_resolved',
      'working_days',
      'contacts_total_3m_avg',
    ],
    orderBy: ['month'],
  },
  frontdoor_referrals_monthly: {
    columns: [
      'month',
      'referrals_total',
      'source_education',
      'source_health',
      'source_police',
      'source_other',
      'outcome_closed',
      'outcome_other',
      'outcome_assessment',
      'pct_progressed_to_assessment',
      's47_started',
      'assessments_completed',
      'assessments_timely',
      'pct_assessments_timely',
      'referrals_total_3m_avg',
    ],
    orderBy: ['month'],
  },
};

export interface CrtMashModel extends CommonModel {
  /** The twelve months the narrative describes (or fewer when the history is shorter). */
  readonly period: { readonly from: string; readonly to: string; readonly months: number };
  readonly contacts: {
    readonly perMonth: Range;
    readonly majorityOnNewCases: boolean;
    readonly total12: number;
    /** The twelve months before, when the tables hold them. */
    readonly previous12: number | null;
    readonly pctChange: number | null;
    readonly resolved: Range;
    /** False when no contact outcome is recorded (e.g. Annex A List 1 loads lack it). */
    readonly hasOutcomes: boolean;
    /** 100 minus the resolved range: the share progressed to a MASH referral. */
    readonly referredMin: number | null;
    readonly referredMax: number | null;
  };
  readonly referrals: {
    readonly perMonth: Range;
    readonly progressed: Range;
    readonly hasOutcomes: boolean;
    readonly s47Total: number;
    readonly s47PerWorkingDay: Range;
    readonly assessmentsCompleted: number;
    readonly assessmentsTimely: number;
    readonly pctTimely: number | null;
  };
  /** Other LAs whose front door the same teams run, with their average contacts a month. */
  readonly partners: readonly { readonly name: string; readonly averageContacts: number }[];
  readonly hasPartners: boolean;
  readonly appendix: {
    readonly from: string;
    readonly to: string;
    readonly years: readonly { readonly year: number; readonly tables: readonly DataTable[] }[];
  };
  readonly charts: { readonly contacts: ChartModel; readonly referrals: ChartModel };
}

const MONTHLY_ROWS = 12;

/** Lowest and highest of a column as words for a chart description. */
function describeRange(r: Range, noun: string): string {
  if (r.min === null || r.max === null) return `no ${noun} recorded`;
  return `lowest ${formatNumber(r.min)} (${formatMonthYear(r.minMonth)}), highest ${formatNumber(r.max)} (${formatMonthYear(r.maxMonth)})`;
}

function byMonth(rows: readonly Row[]): Map<string, Row> {
  return new Map(rows.map((r) => [String(r.month), r]));
}

function appendixTables(
  year: number,
  contacts: readonly Row[],
  referrals: readonly Row[],
): DataTable[] {
  const months = contacts.map((r) => String(r.month));
  const refByMonth = byMonth(referrals);
  const refs = months.map((m) => refByMonth.get(m));
  const columns = (first: string) => [
    { label: first, numeric: false },
    ...months.map((m) => ({ label: formatShortMonth(m), numeric: true })),
  ];
  const c = (column: string) => contacts.map((r) => num(r, column));
  const r = (column: string) => refs.map((row) => num(row, column));
  const table = (
    id: string,
    caption: string,
    first: string,
    rows: DataTable['rows'],
  ): DataTable => ({
    id: `${id}-${year}`,
    caption,
    groups: [],
    columns: columns(first),
    rows,
    compact: true,
    note: null,
  });
  return [
    table('contacts', `Contacts ${year}`, `Contacts ${year}`, [
      tableRow('Number of contacts on open cases', c('contacts_open_cases'), 'number'),
      tableRow('Number of contacts on new cases', c('contacts_new_cases'), 'number'),
      tableRow('Total contacts', c('contacts_total'), 'number', true),
    ]),
    table(
      'contact-sources',
      `Contact sources ${year} (contacts on new cases)`,
      `Contact Sources ${year}`,
      [
        tableRow('Education', c('source_education'), 'number'),
        tableRow('Health', c('source_health'), 'number'),
        tableRow('Police', c('source_police'), 'number'),
        tableRow('Other', c('source_other'), 'number'),
        tableRow('Total', c('contacts_new_cases'), 'number', true),
      ],
    ),
    table(
      'contact-outcomes',
      `Contact outcomes ${year} (contacts on new cases)`,
      `Contact Outcomes ${year}`,
      [
        tableRow('Closed', c('outcome_closed'), 'number'),
        tableRow('Progress to Referral', c('outcome_referral'), 'number'),
        tableRow('Other', c('outcome_other'), 'number'),
        tableRow('Percentage Resolved', c('pct_resolved'), 'percent0', true),
      ],
    ),
    table('referral-sources', `Referral sources ${year}`, `Referral Sources ${year}`, [
      tableRow('Education', r('source_education'), 'number'),
      tableRow('Health', r('source_health'), 'number'),
      tableRow('Police', r('source_police'), 'number'),
      tableRow('Other', r('source_other'), 'number'),
      tableRow('Total', r('referrals_total'), 'number', true),
    ]),
    table('referral-outcomes', `Referral outcomes ${year}`, `Referral Outcomes ${year}`, [
      tableRow('Closed', r('outcome_closed'), 'number'),
      tableRow('Other', r('outcome_other'), 'number'),
      tableRow('Progressed to Assessment', r('outcome_assessment'), 'number'),
      tableRow('S47', r('s47_started'), 'number'),
      tableRow('C&F Timeliness', r('pct_assessments_timely'), 'percent0'),
      tableRow(
        'Percentage Progressed to Assessment',
        r('pct_progressed_to_assessment'),
        'percent0',
        true,
      ),
    ]),
  ];
}

/**
 * The CRT and MASH update (seed 004, item 6): front-door narrative over the last twelve
 * months and Appendix 1's monthly tables for the last two calendar years.
 */
export async function crtMashModel(
  read: TableReader,
  context: ReportContext,
): Promise<CrtMashModel> {
  const scope = { laCode: context.laCode, asOf: context.asOf };
  const contacts = requireRows(
    await read('frontdoor_contacts_monthly'),
    'frontdoor_contacts_monthly',
    scope,
  );
  const referrals = await read('frontdoor_referrals_monthly');
  const last = String(contacts[contacts.length - 1]!.month);
  const window = contacts.slice(-MONTHLY_ROWS);
  const from = String(window[0]!.month);
  const windowMonths = new Set(window.map((r) => String(r.month)));
  const refWindow = referrals.filter((r) => windowMonths.has(String(r.month)));
  const before = contacts.filter((r) => {
    const m = String(r.month);
    return m < from && m >= addMonths(from, -MONTHLY_ROWS);
  });

  const total12 = total(window, 'contacts_total');
  const previous12 =
    before.length === MONTHLY_ROWS && window.length === MONTHLY_ROWS
      ? total(before, 'contacts_total')
      : null;
  const resolved = range(window, 'pct_resolved');

  const workingDays = byMonth(window);
  const s47PerDay = refWindow.map((r) => {
    const days = num(workingDays.get(String(r.month)), 'working_days');
    return { month: r.month ?? null, per_day: days ? count(r, 's47_started') / days : null };
  });
  const completed = total(refWindow, 'assessments_completed');
  const timely = total(refWindow, 'assessments_timely');

  const partners: { name: string; averageContacts: number }[] = [];
  for (const partner of context.config.frontDoorPartners) {
    const rows = (await read('frontdoor_contacts_monthly', partner.laCode)).filter((r) =>
      windowMonths.has(String(r.month)),
    );
    const average = mean(rows, 'contacts_total');
    if (average !== null) partners.push({ name: partner.name, averageContacts: average });
  }

  const firstYear = yearOf(last) - 1;
  const years = [firstYear, firstYear + 1]
    .map((year) => {
      const inYear = (r: Row) => yearOf(String(r.month)) === year;
      return {
        year,
        tables: appendixTables(year, contacts.filter(inYear), referrals.filter(inYear)),
      };
    })
    .filter((y) => y.tables[0]!.columns.length > 1);
  const appendixRows = contacts.filter((r) => yearOf(String(r.month)) >= firstYear);
  const appendixRefs = referrals.filter((r) => yearOf(String(r.month)) >= firstYear);
  const label = (r: Row) => `${formatShortMonth(str(r, 'month'))} ${String(r.month).slice(2, 4)}`;
  const shortName = context.config.council.shortName;
  const appendixFrom = String(appendixRows[0]!.month);

  const contactsRange = range(appendixRows, 'contacts_total');
  const latestAverage = num(appendixRows[appendixRows.length - 1], 'contacts_total_3m_avg');
  const referralRange = range(appendixRefs, 'referrals_total');
  const latestRefAverage = num(appendixRefs[appendixRefs.length - 1], 'referrals_total_3m_avg');

  return {
    ...commonModel(context),
    period: { from, to: last, months: window.length },
    contacts: {
      perMonth: range(window, 'contacts_total'),
      majorityOnNewCases:
        total(window, 'contacts_new_cases') > total(window, 'contacts_open_cases'),
      total12,
      previous12,
      pctChange: previous12 ? rate(total12 - previous12, previous12) : null,
      resolved,
      hasOutcomes: resolved.min !== null,
      referredMin: resolved.max === null ? null : 100 - resolved.max,
      referredMax: resolved.min === null ? null : 100 - resolved.min,
    },
    referrals: {
      perMonth: range(refWindow, 'referrals_total'),
      progressed: range(refWindow, 'pct_progressed_to_assessment'),
      hasOutcomes: range(refWindow, 'pct_progressed_to_assessment').min !== null,
      s47Total: total(refWindow, 's47_started'),
      s47PerWorkingDay: range(s47PerDay, 'per_day'),
      assessmentsCompleted: completed,
      assessmentsTimely: timely,
      pctTimely: rate(timely, completed),
    },
    partners,
    hasPartners: partners.length > 0,
    appendix: { from: appendixFrom, to: last, years },
    charts: {
      contacts: chartModel({
        id: 'chart-contacts',
        title: `Contacts each month, ${formatMonthYear(appendixFrom)} to ${formatMonthYear(last)}, with the 3-month moving average`,
        description: `Contacts received by ${shortName} Children's Services each month from ${formatMonthYear(appendixFrom)} to ${formatMonthYear(last)}: ${describeRange(contactsRange, 'contacts')}. The 3-month moving average was ${formatNumber(latestAverage)} in ${formatMonthYear(last)}. The figures are in Appendix 1.`,
        categories: appendixRows.map(label),
        bars: [{ name: 'Contacts', values: appendixRows.map((r) => num(r, 'contacts_total')) }],
        lines: [
          {
            name: '3-month moving average',
            values: appendixRows.map((r) => num(r, 'contacts_total_3m_avg')),
          },
        ],
        labelEvery: 3,
      }),
      referrals: chartModel({
        id: 'chart-referrals',
        title: `Referrals to MASH each month, ${formatMonthYear(appendixFrom)} to ${formatMonthYear(last)}, with the 3-month moving average`,
        description: `Referrals to the Multi Agency Safeguarding Hub each month from ${formatMonthYear(appendixFrom)} to ${formatMonthYear(last)}: ${describeRange(referralRange, 'referrals')}. The 3-month moving average was ${formatNumber(latestRefAverage)} in ${formatMonthYear(last)}. The figures are in Appendix 1.`,
        categories: appendixRefs.map(label),
        bars: [{ name: 'Referrals', values: appendixRefs.map((r) => num(r, 'referrals_total')) }],
        lines: [
          {
            name: '3-month moving average',
            values: appendixRefs.map((r) => num(r, 'referrals_total_3m_avg')),
          },
        ],
        labelEvery: 3,
      }),
    },
  };
}
