import { type ChartModel, chartModel } from '../chart-model.js';
import {
  chartWithheldNote,
  type Disclosure,
  DisclosureGrid,
  derive,
  type Figure,
  isWithheld,
  noteWithheld,
  plotted,
  type RowCells,
  type RowSpec,
} from '../disclosure/index.js';
import { formatMonthYear, formatNumber, formatShortMonth } from '../format.js';
import { addMonths, yearOf } from '../months.js';
import {
  type CommonModel,
  commonModel,
  type DataTable,
  type ReportContext,
  tableRow,
} from '../report-model.js';
import { num, type Row, str, type TableReader, type TableReads } from '../report-tables.js';
import {
  type FigureRange,
  figureMean,
  figureRange,
  movingAverage,
  rate,
  requireRows,
  total,
} from './figures.js';

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
    readonly perMonth: FigureRange;
    readonly majorityOnNewCases: boolean;
    readonly total12: Figure | null;
    /** The twelve months before, when the tables hold them. */
    readonly previous12: Figure | null;
    readonly pctChange: Figure | null;
    readonly resolved: FigureRange;
    /** False when no contact outcome is recorded (e.g. Annex A List 1 loads lack it). */
    readonly hasOutcomes: boolean;
    /** 100 minus the resolved range: the share progressed to a MASH referral. */
    readonly referredMin: Figure | null;
    readonly referredMax: Figure | null;
  };
  readonly referrals: {
    readonly perMonth: FigureRange;
    readonly progressed: FigureRange;
    readonly hasOutcomes: boolean;
    readonly s47Total: Figure | null;
    readonly s47PerWorkingDay: FigureRange;
    readonly assessmentsCompleted: Figure | null;
    readonly assessmentsTimely: Figure | null;
    readonly pctTimely: Figure | null;
  };
  /** Other LAs whose front door the same teams run, with their average contacts a month. */
  readonly partners: readonly { readonly name: string; readonly averageContacts: Figure }[];
  readonly hasPartners: boolean;
  readonly appendix: {
    readonly from: string;
    readonly to: string;
    readonly years: readonly { readonly year: number; readonly tables: readonly DataTable[] }[];
  };
  readonly charts: { readonly contacts: ChartModel; readonly referrals: ChartModel };
}

/** The counts of frontdoor_contacts_monthly the paper prints, and how they add up. */
const CONTACT_CELLS: RowSpec = {
  counts: [
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
  ],
  sums: [
    ['contacts_total', ['contacts_open_cases', 'contacts_new_cases']],
    ['contacts_new_cases', ['source_education', 'source_health', 'source_police', 'source_other']],
    ['contacts_new_cases', ['outcome_closed', 'outcome_referral', 'outcome_other']],
  ],
  rates: {
    pct_resolved: {
      numerator: ['outcome_closed', 'outcome_other'],
      denominator: 'contacts_new_cases',
    },
  },
};

/** The counts of frontdoor_referrals_monthly the paper prints, and how they add up. */
const REFERRAL_CELLS: RowSpec = {
  counts: [
    'referrals_total',
    'source_education',
    'source_health',
    'source_police',
    'source_other',
    'outcome_closed',
    'outcome_other',
    'outcome_assessment',
    's47_started',
    'assessments_completed',
    'assessments_timely',
  ],
  sums: [
    ['referrals_total', ['source_education', 'source_health', 'source_police', 'source_other']],
    ['referrals_total', ['outcome_closed', 'outcome_other', 'outcome_assessment']],
  ],
  rates: {
    pct_progressed_to_assessment: {
      numerator: 'outcome_assessment',
      denominator: 'referrals_total',
    },
    pct_assessments_timely: {
      numerator: 'assessments_timely',
      denominator: 'assessments_completed',
    },
  },
};

const monthKey = (row: Row) => String(row.month);

const MONTHLY_ROWS = 12;

/** Lowest and highest of a column as words for a chart description. */
function describeRange(r: FigureRange, noun: string): string {
  if (isWithheld(r.min) || isWithheld(r.max)) {
    return `some months' ${noun} are withheld under statistical disclosure control`;
  }
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
  figures: {
    readonly c: (row: Row | undefined, column: string) => Figure | null;
    readonly r: (row: Row | undefined, column: string) => Figure | null;
    readonly disclosure: Disclosure;
  },
): DataTable[] {
  const months = contacts.map((r) => String(r.month));
  const refByMonth = byMonth(referrals);
  const refs = months.map((m) => refByMonth.get(m));
  const columns = (first: string) => [
    { label: first, numeric: false },
    ...months.map((m) => ({ label: formatShortMonth(m), numeric: true })),
  ];
  const c = (column: string) => contacts.map((row) => figures.c(row, column));
  const r = (column: string) => refs.map((row) => figures.r(row, column));
  const table = (id: string, caption: string, first: string, rows: DataTable['rows']): DataTable =>
    noteWithheld(
      {
        id: `${id}-${year}`,
        caption,
        groups: [],
        columns: columns(first),
        rows,
        compact: true,
        note: null,
      },
      figures.disclosure.control,
    );
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
  const partnerRows: { name: string; laCode: string; rows: readonly Row[] }[] = [];
  for (const partner of context.config.frontDoorPartners) {
    const rows = (await read('frontdoor_contacts_monthly', partner.laCode)).filter((r) =>
      windowMonths.has(String(r.month)),
    );
    partnerRows.push({ name: partner.name, laCode: partner.laCode, rows });
  }

  // Every count the paper prints, and the totals the narrative states, as one grid: a
  // published paper withholds small counts and whatever would give them away.
  const grid = new DisclosureGrid(context.disclosure);
  const C = grid.rows('contacts', contacts, monthKey, CONTACT_CELLS);
  const R = grid.rows('referrals', referrals, monthKey, REFERRAL_CELLS);
  const cells = (cells: RowCells, rows: readonly Row[], column: string) =>
    rows.map((row) => cells.cell(row, column));
  const total12Cell = grid.sumOf('contacts.total12', cells(C, window, 'contacts_total'));
  const hasPrevious = before.length === MONTHLY_ROWS && window.length === MONTHLY_ROWS;
  const previous12Cell = hasPrevious
    ? grid.sumOf('contacts.previous12', cells(C, before, 'contacts_total'))
    : null;
  const s47Cell = grid.sumOf('referrals.s47_12m', cells(R, refWindow, 's47_started'));
  const completedCell = grid.sumOf(
    'referrals.completed_12m',
    cells(R, refWindow, 'assessments_completed'),
  );
  const timelyCell = grid.sumOf('referrals.timely_12m', cells(R, refWindow, 'assessments_timely'));
  grid.rate(timelyCell, completedCell);
  const partnerCells = partnerRows.map((p) =>
    grid.rows(`contacts[${p.laCode}]`, p.rows, monthKey, { counts: ['contacts_total'] }),
  );
  const disclosure = grid.solve();
  const c = disclosure.reader(C);
  const r = disclosure.reader(R);

  const total12 = disclosure.figure(total12Cell) ?? 0;
  const previous12 = disclosure.figure(previous12Cell);
  const resolved = figureRange(window, (row) => c(row, 'pct_resolved'));

  const contactsByMonth = new Map(contacts.map((row) => [String(row.month), row]));
  const referralsByMonth = new Map(referrals.map((row) => [String(row.month), row]));
  const s47PerDay = figureRange(refWindow, (row) => {
    const days = num(contactsByMonth.get(String(row.month)), 'working_days');
    return derive([r(row, 's47_started')], (started) => (days ? started / days : null));
  });
  const completed = total(refWindow, 'assessments_completed');
  const timely = total(refWindow, 'assessments_timely');

  const partners: { name: string; averageContacts: Figure }[] = [];
  partnerRows.forEach((partner, i) => {
    const figure = disclosure.reader(partnerCells[i]!);
    const average = figureMean(partner.rows.map((row) => figure(row, 'contacts_total')));
    if (average !== null) partners.push({ name: partner.name, averageContacts: average });
  });

  const firstYear = yearOf(last) - 1;
  const years = [firstYear, firstYear + 1]
    .map((year) => {
      const inYear = (row: Row) => yearOf(String(row.month)) === year;
      return {
        year,
        tables: appendixTables(year, contacts.filter(inYear), referrals.filter(inYear), {
          c,
          r,
          disclosure,
        }),
      };
    })
    .filter((y) => y.tables[0]!.columns.length > 1);
  const appendixRows = contacts.filter((row) => yearOf(String(row.month)) >= firstYear);
  const appendixRefs = referrals.filter((row) => yearOf(String(row.month)) >= firstYear);
  const label = (row: Row) =>
    `${formatShortMonth(str(row, 'month'))} ${String(row.month).slice(2, 4)}`;
  const shortName = context.config.council.shortName;
  const appendixFrom = String(appendixRows[0]!.month);

  const contactFigure = (month: string) => c(contactsByMonth.get(month), 'contacts_total');
  const referralFigure = (month: string) => r(referralsByMonth.get(month), 'referrals_total');
  const contactBars = appendixRows.map((row) => c(row, 'contacts_total'));
  const contactLine = appendixRows.map((row) =>
    movingAverage(row, num(row, 'contacts_total_3m_avg'), contactFigure),
  );
  const referralBars = appendixRefs.map((row) => r(row, 'referrals_total'));
  const referralLine = appendixRefs.map((row) =>
    movingAverage(row, num(row, 'referrals_total_3m_avg'), referralFigure),
  );
  const contactsRange = figureRange(appendixRows, (row) => c(row, 'contacts_total'));
  const latestAverage = contactLine.at(-1) ?? null;
  const referralRange = figureRange(appendixRefs, (row) => r(row, 'referrals_total'));
  const latestRefAverage = referralLine.at(-1) ?? null;
  const progressed = figureRange(refWindow, (row) => r(row, 'pct_progressed_to_assessment'));

  return {
    ...commonModel(context),
    period: { from, to: last, months: window.length },
    contacts: {
      perMonth: figureRange(window, (row) => c(row, 'contacts_total')),
      majorityOnNewCases:
        total(window, 'contacts_new_cases') > total(window, 'contacts_open_cases'),
      total12,
      previous12,
      pctChange:
        previous12 === null
          ? null
          : derive([total12, previous12], (now, then) => (then ? rate(now - then, then) : null)),
      resolved,
      hasOutcomes: resolved.min !== null,
      referredMin: derive([resolved.max], (high) => 100 - high),
      referredMax: derive([resolved.min], (low) => 100 - low),
    },
    referrals: {
      perMonth: figureRange(refWindow, (row) => r(row, 'referrals_total')),
      progressed,
      hasOutcomes: progressed.min !== null,
      s47Total: disclosure.figure(s47Cell) ?? 0,
      s47PerWorkingDay: s47PerDay,
      assessmentsCompleted: disclosure.figure(completedCell) ?? 0,
      assessmentsTimely: disclosure.figure(timelyCell) ?? 0,
      pctTimely: disclosure.rate(rate(timely, completed), timelyCell, completedCell),
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
        bars: [{ name: 'Contacts', values: contactBars.map(plotted) }],
        lines: [{ name: '3-month moving average', values: contactLine.map(plotted) }],
        labelEvery: 3,
        note: chartWithheldNote([contactBars, contactLine], disclosure.control),
      }),
      referrals: chartModel({
        id: 'chart-referrals',
        title: `Referrals to MASH each month, ${formatMonthYear(appendixFrom)} to ${formatMonthYear(last)}, with the 3-month moving average`,
        description: `Referrals to the Multi Agency Safeguarding Hub each month from ${formatMonthYear(appendixFrom)} to ${formatMonthYear(last)}: ${describeRange(referralRange, 'referrals')}. The 3-month moving average was ${formatNumber(latestRefAverage)} in ${formatMonthYear(last)}. The figures are in Appendix 1.`,
        categories: appendixRefs.map(label),
        bars: [{ name: 'Referrals', values: referralBars.map(plotted) }],
        lines: [{ name: '3-month moving average', values: referralLine.map(plotted) }],
        labelEvery: 3,
        note: chartWithheldNote([referralBars, referralLine], disclosure.control),
      }),
    },
  };
}
