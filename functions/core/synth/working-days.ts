// The rules module directly, not the reference index: the index also loads DuckDB, which the
// generator has no use for.
import { englandWalesBankHolidays } from '../reference/bank-holiday-rules.js';
import { dayFromYmd, isWeekend, ymdFromDay } from './calendar.js';

/**
 * England and Wales working days on day numbers. Assessment and ICPC timescales are counted in
 * working days, and the warehouse counts them against the shipped bank-holiday table, so the
 * generator takes its holidays from the same rules (otherwise timeliness would drift around
 * Easter and Christmas).
 */

interface HolidayYear {
  readonly days: ReadonlySet<number>;
  readonly goodFriday: number;
}

const years = new Map<number, HolidayYear>();

function holidayYear(year: number): HolidayYear {
  let entry = years.get(year);
  if (!entry) {
    const holidays = englandWalesBankHolidays(year, year);
    const toDay = (iso: string): number =>
      dayFromYmd(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
    const goodFriday = holidays.find((h) => h.name === 'Good Friday');
    entry = {
      days: new Set(holidays.map((h) => toDay(h.date))),
      goodFriday: goodFriday ? toDay(goodFriday.date) : dayFromYmd(year, 4, 1),
    };
    years.set(year, entry);
  }
  return entry;
}

/** Easter Sunday of a year as a day number (school holidays are set around it). */
export function easterSunday(year: number): number {
  return holidayYear(year).goodFriday + 2;
}

const CACHE_BASE = dayFromYmd(1900, 1, 1);
/** 0 = not yet known, 1 = working day, 2 = weekend or bank holiday; 1900-2099. */
const workingCache = new Uint8Array(dayFromYmd(2100, 1, 1) - CACHE_BASE);

/** True on weekdays that are not bank holidays. */
export function isWorkingDay(dayNumber: number): boolean {
  const slot = dayNumber - CACHE_BASE;
  const cached = workingCache[slot];
  if (cached) return cached === 1;
  const working =
    !isWeekend(dayNumber) && !holidayYear(ymdFromDay(dayNumber)[0]).days.has(dayNumber);
  if (slot >= 0 && slot < workingCache.length) workingCache[slot] = working ? 1 : 2;
  return working;
}

/** True on bank holidays (including substitute days). */
export function isBankHoliday(dayNumber: number): boolean {
  return !isWeekend(dayNumber) && !isWorkingDay(dayNumber);
}

/**
 * The day `n` working days after `dayNumber`; with n = 0, the day itself or, when it is not a
 * working day, the next one.
 */
export function addWorkingDays(dayNumber: number, n: number): number {
  let d = dayNumber;
  while (!isWorkingDay(d)) d++;
  for (let left = n; left > 0; ) {
    d++;
    if (isWorkingDay(d)) left--;
  }
  return d;
}
