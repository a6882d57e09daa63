import { type ChartModel, chartModel } from '../chart-model.js';
import {
  type Cell,
  chartWithheldNote,
  type Disclosure,
  DisclosureGrid,
  derive,
  type Figure,
  isWithheld,
  noteWithheld,
  plotted,
  type RowSpec,
} from '../disclosure/index.js';
import { formatMonthYear, formatNumber, formatShortMonth } from '../format.js';
import { addMonths } from '../months.js';
import {
  type CommonModel,
  commonModel,
  type DataTable,
  type ReportContext,
  type TableRow,
  tableRow,
} from '../report-model.js';
import { count, num, type Row, str, type TableReader, type TableReads } from '../report-tables.js';
import { requireRows } from './figures.js';

/** The report tables and columns the fostering update reads (the lineage test checks them). */
export const FOSTERING_TABLES: TableReads = {
  fostering_monthly: {
    columns: [
      'month',
      'financial_year',
      'households_registered',
      'households_mainstream',
      'households_connected',
      'households_short_breaks',
      'approvals',
      'deregistrations',
      'pct_reviews_in_timescale',
      'pct_supervision_timely',
      'reviews_due',
      'reviews_in_timescale',
      'supervision_timely',
      'unannounced_visits_overdue',
      'hive_households',
      'hive_children',
      'hives',
      'approvals_financial_year_to_date',
      'households_change_12m',
      'mainstream_change_12m',
      'connected_change_12m',
      'short_breaks_change_12m',
    ],
    orderBy: ['month'],
  },
  fostering_deregistrations: {
    columns: [
      'financial_year',
      'carer_type',
      'reason',
      'households',
      'households_carer_type',
      'households_reason',
      'households_financial_year',
      'is_complete_year',
    ],
    orderBy: ['financial_year', 'carer_type', 'reason'],
  },
};

/** How the papers name carer types (SPEC 3.5: mainstream carers are "County" carers). */
const CARER_TYPES = [
  { key: 'mainstream', label: 'County carers' },
  { key: 'connected', label: 'Connected carers' },
  { key: 'short_breaks', label: 'Specialist respite carers' },
] as const;

const REASONS: Readonly<Record<string, string>> = {
  personal_circumstances: 'Personal circumstances',
  moved_area: 'Moved out of area',
  retirement: 'Retirement',
  dissatisfaction: 'Dissatisfaction with the service',
  permanence_order: 'Permanence order (e.g. special guardianship)',
  standards_of_care: 'Standards of care',
  other: 'Other',
  not_recorded: 'Not recorded',
};

/** The counts of fostering_monthly the paper prints, and how they add up. */
const FOSTERING_CELLS: RowSpec = {
  counts: [
    'households_registered',
    'households_mainstream',
    'households_connected',
    'households_short_breaks',
    'approvals',
    'deregistrations',
    'reviews_due',
    'reviews_in_timescale',
    'supervision_timely',
    'unannounced_visits_overdue',
    'hive_households',
    'hive_children',
    'approvals_financial_year_to_date',
  ],
  sums: [
    [
      'households_registered',
      ['households_mainstream', 'households_connected', 'households_short_breaks'],
    ],
  ],
  rates: {
    pct_reviews_in_timescale: { numerator: 'reviews_in_timescale', denominator: 'reviews_due' },
    pct_supervision_timely: {
      numerator: 'supervision_timely',
      denominator: 'households_registered',
    },
  },
};

/** One month's measures, for sentences that compare a month with another. */
export interface FosteringMonth {
  readonly month: string;
  readonly registered: Figure;
  readonly pctReviews: Figure | null;
  readonly pctSupervision: Figure | null;
  readonly unannouncedOverdue: Figure;
}

export interface FosteringModel extends CommonModel {
  readonly latest: FosteringMonth & {
    readonly hiveHouseholds: Figure;
    readonly hiveChildren: Figure;
    readonly hives: number;
  };
  readonly quarterAgo: FosteringMonth | null;
  /** Households registered now minus three months earlier. */
  readonly quarterChange: Figure | null;
  readonly yearAgo: FosteringMonth | null;
  readonly hasHives: boolean;
  /** Change over twelve months, by carer type (null when the month a year ago is missing). */
  readonly change12: {
    readonly households: Figure | null;
    readonly mainstream: Figure | null;
    readonly connected: Figure | null;
    readonly shortBreaks: Figure | null;
  };
  readonly approvals: readonly {
    readonly financialYear: string;
    readonly approvals: Figure;
    readonly complete: boolean;
  }[];
  readonly deregistrations: {
    readonly financialYear: string;
    readonly complete: boolean;
    readonly total: Figure;
    readonly topReasons: readonly { readonly label: string; readonly households: Figure }[];
    readonly dissatisfaction: Figure;
    readonly table: DataTable;
  } | null;
  readonly performanceTable: DataTable;
  readonly chart: ChartModel;
}

type Read = (row: Row | undefined, column: string) => Figure | null;

function fosteringMonth(row: Row, f: Read): FosteringMonth {
  return {
    month: String(row.month),
    registered: f(row, 'households_registered') ?? 0,
    pctReviews: f(row, 'pct_reviews_in_timescale'),
    pctSupervision: f(row, 'pct_supervision_timely'),
    unannouncedOverdue: f(row, 'unannounced_visits_overdue') ?? 0,
  };
}

/** The de-registrations of one financial year as cells: by carer type and reason, and totals. */
interface DeregistrationCells {
  readonly financialYear: string;
  readonly complete: boolean;
  readonly reasons: readonly string[];
  readonly cell: (type: string, reason: string) => Cell | null;
  readonly byReason: (reason: string) => Cell | null;
  readonly byType: (type: string) => Cell | null;
  readonly total: Cell | null;
}

/**
 * Registers the latest complete financial year's de-registrations (or the year to date when
 * none is complete): each reason adds up over carer types, each carer type over reasons, both
 * to the year's total, and the year's months in the monthly table add up to it too.
 */
function deregistrationCells(
  rows: readonly Row[],
  grid: DisclosureGrid,
  monthlyCells: (column: string, financialYear: string) => (Cell | null)[],
): DeregistrationCells | null {
  if (rows.length === 0) return null;
  const complete = rows.filter((r) => r.is_complete_year === true);
  const financialYear = String((complete.length > 0 ? complete : rows).at(-1)!.financial_year);
  const year = rows.filter((r) => r.financial_year === financialYear);
  const reasons = [...new Set(year.map((r) => String(r.reason)))].sort(
    (a, b) => Object.keys(REASONS).indexOf(a) - Object.keys(REASONS).indexOf(b),
  );
  const types = [
    ...new Set([...CARER_TYPES.map((t) => t.key), ...year.map((r) => String(r.carer_type))]),
  ];
  const key = `deregistrations.${financialYear}`;
  const cell = (type: string, reason: string) =>
    grid.count(
      `${key}.${type}.${reason}`,
      count(
        year.find((r) => r.carer_type === type && r.reason === reason),
        'households',
      ),
    );
  const byReason = (reason: string) =>
    grid.count(
      `${key}.reason.${reason}`,
      count(
        year.find((r) => r.reason === reason),
        'households_reason',
      ),
    );
  const byType = (type: string) =>
    grid.count(
      `${key}.type.${type}`,
      count(
        year.find((r) => r.carer_type === type),
        'households_carer_type',
      ),
    );
  const total = grid.count(`${key}.total`, count(year[0], 'households_financial_year'));
  for (const reason of reasons) {
    grid.sum(
      byReason(reason),
      types.map((t) => cell(t, reason)),
    );
  }
  for (const type of types) {
    grid.sum(
      byType(type),
      reasons.map((r) => cell(type, r)),
    );
  }
  grid.sum(total, reasons.map(byReason));
  grid.sum(total, types.map(byType));
  grid.sum(total, monthlyCells('deregistrations', financialYear));
  return {
    financialYear,
    complete: year.some((r) => r.is_complete_year === true),
    reasons,
    cell,
    byReason,
    byType,
    total,
  };
}

function deregistrationModel(
  cells: DeregistrationCells | null,
  disclosure: Disclosure,
): FosteringModel['deregistrations'] {
  if (!cells) return null;
  const { financialYear, complete: isComplete } = cells;
  const figure = (cell: Cell | null) => disclosure.figure(cell) ?? 0;
  const rowsOut: TableRow[] = cells.reasons
    .filter((reason) => reason !== 'not_recorded' || (cells.byReason(reason)?.value ?? 0) > 0)
    .map((reason) =>
      tableRow(
        REASONS[reason] ?? reason,
        [
          ...CARER_TYPES.map((t) => figure(cells.cell(t.key, reason))),
          figure(cells.byReason(reason)),
        ],
        'number',
      ),
    );
  rowsOut.push(
    tableRow(
      'Total',
      [...CARER_TYPES.map((t) => figure(cells.byType(t.key))), figure(cells.total)],
      'number',
      true,
    ),
  );
  const byReason = cells.reasons.map((reason) => ({
    label: (REASONS[reason] ?? reason).toLocaleLowerCase('en-GB'),
    households: figure(cells.byReason(reason)),
    value: cells.byReason(reason)?.value ?? 0,
  }));
  // Ranking reasons whose figures are withheld would say how they compare: no ranking then.
  const topReasons = byReason.some((r) => isWithheld(r.households))
    ? []
    : byReason
        .filter((r) => r.value > 0)
        .sort((a, b) => b.value - a.value)
        .slice(0, 3)
        .map(({ label, households }) => ({ label, households }));
  return {
    financialYear,
    complete: isComplete,
    total: figure(cells.total),
    topReasons,
    dissatisfaction: figure(cells.byReason('dissatisfaction')),
    table: noteWithheld(
      {
        id: 'deregistrations',
        caption: `Fostering households de-registered in ${financialYear}${isComplete ? '' : ' (year to date)'}, by carer type and reason`,
        groups: [],
        columns: [
          { label: 'Reason', numeric: false },
          ...CARER_TYPES.map((t) => ({ label: t.label, numeric: true })),
          { label: 'All households', numeric: true },
        ],
        rows: rowsOut,
        compact: false,
        note: null,
      },
      disclosure.control,
    ),
  };
}

/**
 * The fostering update (seed 004, item 7): households by carer type and their change over
 * twelve months, approvals, de-registrations by type and reason, household reviews,
 * supervision, unannounced visits and Hives.
 */
export async function fosteringModel(
  read: TableReader,
  context: ReportContext,
): Promise<FosteringModel> {
  const scope = { laCode: context.laCode, asOf: context.asOf };
  const monthly = requireRows(await read('fostering_monthly'), 'fostering_monthly', scope);
  const byMonth = new Map(monthly.map((r) => [String(r.month), r]));
  const latestRow = monthly.at(-1)!;
  const latestMonth = String(latestRow.month);
  const quarterRow = byMonth.get(addMonths(latestMonth, -3));
  const yearRow = byMonth.get(addMonths(latestMonth, -12));

  // Every count the paper prints as one grid: a published paper withholds small counts and
  // whatever would give them away.
  const grid = new DisclosureGrid(context.disclosure);
  const F = grid.rows('fostering', monthly, (row) => String(row.month), FOSTERING_CELLS);
  const monthsOf = (column: string, financialYear: string) =>
    monthly.filter((r) => r.financial_year === financialYear).map((r) => F.cell(r, column));
  const years = [...new Set(monthly.map((r) => String(r.financial_year)))].slice(-3);
  const approvalRows = years.map((fy) => {
    const lastOfYear = monthly.filter((r) => r.financial_year === fy).at(-1)!;
    // A year's approvals are its months' approvals added up.
    grid.sum(F.cell(lastOfYear, 'approvals_financial_year_to_date'), monthsOf('approvals', fy));
    return { fy, lastOfYear };
  });
  const deregistrations = deregistrationCells(
    await read('fostering_deregistrations'),
    grid,
    monthsOf,
  );
  const disclosure = grid.solve();
  const f = disclosure.reader(F);

  const approvals = approvalRows.map(({ fy, lastOfYear }) => ({
    financialYear: fy,
    approvals: f(lastOfYear, 'approvals_financial_year_to_date') ?? 0,
    complete: String(lastOfYear.month).slice(5, 7) === '03',
  }));

  const table = monthly.slice(-13);
  const col = (column: string) => table.map((r) => f(r, column));
  const performanceTable: DataTable = noteWithheld(
    {
      id: 'fostering-performance',
      caption: `Fostering performance measures, ${formatMonthYear(String(table[0]!.month))} to ${formatMonthYear(latestMonth)}`,
      groups: [],
      columns: [
        { label: 'Measure', numeric: false },
        ...table.map((r) => ({
          label: `${formatShortMonth(str(r, 'month'))} ${String(r.month).slice(2, 4)}`,
          numeric: true,
        })),
      ],
      rows: [
        tableRow('Households registered', col('households_registered'), 'number', true),
        tableRow('County carers', col('households_mainstream'), 'number'),
        tableRow('Connected carers', col('households_connected'), 'number'),
        tableRow('Specialist respite carers', col('households_short_breaks'), 'number'),
        tableRow('Approvals', col('approvals'), 'number'),
        tableRow('De-registrations', col('deregistrations'), 'number'),
        tableRow('Household reviews in timescale', col('pct_reviews_in_timescale'), 'percent0'),
        tableRow('Supervision timely', col('pct_supervision_timely'), 'percent0'),
        tableRow('Unannounced visits overdue', col('unannounced_visits_overdue'), 'number'),
      ],
      compact: true,
      note: null,
    },
    disclosure.control,
  );

  const chartRows = monthly.slice(-24);
  const from = String(chartRows[0]!.month);
  const latest = fosteringMonth(latestRow, f);
  // A change over time is printed only when both ends are; the report table holds it raw.
  const change = (column: string, of: string) =>
    yearRow
      ? derive([f(latestRow, of), f(yearRow, of)], () => num(latestRow, column))
      : num(latestRow, column);
  const bars = [
    { name: 'County carers', column: 'households_mainstream' },
    { name: 'Connected carers', column: 'households_connected' },
    { name: 'Specialist respite carers', column: 'households_short_breaks' },
  ].map((b) => ({ name: b.name, figures: chartRows.map((r) => f(r, b.column)) }));
  return {
    ...commonModel(context),
    latest: {
      ...latest,
      hiveHouseholds: f(latestRow, 'hive_households') ?? 0,
      hiveChildren: f(latestRow, 'hive_children') ?? 0,
      hives: count(latestRow, 'hives'),
    },
    quarterAgo: quarterRow ? fosteringMonth(quarterRow, f) : null,
    quarterChange: quarterRow
      ? derive(
          [latest.registered, f(quarterRow, 'households_registered')],
          (now, then) => now - then,
        )
      : null,
    yearAgo: yearRow ? fosteringMonth(yearRow, f) : null,
    hasHives: count(latestRow, 'hive_households') > 0,
    change12: {
      households: change('households_change_12m', 'households_registered'),
      mainstream: change('mainstream_change_12m', 'households_mainstream'),
      connected: change('connected_change_12m', 'households_connected'),
      shortBreaks: change('short_breaks_change_12m', 'households_short_breaks'),
    },
    approvals,
    deregistrations: deregistrationModel(deregistrations, disclosure),
    performanceTable,
    chart: chartModel({
      id: 'chart-households',
      title: `Registered fostering households by carer type, ${formatMonthYear(from)} to ${formatMonthYear(latestMonth)}`,
      description: `Fostering households registered with ${context.config.council.name} at the end of each month from ${formatMonthYear(from)} to ${formatMonthYear(latestMonth)}, stacked by carer type. There were ${formatNumber(f(chartRows[0], 'households_registered'))} in ${formatMonthYear(from)} and ${formatNumber(latest.registered)} in ${formatMonthYear(latestMonth)}: ${formatNumber(f(latestRow, 'households_mainstream'))} County, ${formatNumber(f(latestRow, 'households_connected'))} connected and ${formatNumber(f(latestRow, 'households_short_breaks'))} specialist respite carers.`,
      categories: chartRows.map(
        (r) => `${formatShortMonth(str(r, 'month'))} ${String(r.month).slice(2, 4)}`,
      ),
      bars: bars.map((b) => ({ name: b.name, values: b.figures.map(plotted) })),
      stacked: true,
      labelEvery: 3,
      note: chartWithheldNote(
        bars.map((b) => b.figures),
        disclosure.control,
      ),
    }),
  };
}
