import {
  formatChange,
  formatHigherLower,
  formatLongDate,
  formatMeetingDateTime,
  formatMonthYear,
  formatMoreFewer,
  formatMovement,
  formatNumber,
  formatPercent,
  formatPercentRange,
  formatShortMonth,
  MISSING,
} from './format.js';
import type { TableCell } from './report-model.js';

type Helper = (...args: unknown[]) => string;

/** Handlebars passes its options object last; helpers take only the template's arguments. */
const args = (list: unknown[]) => list.slice(0, -1);

const decimalsOf = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isInteger(value) ? value : fallback;

/** Prints a data-table cell the way its view model says the paper shows it. */
export function formatCell(cell: TableCell): string {
  switch (cell.format) {
    case 'number':
      return formatNumber(cell.value);
    case 'percent0':
      return formatPercent(cell.value, 0);
    case 'percent1':
      return formatPercent(cell.value, 1);
    case 'percent2':
      return formatPercent(cell.value, 2);
    case 'text':
      return cell.value === null ? MISSING : String(cell.value);
    case 'blank':
      return '';
  }
}

/**
 * The helpers templates may call, by name: formatting only (en-GB numbers, percentages as the
 * papers round them, dates such as "4 February 2020", changes worded as the papers word them).
 * Templates are compiled with `knownHelpersOnly`, so a name not here fails the compile.
 */
export const REPORT_HELPERS: Readonly<Record<string, Helper>> = {
  /** `{{number value}}` or `{{number value 1}}` for one decimal place. */
  number: (...a) => {
    const [value, decimals] = args(a);
    return formatNumber(value, decimalsOf(decimals, 0));
  },
  /** `{{percent value 0}}`: a percent-unit rate, 1 decimal place unless told. */
  percent: (...a) => {
    const [value, decimals] = args(a);
    return formatPercent(value, decimalsOf(decimals, 1));
  },
  longDate: (...a) => formatLongDate(args(a)[0]),
  monthYear: (...a) => formatMonthYear(args(a)[0]),
  shortMonth: (...a) => formatShortMonth(args(a)[0]),
  /** `{{meetingDateTime date time}}`: "Tuesday, 4th February, 2020 at 1.30 pm". */
  meetingDateTime: (...a) => {
    const [date, time] = args(a);
    return formatMeetingDateTime(date, time);
  },
  /** `{{change value "fostering households" "fostering household"}}`: "a decrease of 42 fostering households". */
  change: (...a) => {
    const [value, noun, singular] = args(a);
    return formatChange(
      value,
      String(noun),
      singular === undefined ? String(noun) : String(singular),
    );
  },
  /** `{{moreFewer value "County carers"}}`: "28 fewer County carers". */
  moreFewer: (...a) => {
    const [value, noun] = args(a);
    return formatMoreFewer(value, String(noun));
  },
  /** `{{higherLower pct}}`: "7.6% higher". */
  higherLower: (...a) => formatHigherLower(args(a)[0]),
  /** `{{movement now before "improved to" "fell to" "remained at"}}`, compared as printed (0 dp). */
  movement: (...a) => {
    const [current, previous, up, down, same] = args(a);
    return formatMovement(
      current,
      previous,
      {
        up: String(up),
        down: String(down),
        same: String(same),
      },
      0,
    );
  },
  /** `{{percentRange low high 0}}`: "61-72%", as the papers give a range of rates. */
  percentRange: (...a) => {
    const [low, high, decimals] = args(a);
    return formatPercentRange(low, high, decimalsOf(decimals, 0));
  },
  /** `{{cell this}}` inside a data table row. */
  cell: (...a) => formatCell(args(a)[0] as TableCell),
  /** `{{cellClass this}}`: figures align right, words left. */
  cellClass: (...a) => ((args(a)[0] as TableCell).format === 'text' ? 'text' : 'num'),
};
