/**
 * How figures and dates read in the council's papers (seeds 001-004), in one place: the
 * Handlebars helpers call these, and tests call them to format the figures they expect, so a
 * paper and its test can never disagree about rounding or wording.
 */

import { isWithheld, WITHHELD_SYMBOL } from './disclosure/withheld.js';

/** What a missing figure (a rate with no denominator, a year with no data) prints as. */
export const MISSING = 'n/a';

/** How a change a paper withholds under disclosure control reads in a sentence. */
const WITHHELD_CHANGE = 'not published, to protect confidentiality';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const ISO_MONTH = /^(\d{4})-(\d{2})/;

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const formatters = new Map<number, Intl.NumberFormat>();
function formatter(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(decimals, f);
  }
  return f;
}

/** A count or amount with en-GB grouping: 1234567 -> "1,234,567". */
export function formatNumber(value: unknown, decimals = 0): string {
  // A withheld count prints "<5" (or "[c]" when withheld to protect another).
  if (isWithheld(value)) return value.symbol;
  if (!isNumber(value)) return MISSING;
  // Intl prints -0 as "-0" when a small negative rounds to zero.
  const text = formatter(decimals).format(value);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/**
 * A rate already in percent units (the report tables' convention), rounded only here:
 * 82.46 -> "82.5%" (1 dp), "82%" (0 dp).
 */
export function formatPercent(value: unknown, decimals = 1): string {
  if (isWithheld(value)) return WITHHELD_SYMBOL;
  if (!isNumber(value)) return MISSING;
  return `${formatNumber(value, decimals)}%`;
}

/** Two rates as a range: (61.2, 72.4) -> "61-72%"; the same when they print alike: "65%". */
export function formatPercentRange(low: unknown, high: unknown, decimals = 0): string {
  if (isWithheld(low) || isWithheld(high)) return WITHHELD_SYMBOL;
  if (!isNumber(low) || !isNumber(high)) return MISSING;
  const a = formatNumber(low, decimals);
  const b = formatNumber(high, decimals);
  return a === b ? `${a}%` : `${a}-${b}%`;
}

/** Parses 'YYYY-MM-DD' (or a longer ISO text) into its parts; throws on anything else. */
function dateParts(value: unknown): { year: number; month: number; day: number } {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) throw new Error(`not an ISO date: ${String(value)}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** "2020-02-04" -> "4 February 2020", as the header blocks print the meeting date. */
export function formatLongDate(value: unknown): string {
  const { year, month, day } = dateParts(value);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "2019-11" or "2019-11-01" -> "November 2019". */
export function formatMonthYear(value: unknown): string {
  const match = typeof value === 'string' ? ISO_MONTH.exec(value) : null;
  if (!match) throw new Error(`not an ISO month: ${String(value)}`);
  return `${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** "2019-11-01" -> "Nov", the column heads of the appendix tables. */
export function formatShortMonth(value: unknown): string {
  const match = typeof value === 'string' ? ISO_MONTH.exec(value) : null;
  if (!match) throw new Error(`not an ISO month: ${String(value)}`);
  return MONTHS[Number(match[2]) - 1]!.slice(0, 3);
}

/** 1 -> "1st", 22 -> "22nd", 13 -> "13th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = { 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The weekday of an ISO date ("2020-02-04" -> "Tuesday"), from the date alone. */
export function weekdayOf(value: unknown): string {
  const { year, month, day } = dateParts(value);
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
}

/**
 * The notice of meeting's "Date and Time": ("2020-02-04", "1.30 pm") ->
 * "Tuesday, 4th February, 2020 at 1.30 pm".
 */
export function formatMeetingDateTime(date: unknown, time: unknown): string {
  const { year, month, day } = dateParts(date);
  const at = typeof time === 'string' && time.trim() !== '' ? ` at ${time.trim()}` : '';
  return `${weekdayOf(date)}, ${ordinal(day)} ${MONTHS[month - 1]}, ${year}${at}`;
}

/**
 * A change in a count as the papers word it: (-42, "fostering households") ->
 * "a decrease of 42 fostering households"; 0 -> "no change in the number of fostering households".
 * `singular` is the noun for a change of one ("young person" for "young people").
 */
export function formatChange(value: unknown, noun: string, singular = noun): string {
  if (isWithheld(value)) return `a change in the number of ${noun} ${WITHHELD_CHANGE}`;
  if (!isNumber(value)) return `no comparable figure for ${noun}`;
  if (value === 0) return `no change in the number of ${noun}`;
  const size = Math.abs(value);
  return `${value > 0 ? 'an increase' : 'a decrease'} of ${formatNumber(size)} ${size === 1 ? singular : noun}`;
}

/** (-28, "County carers") -> "28 fewer County carers"; (2, ...) -> "2 more ..."; 0 -> "no change in County carers". */
export function formatMoreFewer(value: unknown, noun: string): string {
  if (isWithheld(value)) return `a change in ${noun} ${WITHHELD_CHANGE}`;
  if (!isNumber(value)) return `no comparable figure for ${noun}`;
  if (value === 0) return `no change in ${noun}`;
  return `${formatNumber(Math.abs(value))} ${value > 0 ? 'more' : 'fewer'} ${noun}`;
}

/**
 * A percentage change between two totals, worded: (7.6) -> "7.6% higher"; (-3) -> "3.0% lower";
 * 0 -> "the same as".
 */
export function formatHigherLower(value: unknown, decimals = 1): string {
  if (isWithheld(value)) return WITHHELD_SYMBOL;
  if (!isNumber(value)) return MISSING;
  if (formatNumber(Math.abs(value), decimals) === formatNumber(0, decimals)) return 'the same as';
  return `${formatPercent(Math.abs(value), decimals)} ${value > 0 ? 'higher' : 'lower'}`;
}

/**
 * How a rate moved, for sentences such as "improved to 82.5%": compares the two rates as they
 * print (so a change too small to show reads as "remained at").
 */
export function formatMovement(
  current: unknown,
  previous: unknown,
  words: { up: string; down: string; same: string },
  decimals = 1,
): string {
  // Which way a withheld rate moved would say something about it: the sentence just says "was".
  if (isWithheld(current) || isWithheld(previous)) return 'was';
  if (!isNumber(current) || !isNumber(previous)) return words.same;
  const a = formatNumber(current, decimals);
  const b = formatNumber(previous, decimals);
  if (a === b) return words.same;
  return current > previous ? words.up : words.down;
}
