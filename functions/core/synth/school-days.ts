import { dayFromYmd, isWeekend, weekday, ymdFromDay } from './calendar.js';
import { easterSunday, isBankHoliday } from './working-days.js';

/**
 * An approximate English state-school calendar. Schools are the largest single source of
 * contacts in term time and almost none in the holidays (seed 004, Appendix 1: education
 * contacts fall from about 1,400 a month to under 100 in August), so contact sources follow
 * school days rather than a fixed monthly mix. Local term dates differ by a few days between
 * councils; the shape is what matters.
 */

function mondayOnOrAfter(dayNumber: number): number {
  return dayNumber + ((7 - weekday(dayNumber)) % 7);
}

function lastMondayOf(year: number, month: number): number {
  const last = (month === 12 ? dayFromYmd(year + 1, 1, 1) : dayFromYmd(year, month + 1, 1)) - 1;
  return last - weekday(last);
}

/** Inclusive [first, last] day ranges of the school holidays that fall in a calendar year. */
function holidayRanges(year: number): [number, number][] {
  const easter = easterSunday(year);
  const febHalfTerm = mondayOnOrAfter(dayFromYmd(year, 2, 12));
  const mayHalfTerm = lastMondayOf(year, 5);
  const octHalfTerm = mondayOnOrAfter(dayFromYmd(year, 10, 22));
  return [
    [dayFromYmd(year, 1, 1), dayFromYmd(year, 1, 3)],
    [febHalfTerm, febHalfTerm + 4],
    // Two weeks around Easter: Holy Week and the week after.
    [easter - 6, easter + 5],
    [mayHalfTerm, mayHalfTerm + 4],
    [dayFromYmd(year, 7, 23), dayFromYmd(year, 9, 2)],
    [octHalfTerm, octHalfTerm + 4],
    [dayFromYmd(year, 12, 20), dayFromYmd(year, 12, 31)],
  ];
}

const rangeCache = new Map<number, [number, number][]>();

/** True on weekdays in term time that are not bank holidays. */
export function isSchoolDay(dayNumber: number): boolean {
  if (isWeekend(dayNumber) || isBankHoliday(dayNumber)) return false;
  const year = ymdFromDay(dayNumber)[0];
  let ranges = rangeCache.get(year);
  if (!ranges) {
    ranges = holidayRanges(year);
    rangeCache.set(year, ranges);
  }
  for (const [first, last] of ranges) if (dayNumber >= first && dayNumber <= last) return false;
  return true;
}
