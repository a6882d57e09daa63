import { type ChartModel, chartModel } from '../chart-model.js';
import { formatMonthYear, formatPercent } from '../format.js';
import {
  type CommonModel,
  commonModel,
  type DataTable,
  type ReportContext,
  tableRow,
} from '../report-model.js';
import { count, num, type Row, str, type TableReader, type TableReads } from '../report-tables.js';
import { requireRows } from './figures.js';

/** The report tables and columns the care leavers annual report reads. */
export const CARE_LEAVERS_TABLES: TableReads = {
  care_leavers_profile: {
    columns: [
      'month',
      'dimension',
      'category',
      'category_order',
      'young_people',
      'young_people_18_plus',
    ],
    orderBy: ['month', 'dimension', 'category_order'],
  },
  care_leavers_in_touch_quarterly: {
    columns: [
      'quarter_end',
      'financial_year',
      'financial_quarter',
      'cohort_19_21',
      'in_touch',
      'pct_in_touch',
      'benchmark_area',
      'benchmark_pct',
    ],
    orderBy: ['quarter_end'],
  },
  care_leavers_birthday_outcomes: {
    columns: [
      'year',
      'age',
      'cohort',
      'suitable_accommodation',
      'pct_suitable_accommodation',
      'neet',
      'pct_neet',
    ],
    orderBy: ['year', 'age'],
  },
  care_leavers_staying_put: {
    columns: ['year', 'staying_put_december', 'latest_month', 'staying_put_latest'],
    orderBy: ['year'],
  },
  care_leavers_health_passport: {
    columns: ['month', 'status', 'status_order', 'young_people_18_plus', 'pct_18_plus'],
    orderBy: ['month', 'status_order'],
  },
};

const CATEGORY_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  gender: { male: 'Males', female: 'Females', other: 'Other', not_recorded: 'Not recorded' },
  ethnic_group: { not_recorded: 'Not recorded' },
  eligibility: {
    eligible: 'Eligible',
    relevant: 'Relevant',
    former_relevant: 'Former relevant',
    qualifying: 'Qualifying',
    not_recorded: 'Not recorded',
  },
};

const AGES = [18, 19, 20, 21] as const;

export interface ProfileGroup {
  readonly heading: string;
  readonly table: DataTable;
}

export interface CareLeaversModel extends CommonModel {
  /** The calendar year the report covers. */
  readonly year: number;
  readonly profile: {
    readonly month: string;
    readonly total18Plus: number;
    readonly totalAllAges: number;
    readonly groups: readonly ProfileGroup[];
  };
  readonly inTouch: {
    readonly table: DataTable;
    readonly latest: {
      readonly quarterEnd: string;
      readonly pct: number | null;
      readonly benchmarkPct: number | null;
      readonly benchmarkArea: string | null;
      readonly hasBenchmark: boolean;
    };
  } | null;
  readonly outcomes: {
    readonly years: readonly number[];
    readonly latestYear: number;
    readonly previousYear: number | null;
    readonly accommodation18: { readonly latest: number | null; readonly previous: number | null };
    readonly neet18: { readonly latest: number | null; readonly previous: number | null };
    readonly accommodationTable: DataTable;
    readonly neetTable: DataTable;
    readonly chart: ChartModel;
  } | null;
  readonly stayingPut: {
    readonly latest: { readonly label: string; readonly young: number };
    readonly earlier: readonly { readonly label: string; readonly young: number }[];
    readonly change: number | null;
  } | null;
  readonly healthPassport: {
    readonly month: string;
    readonly total: number;
    readonly statuses: readonly {
      readonly status: string;
      readonly youngPeople: number;
      readonly pct: number | null;
    }[];
    readonly received: { readonly youngPeople: number; readonly pct: number | null };
    readonly accepted: { readonly youngPeople: number; readonly pct: number | null };
    readonly declined: { readonly youngPeople: number; readonly pct: number | null };
    readonly unknown: { readonly youngPeople: number; readonly pct: number | null };
    readonly notOffered: { readonly youngPeople: number; readonly pct: number | null };
  } | null;
}

/** The year a care leavers annual report covers: the as_of year once December is in, else the year before. */
export function careLeaversReportYear(asOf: string): number {
  const year = Number(asOf.slice(0, 4));
  return asOf.slice(5, 7) === '12' ? year : year - 1;
}

function profileModel(rows: readonly Row[]): CareLeaversModel['profile'] {
  const month = String(rows.at(-1)!.month);
  const latest = rows.filter((r) => String(r.month) === month);
  const groups: ProfileGroup[] = [
    { dimension: 'gender', heading: 'Age and gender' },
    { dimension: 'ethnic_group', heading: 'Ethnic background' },
    { dimension: 'eligibility', heading: 'Eligibility category' },
  ].map(({ dimension, heading }) => {
    const labels = CATEGORY_LABELS[dimension] ?? {};
    const inDimension = latest
      .filter((r) => r.dimension === dimension)
      .filter((r) => r.category !== 'not_recorded' || count(r, 'young_people') > 0);
    return {
      heading,
      table: {
        id: `profile-${dimension.replace('_', '-')}`,
        caption: `${heading}, care leavers aged 18 and over, ${formatMonthYear(month)}`,
        groups: [],
        columns: [
          { label: heading, numeric: false },
          { label: 'Aged 18+', numeric: true },
          { label: 'All ages', numeric: true },
        ],
        rows: inDimension.map((r) => {
          const category = String(r.category);
          return {
            header: labels[category] ?? category,
            cells: [
              { value: count(r, 'young_people_18_plus'), format: 'number' as const },
              { value: count(r, 'young_people'), format: 'number' as const },
            ],
            total: false,
          };
        }),
        compact: false,
        note: null,
      },
    };
  });
  const gender = latest.filter((r) => r.dimension === 'gender');
  return {
    month,
    total18Plus: gender.reduce((s, r) => s + count(r, 'young_people_18_plus'), 0),
    totalAllAges: gender.reduce((s, r) => s + count(r, 'young_people'), 0),
    groups,
  };
}

function inTouchModel(rows: readonly Row[], shortName: string): CareLeaversModel['inTouch'] {
  if (rows.length === 0) return null;
  const shown = rows.slice(-6);
  const latestRow = shown.at(-1)!;
  const area = str(latestRow, 'benchmark_area');
  return {
    table: {
      id: 'in-touch',
      caption: "Proportion of care leavers aged 19-21 who were 'In Touch'",
      groups: [],
      columns: [
        { label: 'Year', numeric: false },
        { label: 'Quarter', numeric: false },
        { label: shortName, numeric: true },
        { label: area ?? 'Region', numeric: true },
      ],
      rows: shown.map((r) => {
        const bench = num(r, 'benchmark_pct');
        return {
          header: String(r.financial_year),
          cells: [
            { value: str(r, 'financial_quarter'), format: 'text' as const },
            { value: num(r, 'pct_in_touch'), format: 'percent1' as const },
            bench === null
              ? { value: 'Not yet published', format: 'text' as const }
              : { value: bench, format: 'percent1' as const },
          ],
          total: false,
        };
      }),
      compact: false,
      note: null,
    },
    latest: {
      quarterEnd: String(latestRow.quarter_end),
      pct: num(latestRow, 'pct_in_touch'),
      benchmarkPct: num(latestRow, 'benchmark_pct'),
      benchmarkArea: area,
      hasBenchmark: num(latestRow, 'benchmark_pct') !== null,
    },
  };
}

function outcomesModel(rows: readonly Row[], shortName: string): CareLeaversModel['outcomes'] {
  if (rows.length === 0) return null;
  const years = [...new Set(rows.map((r) => count(r, 'year')))].slice(-5);
  const cell = (year: number, age: number, column: string) =>
    num(
      rows.find((r) => r.year === year && r.age === age),
      column,
    );
  const table = (id: string, caption: string, heading: string, column: string): DataTable => ({
    id,
    caption,
    groups: [
      { label: '', span: 1 },
      { label: heading, span: years.length },
    ],
    columns: [
      { label: 'Age', numeric: false },
      ...years.map((y) => ({ label: String(y), numeric: true })),
    ],
    rows: AGES.map((age) =>
      tableRow(
        String(age),
        years.map((y) => cell(y, age, column)),
        'percent0',
      ),
    ),
    compact: false,
    note: 'The birthday window runs from 3 months before to 1 month after the young person’s birthday.',
  });
  const latestYear = years.at(-1)!;
  const previousYear = years.length > 1 ? years.at(-2)! : null;
  const at18 = (column: string) => ({
    latest: cell(latestYear, 18, column),
    previous: previousYear === null ? null : cell(previousYear, 18, column),
  });
  const neet18 = at18('pct_neet');
  return {
    years,
    latestYear,
    previousYear,
    accommodation18: at18('pct_suitable_accommodation'),
    neet18,
    accommodationTable: table(
      'suitable-accommodation',
      `${shortName} care leavers in suitable accommodation at their birthday, by age, ${years[0]} to ${latestYear}`,
      'Suitable accommodation',
      'pct_suitable_accommodation',
    ),
    neetTable: table(
      'neet',
      `${shortName} care leavers not in education, employment or training (NEET) at their birthday, by age, ${years[0]} to ${latestYear}`,
      'NEET',
      'pct_neet',
    ),
    chart: chartModel({
      id: 'chart-neet',
      title: `Care leavers NEET at their birthday, by age and year, ${years[0]} to ${latestYear}`,
      description: `The percentage of care leavers not in education, employment or training in the window around their 18th to 21st birthdays, for each year from ${years[0]} to ${latestYear}. At 18 it was ${formatPercent(neet18.latest, 0)} in ${latestYear}${previousYear === null ? '' : ` against ${formatPercent(neet18.previous, 0)} in ${previousYear}`}. The figures are in the NEET table.`,
      categories: AGES.map((a) => `Age ${a}`),
      bars: years.map((y) => ({
        name: String(y),
        values: AGES.map((a) => cell(y, a, 'pct_neet')),
      })),
      percent: true,
      height: 260,
    }),
  };
}

function stayingPutModel(rows: readonly Row[]): CareLeaversModel['stayingPut'] {
  const decembers = rows
    .filter((r) => num(r, 'staying_put_december') !== null)
    .map((r) => ({ label: `December ${r.year}`, young: count(r, 'staying_put_december') }));
  const lastRow = rows.at(-1);
  if (!lastRow) return null;
  const latestIsDecember = num(lastRow, 'staying_put_december') !== null;
  const latest = latestIsDecember
    ? decembers.at(-1)!
    : {
        label: formatMonthYear(str(lastRow, 'latest_month')),
        young: count(lastRow, 'staying_put_latest'),
      };
  const earlier = (latestIsDecember ? decembers.slice(0, -1) : decembers).slice(-5);
  const previous = earlier.at(-1);
  return {
    latest,
    earlier,
    change: previous ? latest.young - previous.young : null,
  };
}

function healthPassportModel(rows: readonly Row[]): CareLeaversModel['healthPassport'] {
  if (rows.length === 0) return null;
  const month = String(rows.at(-1)!.month);
  const latest = rows.filter((r) => String(r.month) === month);
  const status = (name: string) => {
    const r = latest.find((x) => x.status === name);
    return { youngPeople: count(r, 'young_people_18_plus'), pct: num(r, 'pct_18_plus') };
  };
  return {
    month,
    total: latest.reduce((s, r) => s + count(r, 'young_people_18_plus'), 0),
    statuses: latest.map((r) => ({
      status: String(r.status),
      youngPeople: count(r, 'young_people_18_plus'),
      pct: num(r, 'pct_18_plus'),
    })),
    received: status('received'),
    accepted: status('accepted'),
    declined: status('declined'),
    unknown: status('unknown'),
    notOffered: status('not_offered'),
  };
}

/**
 * The care leavers annual report to the Corporate Parenting Board (seed 003): profile, in
 * touch against the regional benchmark, suitable accommodation and NEET by age over five
 * years, staying put and health passports.
 */
export async function careLeaversModel(
  read: TableReader,
  context: ReportContext,
): Promise<CareLeaversModel> {
  const scope = { laCode: context.laCode, asOf: context.asOf };
  const shortName = context.config.council.shortName;
  const profile = requireRows(await read('care_leavers_profile'), 'care_leavers_profile', scope);
  return {
    ...commonModel(context),
    year: careLeaversReportYear(context.asOf),
    profile: profileModel(profile),
    inTouch: inTouchModel(await read('care_leavers_in_touch_quarterly'), shortName),
    outcomes: outcomesModel(await read('care_leavers_birthday_outcomes'), shortName),
    stayingPut: stayingPutModel(await read('care_leavers_staying_put')),
    healthPassport: healthPassportModel(await read('care_leavers_health_passport')),
  };
}
