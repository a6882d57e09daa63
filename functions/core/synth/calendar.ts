import { floor } from './math.js';

/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC). The generator works in whole
 * days throughout, so integers are cheaper and safer than Date objects; ISO strings are cached
 * because the same few thousand dates are printed millions of times.
 */

/** A calendar month as the generator sees it. */
export interface Month {
  /** year * 12 + (month - 1): consecutive months differ by one. */
  readonly index: number;
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  /** `YYYY-MM`, as in file names. */
  readonly key: string;
  /** `YYYYMM`, as in identifiers. */
  readonly compact: string;
  /** Day number of the first day. */
  readonly start: number;
  /** Day number of the last day. */
  readonly end: number;
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Day number of a civil date (Howard Hinnant's days_from_civil). */
export function dayFromYmd(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number as [year, month, day] (civil_from_days). */
export function ymdFromDay(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const d = doy - floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const ISO_BASE = dayFromYmd(1900, 1, 1);
const isoCache: (string | undefined)[] = [];

/** `YYYY-MM-DD` for a day number. */
export function isoDate(dayNumber: number): string {
  const slot = dayNumber - ISO_BASE;
  const cached = isoCache[slot];
  if (cached !== undefined) return cached;
  const [y, m, d] = ymdFromDay(dayNumber);
  const text = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
  if (slot >= 0 && slot < 200 * 366) isoCache[slot] = text;
  return text;
}

/** Day of the week, 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** True on Saturdays and Sundays. */
export function isWeekend(dayNumber: number): boolean {
  return weekday(dayNumber) >= 5;
}

const MONTH_BASE = 1900 * 12;
const monthCache: (Month | undefined)[] = [];

/** The month with the given index (year * 12 + month - 1). */
export function monthAt(index: number): Month {
  const cached = monthCache[index - MONTH_BASE];
  if (cached) return cached;
  const year = floor(index / 12);
  const month = index - year * 12 + 1;
  const mm = month < 10 ? `0${month}` : `${month}`;
  const start = dayFromYmd(year, month, 1);
  const end = (month === 12 ? dayFromYmd(year + 1, 1, 1) : dayFromYmd(year, month + 1, 1)) - 1;
  const value: Month = {
    index,
    year,
    month,
    key: `${year}-${mm}`,
    compact: `${year}${mm}`,
    start,
    end,
  };
  if (index >= MONTH_BASE && index < MONTH_BASE + 200 * 12) monthCache[index - MONTH_BASE] = value;
  return value;
}

/** Parses `YYYY-MM`; undefined when the text is not a month. */
export function parseMonth(text: string): Month | undefined {
  const match = MONTH_PATTERN.exec(text);
  if (!match) return undefined;
  return monthAt(Number(match[1]) * 12 + Number(match[2]) - 1);
}

/** Index of the month containing a day number. */
export function monthIndexOfDay(dayNumber: number): number {
  const [y, m] = ymdFromDay(dayNumber);
  return y * 12 + m - 1;
}

/** Whole years from a date of birth to a day (the age a person has on that day). */
export function ageInYears(dob: number, on: number): number {
  const [by, bm, bd] = ymdFromDay(dob);
  const [y, m, d] = ymdFromDay(on);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** The day a person born on `dob` turns `years` old (29 February birthdays fall on 1 March). */
export function birthday(dob: number, years: number): number {
  const [y, m, d] = ymdFromDay(dob);
  if (m === 2 && d === 29) return dayFromYmd(y + years, 3, 1) - (isLeap(y + years) ? 1 : 0);
  return dayFromYmd(y + years, m, d);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
