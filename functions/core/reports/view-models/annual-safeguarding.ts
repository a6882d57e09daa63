import { type ChartModel, chartModel } from '../chart-model.js';
import {
  chartWithheldNote,
  DisclosureGrid,
  derive,
  type Figure,
  isWithheld,
  noteWithheld,
  plotted,
  type RowSpec,
} from '../disclosure/index.js';
import { formatMonthYear, formatNumber, formatShortMonth } from '../format.js';
import { addMonths, financialYearLastMonth, previousFinancialYear } from '../months.js';
import {
  type CommonModel,
  commonModel,
  type DataTable,
  type ReportContext,
  type TableCell,
  type TableRow,
} from '../report-model.js';
import { count, num, type Row, str, type TableReader, type TableReads } from '../report-tables.js';
import { figureRange, movingAverage, rate, requireRows } from './figures.js';

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
    columns: ['month', 'financial_year', 'contacts_total', 'contacts_total_3m_avg'],
    orderBy: ['month'],
  },
  frontdoor_referrals_monthly: {
    columns: ['month', 'financial_year', 'referrals_total', 'referrals_total_3m_avg'],
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
    columns: [
      'quarter_end',
      'cohort_19_21',
      'in_touch',
      'pct_in_touch',
      'benchmark_area',
      'benchmark_pct',
    ],
    orderBy: ['quarter_end'],
  },
  care_leavers_birthday_outcomes: {
    columns: ['year', 'age', 'cohort', 'neet', 'pct_neet'],
    orderBy: ['year', 'age'],
  },
};

export interface YearFigures {
  readonly financialYear: string;
  readonly partial: boolean;
  readonly months: number;
  readonly contacts: Figure;
  readonly referrals: Figure;
  readonly pctChangeContacts: Figure | null;
  readonly pctS47ToIcpc: Figure | null;
  readonly pctTimely: Figure | null;
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
  readonly pctChangeSinceFirst: Figure | null;
  readonly topSources: readonly { readonly group: string; readonly pct: Figure | null }[];
  readonly timelinessRange: { readonly min: Figure | null; readonly max: Figure | null };
  readonly contactsTable: DataTable;
  readonly s47Table: DataTable;
  readonly fostering: {
    readonly monthEnd: string;
    readonly registered: Figure;
    readonly change12: Figure | null;
    readonly approvals: Figure;
    readonly deregistrations: Figure;
  } | null;
  readonly careLeavers: {
    readonly quarterEnd: string | null;
    readonly pctInTouch: Figure | null;
    readonly benchmarkPct: number | null;
    readonly benchmarkArea: string | null;
    readonly hasBenchmark: boolean;
    readonly neetYear: number | null;
    readonly pctNeet18: Figure | null;
  } | null;
  readonly charts: { readonly years: ChartModel; readonly activity: ChartModel };
}

/** The counts of frontdoor_annual the paper prints, and the rates it gives of them. */
const ANNUAL_CELLS: RowSpec = {
  counts: [
    'contacts_total',
    'referrals_total',
    's47_started',
    's47_to_icpc',
    'assessments_completed',
    'assessments_timely',
    'rereferrals_12m',
  ],
  rates: {
    pct_s47_to_icpc: { numerator: 's47_to_icpc', denominator: 's47_started' },
    pct_assessments_timely: {
      numerator: 'assessments_timely',
      denominator: 'assessments_completed',
    },
    pct_rereferrals: { numerator: 'rereferrals_12m', denominator: 'referrals_total' },
  },
};

type Read = (row: Row | undefined, column: string) => Figure | null;

function yearFigures(row: Row, f: Read, previousYear: Row | undefined): YearFigures {
  return {
    financialYear: String(row.financial_year),
    partial: row.is_partial_year === true,
    months: count(row, 'months_included'),
    contacts: f(row, 'contacts_total') ?? 0,
    referrals: f(row, 'referrals_total') ?? 0,
    // A change is printed only when both years' figures are.
    pctChangeContacts: previousYear
      ? derive([f(row, 'contacts_total'), f(previousYear, 'contacts_total')], () =>
          num(row, 'pct_change_contacts_total'),
        )
      : num(row, 'pct_change_contacts_total'),
    pctS47ToIcpc: f(row, 'pct_s47_to_icpc'),
    pctTimely: f(row, 'pct_assessments_timely'),
  };
}

/** A row of (number, %) pairs, one pair per year; a missing part prints blank. */
function pairRow(
  header: string,
  pairs: readonly [Figure | null, Figure | null][],
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
  const shown = new Set(shownRows.map((r) => String(r.financial_year)));
  const sources = (await read('frontdoor_referral_sources_annual')).filter((r) =>
    shown.has(String(r.financial_year)),
  );
  const fosteringRows = await read('fostering_monthly');
  const inTouchRows = await read('care_leavers_in_touch_quarterly');
  const outcomeRows = await read('care_leavers_birthday_outcomes');
  const contactRows = await read('frontdoor_contacts_monthly');
  const referralRows = await read('frontdoor_referrals_monthly');

  // Every count the paper prints, or that its percentages give away, as one grid.
  const grid = new DisclosureGrid(context.disclosure);
  const A = grid.rows('annual', annual, (r) => String(r.financial_year), ANNUAL_CELLS);
  const sourceCell = (r: Row | undefined) =>
    r
      ? grid.count(
          `sources.${String(r.financial_year)}.${String(r.source_group)}`,
          count(r, 'referrals'),
        )
      : null;
  for (const fy of shown) {
    const annualRow = annual.find((r) => r.financial_year === fy);
    const groups = sources.filter((r) => r.financial_year === fy);
    const total = A.cell(annualRow, 'referrals_total');
    grid.sum(total, groups.map(sourceCell));
    for (const r of groups) grid.rate(sourceCell(r), total);
  }
  const F = grid.rows('fostering', fosteringRows, (r) => String(r.month), {
    counts: [
      'households_registered',
      'approvals_financial_year_to_date',
      'deregistrations_financial_year_to_date',
    ],
  });
  const I = grid.rows('in_touch', inTouchRows, (r) => String(r.quarter_end), {
    counts: ['cohort_19_21', 'in_touch'],
    rates: { pct_in_touch: { numerator: 'in_touch', denominator: 'cohort_19_21' } },
  });
  const O = grid.rows('outcomes', outcomeRows, (r) => `${r.year}/${r.age}`, {
    counts: ['cohort', 'neet'],
    rates: { pct_neet: { numerator: 'neet', denominator: 'cohort' } },
  });
  const CM = grid.rows('contacts', contactRows, (r) => String(r.month), {
    counts: ['contacts_total'],
  });
  const RM = grid.rows('referrals', referralRows, (r) => String(r.month), {
    counts: ['referrals_total'],
  });
  const disclosure = grid.solve();
  const a = disclosure.reader(A);
  const sourceFigure = (r: Row | undefined) => disclosure.figure(sourceCell(r));
  const sourceRate = (r: Row | undefined) =>
    r
      ? disclosure.rate(
          num(r, 'pct_of_referrals'),
          sourceCell(r),
          A.cell(
            annual.find((x) => x.financial_year === r.financial_year),
            'referrals_total',
          ),
        )
      : null;

  const byYear = new Map(annual.map((r) => [String(r.financial_year), r]));
  const years = shownRows.map((row) =>
    yearFigures(row, a, byYear.get(previousFinancialYear(String(row.financial_year)))),
  );
  const latest = years.at(-1)!;
  const fy = latest.financialYear;
  const yearsRange = years.length === 1 ? fy : `${years[0]!.financialYear} to ${fy}`;

  const groups = [...new Set(sources.map((r) => String(r.source_group)))];
  const sourceRow = (year: string, group: string) =>
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
  const contactsTable: DataTable = noteWithheld(
    {
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
              const r = sourceRow(y.financialYear, group);
              return [sourceFigure(r) ?? 0, sourceRate(r)];
            }),
            'percent2',
          ),
        ),
      ],
      compact: true,
      note: years.some((y) => y.partial)
        ? 'A part year covers only the months of that year in the warehouse.'
        : null,
    },
    disclosure.control,
  );
  const s47Table: DataTable = noteWithheld(
    {
      id: 's47-assessments',
      caption: `Section 47 enquiries and assessments, ${yearsRange}`,
      groups: yearGroups,
      columns: [{ label: 'Section 47 and assessments', numeric: false }, ...pairColumns],
      rows: [
        pairRow(
          '% of S47 going to initial Child Protection Conference (ICPC)',
          shownRows.map((r) => [a(r, 's47_started') ?? 0, a(r, 'pct_s47_to_icpc')]),
          'percent1',
        ),
        pairRow(
          'Child & Family Assessment (C&FA) timeliness',
          shownRows.map((r) => [
            a(r, 'assessments_completed') ?? 0,
            a(r, 'pct_assessments_timely'),
          ]),
          'percent1',
        ),
        pairRow(
          'Re-referrals within 12 months',
          shownRows.map((r) => [a(r, 'referrals_total') ?? 0, a(r, 'pct_rereferrals')]),
          'percent1',
        ),
      ],
      compact: true,
      note: 'Number: enquiries started, assessments completed and referrals received in the year; %: the share that went to ICPC, was completed within 45 working days, or was a re-referral.',
    },
    disclosure.control,
  );

  // Ranking groups whose figures are withheld would say how they compare: no ranking then.
  const latestSources = sources.filter((r) => r.financial_year === fy);
  const topSources = latestSources.some((r) => isWithheld(sourceFigure(r)))
    ? []
    : [...latestSources]
        .sort((x, y) => count(y, 'referrals') - count(x, 'referrals'))
        .slice(0, 2)
        .map((r) => ({ group: String(r.source_group), pct: sourceRate(r) }));

  const fyEnd = financialYearLastMonth(fy);
  const f = disclosure.reader(F);
  const fosterRow = fosteringRows.filter((r) => String(r.month) <= fyEnd).at(-1);
  const fosterYearAgo = fosterRow
    ? fosteringRows.find((r) => String(r.month) === addMonths(String(fosterRow.month), -12))
    : undefined;
  const inTouch = inTouchRows
    .filter((r) => String(r.quarter_end) <= `${fyEnd.slice(0, 7)}-31`)
    .at(-1);
  const neetRow = outcomeRows
    .filter((r) => count(r, 'year') <= Number(fyEnd.slice(0, 4)))
    .filter((r) => r.age === 18)
    .at(-1);

  const c = disclosure.reader(CM);
  const r = disclosure.reader(RM);
  const monthlyContacts = contactRows.filter((row) => shown.has(String(row.financial_year)));
  const contactsByMonth = new Map(contactRows.map((row) => [String(row.month), row]));
  const referralsByMonth = new Map(referralRows.map((row) => [String(row.month), row]));
  const contactAverage = (row: Row | undefined) =>
    movingAverage(row, num(row, 'contacts_total_3m_avg'), (m) =>
      c(contactsByMonth.get(m), 'contacts_total'),
    );
  const referralAverage = (row: Row | undefined) =>
    movingAverage(row, num(row, 'referrals_total_3m_avg'), (m) =>
      r(referralsByMonth.get(m), 'referrals_total'),
    );
  const contactLine = monthlyContacts.map(contactAverage);
  const referralLine = monthlyContacts.map((row) =>
    referralAverage(referralsByMonth.get(String(row.month))),
  );
  const shortName = context.config.council.shortName;
  const first = years[0]!;
  const activityFrom = str(monthlyContacts[0], 'month');
  const activityTo = str(monthlyContacts.at(-1), 'month');
  const timeliness = figureRange(
    shownRows,
    (row) => a(row, 'pct_assessments_timely'),
    'financial_year',
  );
  const yearBars = [
    { name: 'Contacts', figures: years.map((y) => y.contacts) },
    { name: 'Referrals', figures: years.map((y) => y.referrals) },
  ];

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
      years.length > 1
        ? derive([latest.contacts, first.contacts], (now, then) => rate(now - then, then))
        : null,
    topSources,
    timelinessRange: { min: timeliness.min, max: timeliness.max },
    contactsTable,
    s47Table,
    fostering: fosterRow
      ? {
          monthEnd: String(fosterRow.month),
          registered: f(fosterRow, 'households_registered') ?? 0,
          change12: fosterYearAgo
            ? derive(
                [f(fosterRow, 'households_registered'), f(fosterYearAgo, 'households_registered')],
                () => num(fosterRow, 'households_change_12m'),
              )
            : num(fosterRow, 'households_change_12m'),
          approvals: f(fosterRow, 'approvals_financial_year_to_date') ?? 0,
          deregistrations: f(fosterRow, 'deregistrations_financial_year_to_date') ?? 0,
        }
      : null,
    careLeavers:
      inTouch || neetRow
        ? {
            quarterEnd: str(inTouch, 'quarter_end'),
            pctInTouch: disclosure.reader(I)(inTouch, 'pct_in_touch'),
            // The regional benchmark is published by others: it is printed as it is.
            benchmarkPct: num(inTouch, 'benchmark_pct'),
            benchmarkArea: str(inTouch, 'benchmark_area'),
            hasBenchmark: num(inTouch, 'benchmark_pct') !== null,
            neetYear: neetRow ? count(neetRow, 'year') : null,
            pctNeet18: disclosure.reader(O)(neetRow, 'pct_neet'),
          }
        : null,
    charts: {
      years: chartModel({
        id: 'chart-years',
        title: `Contacts and referrals by financial year, ${yearsRange}`,
        description: `Contacts and referrals received by ${shortName} Children's Services in ${years.length === 1 ? fy : `each financial year from ${yearsRange}`}. In ${fy} there were ${formatNumber(latest.contacts)} contacts and ${formatNumber(latest.referrals)} referrals${years.length > 1 ? `, against ${formatNumber(first.contacts)} contacts and ${formatNumber(first.referrals)} referrals in ${first.financialYear}` : ''}. The figures are in the contacts and referrals table.`,
        categories: years.map((y) => y.financialYear),
        bars: yearBars.map((b) => ({ name: b.name, values: b.figures.map(plotted) })),
        height: 260,
        note: chartWithheldNote(
          yearBars.map((b) => b.figures),
          disclosure.control,
        ),
      }),
      activity: chartModel({
        id: 'chart-activity',
        title: `Activity volumes, 3-month moving average, ${activityFrom ? formatMonthYear(activityFrom) : ''} to ${activityTo ? formatMonthYear(activityTo) : ''}`,
        description: `The 3-month moving average of contacts and of referrals each month from ${activityFrom ? formatMonthYear(activityFrom) : 'the first month'} to ${activityTo ? formatMonthYear(activityTo) : 'the last month'}. Contacts averaged ${formatNumber(contactLine.at(-1) ?? null)} and referrals ${formatNumber(referralLine.at(-1) ?? null)} a month in the last three months.`,
        categories: monthlyContacts.map(
          (row) => `${formatShortMonth(str(row, 'month'))} ${String(row.month).slice(2, 4)}`,
        ),
        lines: [
          { name: 'Contacts (3-month average)', values: contactLine.map(plotted) },
          { name: 'Referrals (3-month average)', values: referralLine.map(plotted) },
        ],
        labelEvery: 6,
        note: chartWithheldNote([contactLine, referralLine], disclosure.control),
      }),
    },
  };
}
