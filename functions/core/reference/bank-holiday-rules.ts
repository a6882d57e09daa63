/**
 * England and Wales bank holidays, computed from the statutory pattern plus the one-off changes
 * made by proclamation. `sql/reference/bank_holidays.csv` is this module's output; a unit test
 * regenerates it and fails on any difference, so the shipped file and the rules cannot drift.
 * Regenerate with `npx tsx functions/core/reference/generate-bank-holidays-csv.ts`.
 */

/** One bank holiday, named as gov.uk names it. */
export interface BankHoliday {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly name: string;
}

interface OneOff {
  /** A regular holiday that did not happen (it moved, or a one-off replaced it). */
  readonly remove?: string;
  readonly add: readonly BankHoliday[];
}

/**
 * Changes to the regular pattern, each appointed by Royal Proclamation under section 1(3) of the
 * Banking and Financial Dealings Act 1971 (and gazetted in The London Gazette). Names and dates
 * are those of the gov.uk bank holidays record.
 */
const PROCLAIMED: Readonly<Record<number, readonly OneOff[]>> = {
  // Proclamation of an extra bank holiday for the wedding of Prince William and Catherine
  // Middleton (announced November 2010).
  2011: [{ add: [{ date: '2011-04-29', name: 'Royal Wedding' }] }],
  // Proclamations for the Diamond Jubilee: the Spring bank holiday moved from Monday 28 May to
  // Monday 4 June, and Tuesday 5 June appointed as an extra bank holiday.
  2012: [
    { remove: '2012-05-28', add: [{ date: '2012-06-04', name: 'Spring bank holiday' }] },
    { add: [{ date: '2012-06-05', name: 'Queen’s Diamond Jubilee' }] },
  ],
  // Proclamation moving the Early May bank holiday from Monday 4 May to Friday 8 May for the
  // 75th anniversary of VE Day (announced June 2019).
  2020: [
    {
      remove: '2020-05-04',
      add: [{ date: '2020-05-08', name: 'Early May bank holiday (VE day)' }],
    },
  ],
  2022: [
    // Proclamations for the Platinum Jubilee: the Spring bank holiday moved from Monday 30 May
    // to Thursday 2 June, and Friday 3 June appointed as an extra bank holiday.
    { remove: '2022-05-30', add: [{ date: '2022-06-02', name: 'Spring bank holiday' }] },
    { add: [{ date: '2022-06-03', name: 'Platinum Jubilee bank holiday' }] },
    // Proclamation of September 2022 appointing the day of the State Funeral.
    {
      add: [
        { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
      ],
    },
  ],
  // Proclamation appointing Monday 8 May 2023 for the Coronation (announced November 2022).
  2023: [
    { add: [{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }] },
  ],
};

/** The span `sql/reference/bank_holidays.csv` covers (SPEC 3.3: 2010-2035). */
export const BANK_HOLIDAY_YEARS = { from: 2010, to: 2035 } as const;

const SUNDAY = 0;
const MONDAY = 1;
const FRIDAY = 5;
const SATURDAY = 6;

/**
 * Every England and Wales bank holiday from 1 January `fromYear` to 31 December `toYear`, in date
 * order. Years outside 2010-2035 follow the regular pattern only: the proclamations listed here
 * are the ones known for that span.
 */
export function englandWalesBankHolidays(fromYear: number, toYear: number): BankHoliday[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new Error(`englandWalesBankHolidays: bad year range ${fromYear}-${toYear}`);
  }
  const holidays: BankHoliday[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    let days = regularHolidays(year);
    for (const change of PROCLAIMED[year] ?? []) {
      if (change.remove !== undefined) {
        const removed = change.remove;
        if (!days.some((day) => day.date === removed)) {
          throw new Error(`proclaimed change for ${year} removes ${removed}, not a bank holiday`);
        }
        days = days.filter((day) => day.date !== removed);
      }
      days = [...days, ...change.add];
    }
    holidays.push(...days.sort((a, b) => a.date.localeCompare(b.date)));
  }
  return holidays;
}

/**
 * The holidays as `sql/reference/bank_holidays.csv` holds them: a `date,name` header, one row
 * per holiday, RFC 4180 quoting, LF line ends and a final newline.
 */
export function bankHolidaysCsv(holidays: readonly BankHoliday[]): string {
  const lines = ['date,name', ...holidays.map((day) => `${day.date},${csvField(day.name)}`)];
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The statutory pattern for one year, with substitute days for weekends. */
function regularHolidays(year: number): BankHoliday[] {
  const days: BankHoliday[] = [];

  const newYear = utc(year, 1, 1);
  const newYearDow = newYear.getUTCDay();
  if (newYearDow === SATURDAY || newYearDow === SUNDAY) {
    days.push({ date: iso(nextMonday(newYear)), name: 'New Year’s Day (substitute day)' });
  } else {
    days.push({ date: iso(newYear), name: 'New Year’s Day' });
  }

  const easter = easterSunday(year);
  days.push({ date: iso(addDays(easter, -2)), name: 'Good Friday' });
  days.push({ date: iso(addDays(easter, 1)), name: 'Easter Monday' });

  days.push({ date: iso(firstMonday(year, 5)), name: 'Early May bank holiday' });
  days.push({ date: iso(lastMonday(year, 5)), name: 'Spring bank holiday' });
  days.push({ date: iso(lastMonday(year, 8)), name: 'Summer bank holiday' });

  // When Christmas or Boxing Day falls at a weekend, each takes the next weekday not already a
  // holiday, so a Saturday Christmas gives Monday 27 and Tuesday 28, and a Sunday Christmas
  // gives Boxing Day on Monday 26 and the Christmas substitute on Tuesday 27.
  const christmasDow = utc(year, 12, 25).getUTCDay();
  if (christmasDow === SATURDAY) {
    days.push({ date: iso(utc(year, 12, 27)), name: 'Christmas Day (substitute day)' });
    days.push({ date: iso(utc(year, 12, 28)), name: 'Boxing Day (substitute day)' });
  } else if (christmasDow === SUNDAY) {
    days.push({ date: iso(utc(year, 12, 26)), name: 'Boxing Day' });
    days.push({ date: iso(utc(year, 12, 27)), name: 'Christmas Day (substitute day)' });
  } else if (christmasDow === FRIDAY) {
    days.push({ date: iso(utc(year, 12, 25)), name: 'Christmas Day' });
    days.push({ date: iso(utc(year, 12, 28)), name: 'Boxing Day (substitute day)' });
  } else {
    days.push({ date: iso(utc(year, 12, 25)), name: 'Christmas Day' });
    days.push({ date: iso(utc(year, 12, 26)), name: 'Boxing Day' });
  }
  return days;
}

/** Easter Sunday by the Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

function firstMonday(year: number, month: number): Date {
  const first = utc(year, month, 1);
  return addDays(first, (MONDAY - first.getUTCDay() + 7) % 7);
}

function lastMonday(year: number, month: number): Date {
  // Day 0 of the next month is the last day of this one.
  const last = utc(year, month + 1, 0);
  return addDays(last, -((last.getUTCDay() - MONDAY + 7) % 7));
}

function nextMonday(date: Date): Date {
  return addDays(date, (MONDAY - date.getUTCDay() + 7) % 7 || 7);
}

// Dates are handled as UTC midnights so the host time zone and daylight saving never shift a day.
function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}
