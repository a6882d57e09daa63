import { type ChartModel, chartModel } from '../chart-model.js';
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

/** One month's measures, for sentences that compare a month with another. */
export interface FosteringMonth {
  readonly month: string;
  readonly registered: number;
  readonly pctReviews: number | null;
  readonly pctSupervision: number | null;
  readonly unannouncedOverdue: number;
}

export interface FosteringModel extends CommonModel {
  readonly latest: FosteringMonth & {
    readonly hiveHouseholds: number;
    readonly hiveChildren: number;
    readonly hives: number;
  };
  readonly quarterAgo: FosteringMonth | null;
  /** Households registered now minus three months earlier. */
  readonly quarterChange: number | null;
  readonly yearAgo: FosteringMonth | null;
  readonly hasHives: boolean;
  /** Change over twelve months, by carer type (null when the month a year ago is missing). */
  readonly change12: {
    readonly households: number | null;
    readonly mainstream: number | null;
    readonly connected: number | null;
    readonly shortBreaks: number | null;
  };
  readonly approvals: readonly {
    readonly financialYear: string;
    readonly approvals: number;
    readonly complete: boolean;
  }[];
  readonly deregistrations: {
    readonly financialYear: string;
    readonly complete: boolean;
    readonly total: number;
    readonly topReasons: readonly { readonly label: string; readonly households: number }[];
    readonly dissatisfaction: number;
    readonly table: DataTable;
  } | null;
  readonly performanceTable: DataTable;
  readonly chart: ChartModel;
}

function fosteringMonth(row: Row): FosteringMonth {
  return {
    month: String(row.month),
    registered: count(row, 'households_registered'),
    pctReviews: num(row, 'pct_reviews_in_timescale'),
    pctSupervision: num(row, 'pct_supervision_timely'),
    unannouncedOverdue: count(row, 'unannounced_visits_overdue'),
  };
}

function deregistrationModel(rows: readonly Row[]): FosteringModel['deregistrations'] {
  if (rows.length === 0) return null;
  const complete = rows.filter((r) => r.is_complete_year === true);
  const financialYear = String((complete.length > 0 ? complete : rows).at(-1)!.financial_year);
  const year = rows.filter((r) => r.financial_year === financialYear);
  const cell = (type: string, reason: string) =>
    count(
      year.find((r) => r.carer_type === type && r.reason === reason),
      'households',
    );
  const reasons = [...new Set(year.map((r) => String(r.reason)))].sort(
    (a, b) => Object.keys(REASONS).indexOf(a) - Object.keys(REASONS).indexOf(b),
  );
  const byReason = (reason: string) =>
    count(
      year.find((r) => r.reason === reason),
      'households_reason',
    );
  const byType = (type: string) =>
    count(
      year.find((r) => r.carer_type === type),
      'households_carer_type',
    );
  const total = count(year[0], 'households_financial_year');
  const rowsOut: TableRow[] = reasons
    .filter((reason) => reason !== 'not_recorded' || byReason(reason) > 0)
    .map((reason) =>
      tableRow(
        REASONS[reason] ?? reason,
        [...CARER_TYPES.map((t) => cell(t.key, reason)), byReason(reason)],
        'number',
      ),
    );
  rowsOut.push(
    tableRow('Total', [...CARER_TYPES.map((t) => byType(t.key)), total], 'number', true),
  );
  const topReasons = reasons
    .map((reason) => ({
      label: (REASONS[reason] ?? reason).toLocaleLowerCase('en-GB'),
      households: byReason(reason),
    }))
    .filter((r) => r.households > 0)
    .sort((a, b) => b.households - a.households)
    .slice(0, 3);
  const isComplete = year.some((r) => r.is_complete_year === true);
  return {
    financialYear,
    complete: isComplete,
    total,
    topReasons,
    dissatisfaction: byReason('dissatisfaction'),
    table: {
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

  const years = [...new Set(monthly.map((r) => String(r.financial_year)))].slice(-3);
  const approvals = years.map((fy) => {
    const lastOfYear = monthly.filter((r) => r.financial_year === fy).at(-1)!;
    return {
      financialYear: fy,
      approvals: count(lastOfYear, 'approvals_financial_year_to_date'),
      complete: String(lastOfYear.month).slice(5, 7) === '03',
    };
  });

  const table = monthly.slice(-13);
  const col = (column: string) => table.map((r) => num(r, column));
  const performanceTable: DataTable = {
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
  };

  const chartRows = monthly.slice(-24);
  const from = String(chartRows[0]!.month);
  const latest = fosteringMonth(latestRow);
  return {
    ...commonModel(context),
    latest: {
      ...latest,
      hiveHouseholds: count(latestRow, 'hive_households'),
      hiveChildren: count(latestRow, 'hive_children'),
      hives: count(latestRow, 'hives'),
    },
    quarterAgo: quarterRow ? fosteringMonth(quarterRow) : null,
    quarterChange: quarterRow
      ? latest.registered - count(quarterRow, 'households_registered')
      : null,
    yearAgo: yearRow ? fosteringMonth(yearRow) : null,
    hasHives: count(latestRow, 'hive_households') > 0,
    change12: {
      households: num(latestRow, 'households_change_12m'),
      mainstream: num(latestRow, 'mainstream_change_12m'),
      connected: num(latestRow, 'connected_change_12m'),
      shortBreaks: num(latestRow, 'short_breaks_change_12m'),
    },
    approvals,
    deregistrations: deregistrationModel(await read('fostering_deregistrations')),
    performanceTable,
    chart: chartModel({
      id: 'chart-households',
      title: `Registered fostering households by carer type, ${formatMonthYear(from)} to ${formatMonthYear(latestMonth)}`,
      description: `Fostering households registered with ${context.config.council.name} at the end of each month from ${formatMonthYear(from)} to ${formatMonthYear(latestMonth)}, stacked by carer type. There were ${formatNumber(num(chartRows[0], 'households_registered'))} in ${formatMonthYear(from)} and ${formatNumber(latest.registered)} in ${formatMonthYear(latestMonth)}: ${formatNumber(num(latestRow, 'households_mainstream'))} County, ${formatNumber(num(latestRow, 'households_connected'))} connected and ${formatNumber(num(latestRow, 'households_short_breaks'))} specialist respite carers.`,
      categories: chartRows.map(
        (r) => `${formatShortMonth(str(r, 'month'))} ${String(r.month).slice(2, 4)}`,
      ),
      bars: [
        { name: 'County carers', values: chartRows.map((r) => num(r, 'households_mainstream')) },
        { name: 'Connected carers', values: chartRows.map((r) => num(r, 'households_connected')) },
        {
          name: 'Specialist respite carers',
          values: chartRows.map((r) => num(r, 'households_short_breaks')),
        },
      ],
      stacked: true,
      labelEvery: 3,
    }),
  };
}
