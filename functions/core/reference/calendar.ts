/** One day of the `calendar` reference table. */
export interface CalendarRow {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** The first day of the date's month, `YYYY-MM-01` (the report tables' `month`). */
  readonly month_start: string;
  /** The April-March financial year, e.g. `2020-21` for 1 April 2020 to 31 March 2021. */
  readonly financial_year: string;
  /** The last day of the date's calendar quarter: 31 March, 30 June, 30 September or 31 December. */
  readonly quarter_end: string;
  /** Saturday or Sunday. */
  readonly is_weekend: boolean;
  /** An England and Wales bank holiday (whatever the day of the week). */
  readonly is_bank_holiday: boolean;
  /** Neither a weekend day nor a bank holiday. */
  readonly is_working_day: boolean;
  /**
   * How many working days there are from the calendar's first date up to and including this
   * date. A non-working day carries the index of the working day before it (0 before the first
   * working day), so for any two dates `a <= b`,
   * `index(b) - index(a)` counts the working days after `a` up to and including `b`.
   *
   * The index says nothing about which working day is "day 1" of a timescale; the SQL that uses
   * it decides. For example, `index(done) - index(start) <= 45` treats the start date as day 0
   * (an assessment started on a Monday and authorised that Tuesday took 1 working day), whereas
   * `index(done) - index(start - 1 day) <= 45` would count a working start date as day 1.
   */
  readonly working_day_index: number;
}

/**
 * One row per date from `from` to `to` inclusive (both `YYYY-MM-DD`), for the `calendar` reference
 * table. Report SQL joins to it twice and subtracts `working_day_index` to count working days,
 * which runs the same on DuckDB and Athena, neither of which has a working-day function.
 *
 * `holidays` are the bank holidays to exclude; dates outside the range are ignored.
 */
export function buildCalendar(
  holidays: Iterable<{ readonly date: string }>,
  from = '2010-01-01',
  to = '2035-12-31',
): CalendarRow[] {
  const start = parseIsoDate(from);
  const end = parseIsoDate(to);
  if (start > end) throw new Error(`buildCalendar: ${from} is after ${to}`);
  const holidayDates = new Set<string>();
  for (const holiday of holidays) holidayDates.add(holiday.date);

  const rows: CalendarRow[] = [];
  let workingDays = 0;
  for (let time = start; time <= end; time += DAY_MS) {
    const day = new Date(time);
    const date = day.toISOString().slice(0, 10);
    const year = day.getUTCFullYear();
    const month = day.getUTCMonth() + 1;
    const dayOfWeek = day.getUTCDay();
    const isWeekend = dayOfWeek === 0 || dayOfWeek === 6;
    const isBankHoliday = holidayDates.has(date);
    const isWorkingDay = !isWeekend && !isBankHoliday;
    if (isWorkingDay) workingDays += 1;
    const quarterEndMonth = Math.ceil(month / 3) * 3;
    rows.push({
      date,
      month_start: `${date.slice(0, 7)}-01`,
      financial_year: financialYear(year, month),
      // Day 0 of the following month is the last day of the quarter's final month.
      quarter_end: new Date(Date.UTC(year, quarterEndMonth, 0)).toISOString().slice(0, 10),
      is_weekend: isWeekend,
      is_bank_holiday: isBankHoliday,
      is_working_day: isWorkingDay,
      working_day_index: workingDays,
    });
  }
  return rows;
}

const DAY_MS = 86_400_000;

function financialYear(year: number, month: number): string {
  const startYear = month >= 4 ? year : year - 1;
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** Milliseconds at UTC midnight; UTC so time zones and daylight saving never shift a day. */
function parseIsoDate(value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new Error(`buildCalendar: ${value} is not a YYYY-MM-DD date`);
  }
  return time;
}
