import { type ChartModel, chartModel } from '../chart-model.js';
import {
  type Cell,
  chartWithheldNote,
  type Disclosure,
  DisclosureGrid,
  derive,
  type Figure,
  noteWithheld,
  plotted,
  type RowCells,
  type RowSpec,
} from '../disclosure/index.js';
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

/** Care leavers aged 18+ with a health passport status, and their share. */
export interface PassportStatus {
  readonly status: string;
  readonly youngPeople: Figure;
  readonly pct: Figure | null;
}

export interface ProfileGroup {
  readonly heading: string;
  readonly table: DataTable;
}

export interface CareLeaversModel extends CommonModel {
  /** The calendar year the report covers. */
  readonly year: number;
  readonly profile: {
    readonly month: string;
    readonly total18Plus: Figure;
    readonly totalAllAges: Figure;
    readonly groups: readonly ProfileGroup[];
  };
  readonly inTouch: {
    readonly table: DataTable;
    readonly latest: {
      readonly quarterEnd: string;
      readonly pct: Figure | null;
      readonly benchmarkPct: number | null;
      readonly benchmarkArea: string | null;
      readonly hasBenchmark: boolean;
    };
  } | null;
  readonly outcomes: {
    readonly years: readonly number[];
    readonly latestYear: number;
    readonly previousYear: number | null;
    readonly accommodation18: { readonly latest: Figure | null; readonly previous: Figure | null };
    readonly neet18: { readonly latest: Figure | null; readonly previous: Figure | null };
    readonly accommodationTable: DataTable;
    readonly neetTable: DataTable;
    readonly chart: ChartModel;
  } | null;
  readonly stayingPut: {
    readonly latest: { readonly label: string; readonly young: Figure };
    readonly earlier: readonly { readonly label: string; readonly young: Figure }[];
    readonly change: Figure | null;
  } | null;
  readonly healthPassport: {
    readonly month: string;
    readonly total: Figure;
    readonly statuses: readonly PassportStatus[];
    readonly received: PassportStatus;
    readonly accepted: PassportStatus;
    readonly declined: PassportStatus;
    readonly unknown: PassportStatus;
    readonly notOffered: PassportStatus;
  } | null;
}

/** The year a care leavers annual report covers: the as_of year once December is in, else the year before. */
export function careLeaversReportYear(asOf: string): number {
  const year = Number(asOf.slice(0, 4));
  return asOf.slice(5, 7) === '12' ? year : year - 1;
}

/** The counts of the in-touch, birthday-outcome and staying-put tables, and how they add up. */
const IN_TOUCH_CELLS: RowSpec = {
  counts: ['cohort_19_21', 'in_touch'],
  rates: { pct_in_touch: { numerator: 'in_touch', denominator: 'cohort_19_21' } },
};
const OUTCOME_CELLS: RowSpec = {
  counts: ['cohort', 'suitable_accommodation', 'neet'],
  rates: {
    pct_suitable_accommodation: { numerator: 'suitable_accommodation', denominator: 'cohort' },
    pct_neet: { numerator: 'neet', denominator: 'cohort' },
  },
};
const STAYING_PUT_CELLS: RowSpec = { counts: ['staying_put_december', 'staying_put_latest'] };

type Read = (row: Row | undefined, column: string) => Figure | null;

/** The latest profile snapshot's cells: each dimension's categories add up to the same totals. */
function profileCells(rows: readonly Row[], grid: DisclosureGrid) {
  const month = String(rows.at(-1)!.month);
  const latest = rows.filter((r) => String(r.month) === month);
  const cell = (r: Row, age: '18' | 'all') =>
    grid.count(
      `profile.${String(r.dimension)}.${String(r.category)}.${age}`,
      count(r, age === '18' ? 'young_people_18_plus' : 'young_people'),
    );
  const gender = latest.filter((r) => r.dimension === 'gender');
  const total = {
    '18': grid.sumOf(
      'profile.total.18',
      gender.map((r) => cell(r, '18')),
    ),
    all: grid.sumOf(
      'profile.total.all',
      gender.map((r) => cell(r, 'all')),
    ),
  };
  for (const dimension of ['ethnic_group', 'eligibility']) {
    const inDimension = latest.filter((r) => r.dimension === dimension);
    grid.sum(
      total['18'],
      inDimension.map((r) => cell(r, '18')),
    );
    grid.sum(
      total.all,
      inDimension.map((r) => cell(r, 'all')),
    );
  }
  // All ages include those aged 18 and over: the difference (under 18) is protected too.
  for (const r of latest) grid.sum(cell(r, 'all'), [cell(r, '18')]);
  grid.sum(total.all, [total['18']]);
  return { month, latest, cell, total };
}

function profileModel(
  cells: ReturnType<typeof profileCells>,
  disclosure: Disclosure,
): CareLeaversModel['profile'] {
  const { month, latest, cell, total } = cells;
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
      table: noteWithheld(
        {
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
                { value: disclosure.figure(cell(r, '18')) ?? 0, format: 'number' as const },
                { value: disclosure.figure(cell(r, 'all')) ?? 0, format: 'number' as const },
              ],
              total: false,
            };
          }),
          compact: false,
          note: null,
        },
        disclosure.control,
      ),
    };
  });
  return {
    month,
    total18Plus: disclosure.figure(total['18']) ?? 0,
    totalAllAges: disclosure.figure(total.all) ?? 0,
    groups,
  };
}

function inTouchModel(
  rows: readonly Row[],
  shortName: string,
  f: Read,
  disclosure: Disclosure,
): CareLeaversModel['inTouch'] {
  if (rows.length === 0) return null;
  const shown = rows.slice(-6);
  const latestRow = shown.at(-1)!;
  const area = str(latestRow, 'benchmark_area');
  return {
    table: noteWithheld(
      {
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
          // The regional benchmark is published by others: it is printed as it is.
          const bench = num(r, 'benchmark_pct');
          return {
            header: String(r.financial_year),
            cells: [
              { value: str(r, 'financial_quarter'), format: 'text' as const },
              { value: f(r, 'pct_in_touch'), format: 'percent1' as const },
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
      disclosure.control,
    ),
    latest: {
      quarterEnd: String(latestRow.quarter_end),
      pct: f(latestRow, 'pct_in_touch'),
      benchmarkPct: num(latestRow, 'benchmark_pct'),
      benchmarkArea: area,
      hasBenchmark: num(latestRow, 'benchmark_pct') !== null,
    },
  };
}

function outcomesModel(
  rows: readonly Row[],
  shortName: string,
  f: Read,
  disclosure: Disclosure,
): CareLeaversModel['outcomes'] {
  if (rows.length === 0) return null;
  const years = [...new Set(rows.map((r) => count(r, 'year')))].slice(-5);
  const cell = (year: number, age: number, column: string) =>
    f(
      rows.find((r) => r.year === year && r.age === age),
      column,
    );
  const table = (id: string, caption: string, heading: string, column: string): DataTable =>
    noteWithheld(
      {
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
      },
      disclosure.control,
    );
  const latestYear = years.at(-1)!;
  const previousYear = years.length > 1 ? years.at(-2)! : null;
  const at18 = (column: string) => ({
    latest: cell(latestYear, 18, column),
    previous: previousYear === null ? null : cell(previousYear, 18, column),
  });
  const neet18 = at18('pct_neet');
  const neetSeries = years.map((y) => ({
    name: String(y),
    figures: AGES.map((a) => cell(y, a, 'pct_neet')),
  }));
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
      bars: neetSeries.map((s) => ({ name: s.name, values: s.figures.map(plotted) })),
      percent: true,
      height: 260,
      note: chartWithheldNote(
        neetSeries.map((s) => s.figures),
        disclosure.control,
      ),
    }),
  };
}

function stayingPutModel(rows: readonly Row[], f: Read): CareLeaversModel['stayingPut'] {
  const decembers = rows
    .filter((r) => num(r, 'staying_put_december') !== null)
    .map((r) => ({ label: `December ${r.year}`, young: f(r, 'staying_put_december') ?? 0 }));
  const lastRow = rows.at(-1);
  if (!lastRow) return null;
  const latestIsDecember = num(lastRow, 'staying_put_december') !== null;
  const latest = latestIsDecember
    ? decembers.at(-1)!
    : {
        label: formatMonthYear(str(lastRow, 'latest_month')),
        young: f(lastRow, 'staying_put_latest') ?? 0,
      };
  const earlier = (latestIsDecember ? decembers.slice(0, -1) : decembers).slice(-5);
  const previous = earlier.at(-1);
  return {
    latest,
    earlier,
    change: previous ? derive([latest.young, previous.young], (now, then) => now - then) : null,
  };
}

/** The latest month's health passport statuses as cells adding up to their total. */
function passportCells(rows: readonly Row[], grid: DisclosureGrid) {
  if (rows.length === 0) return null;
  const month = String(rows.at(-1)!.month);
  const latest = rows.filter((r) => String(r.month) === month);
  const cell = (status: string) =>
    grid.count(
      `passport.${status}`,
      count(
        latest.find((r) => r.status === status),
        'young_people_18_plus',
      ),
    );
  const statuses = latest.map((r) => String(r.status));
  const total = grid.sumOf('passport.total', statuses.map(cell));
  for (const status of statuses) grid.rate(cell(status), total);
  return { month, latest, cell, total };
}

function healthPassportModel(
  cells: ReturnType<typeof passportCells>,
  disclosure: Disclosure,
): CareLeaversModel['healthPassport'] {
  if (!cells) return null;
  const { month, latest, cell, total } = cells;
  const status = (name: string): PassportStatus => {
    const r = latest.find((x) => x.status === name);
    const c: Cell | null = r ? cell(name) : null;
    return {
      status: name,
      youngPeople: disclosure.figure(c) ?? 0,
      pct: disclosure.rate(num(r, 'pct_18_plus'), c, total),
    };
  };
  return {
    month,
    total: disclosure.figure(total) ?? 0,
    statuses: latest.map((r) => status(String(r.status))),
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
  const inTouch = await read('care_leavers_in_touch_quarterly');
  const outcomes = await read('care_leavers_birthday_outcomes');
  const stayingPut = await read('care_leavers_staying_put');
  const passports = await read('care_leavers_health_passport');

  // Every count the paper prints, or that its percentages give away, as one grid.
  const grid = new DisclosureGrid(context.disclosure);
  const profileGrid = profileCells(profile, grid);
  const I = grid.rows('in_touch', inTouch, (r) => String(r.quarter_end), IN_TOUCH_CELLS);
  const O = grid.rows('outcomes', outcomes, (r) => `${r.year}/${r.age}`, OUTCOME_CELLS);
  const S = grid.rows('staying_put', stayingPut, (r) => String(r.year), STAYING_PUT_CELLS);
  const passportGrid = passportCells(passports, grid);
  const disclosure = grid.solve();
  const reader = (cells: RowCells) => disclosure.reader(cells);

  return {
    ...commonModel(context),
    year: careLeaversReportYear(context.asOf),
    profile: profileModel(profileGrid, disclosure),
    inTouch: inTouchModel(inTouch, shortName, reader(I), disclosure),
    outcomes: outcomesModel(outcomes, shortName, reader(O), disclosure),
    stayingPut: stayingPutModel(stayingPut, reader(S)),
    healthPassport: healthPassportModel(passportGrid, disclosure),
  };
}
