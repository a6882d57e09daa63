import {
  BANK_HOLIDAY_YEARS,
  buildCalendar,
  type CalendarRow,
  englandWalesBankHolidays,
} from '../../../functions/core/reference/index.js';

const calendar = buildCalendar(
  englandWalesBankHolidays(BANK_HOLIDAY_YEARS.from, BANK_HOLIDAY_YEARS.to),
);
const byDate = new Map(calendar.map((row) => [row.date, row]));
const day = (date: string): CalendarRow => {
  const row = byDate.get(date);
  if (!row) throw new Error(`no calendar row for ${date}`);
  return row;
};
/** Working days after `a` up to and including `b`, as report SQL computes them. */
const workingDaysBetween = (a: string, b: string) =>
  day(b).working_day_index - day(a).working_day_index;

test('one row per date from 2010-01-01 to 2035-12-31', () => {
  // 26 years, 6 of them leap years (2012, 2016, 2020, 2024, 2028, 2032).
  expect(calendar).toHaveLength(26 * 365 + 6);
  expect(calendar[0]?.date).toBe('2010-01-01');
  expect(calendar.at(-1)?.date).toBe('2035-12-31');
  expect(byDate.size).toBe(calendar.length);
  expect(day('2024-02-29').month_start).toBe('2024-02-01');
});

test('the index counts working days up to and including the date', () => {
  // 2010-01-01 is New Year's Day, so the first working day is Monday 4 January.
  expect(day('2010-01-01')).toMatchObject({
    is_bank_holiday: true,
    is_working_day: false,
    working_day_index: 0,
  });
  expect(day('2010-01-03').working_day_index).toBe(0);
  expect(day('2010-01-04')).toMatchObject({ is_working_day: true, working_day_index: 1 });
  expect(day('2010-01-08').working_day_index).toBe(5);
  // A weekend carries Friday's index.
  expect(day('2010-01-10').working_day_index).toBe(5);
  let previous = 0;
  for (const row of calendar) {
    expect(row.working_day_index - previous).toBe(row.is_working_day ? 1 : 0);
    previous = row.working_day_index;
  }
});

test('flags: weekends, bank holidays and working days', () => {
  expect(day('2019-12-25')).toMatchObject({
    is_weekend: false,
    is_bank_holiday: true,
    is_working_day: false,
  });
  expect(day('2019-12-28')).toMatchObject({
    is_weekend: true,
    is_bank_holiday: false,
    is_working_day: false,
  });
  expect(day('2019-12-24')).toMatchObject({
    is_weekend: false,
    is_bank_holiday: false,
    is_working_day: true,
  });
  // The substitute day is the holiday, not the weekend day it replaces.
  expect(day('2010-12-25')).toMatchObject({ is_weekend: true, is_bank_holiday: false });
  expect(day('2010-12-27')).toMatchObject({ is_bank_holiday: true, is_working_day: false });
});

test('working days across Christmas 2019: Mon 23 Dec to Thu 2 Jan is 5', () => {
  // 24, 27, 30, 31 December and 2 January; 25, 26 December and 1 January are holidays.
  expect(workingDaysBetween('2019-12-23', '2020-01-02')).toBe(5);
  expect(workingDaysBetween('2019-12-24', '2019-12-27')).toBe(1);
});

test('working days across Easter 2021 and the 2022 State Funeral', () => {
  // Good Friday 2 April and Easter Monday 5 April 2021.
  expect(workingDaysBetween('2021-04-01', '2021-04-06')).toBe(1);
  expect(workingDaysBetween('2021-03-29', '2021-04-09')).toBe(7);
  // Monday 19 September 2022.
  expect(workingDaysBetween('2022-09-16', '2022-09-20')).toBe(1);
  expect(workingDaysBetween('2022-09-12', '2022-09-23')).toBe(8);
});

test('45 working days from a start date', () => {
  // Monday 2 September 2019 + 45 working days (no holidays) is Friday 1 November 2019.
  expect(workingDaysBetween('2019-09-02', '2019-11-01')).toBe(44);
  expect(workingDaysBetween('2019-09-02', '2019-11-04')).toBe(45);
  const limit = calendar.find(
    (row) => row.working_day_index === day('2019-09-02').working_day_index + 45,
  );
  expect(limit?.date).toBe('2019-11-04');
});

test('financial years run April to March', () => {
  expect(day('2020-03-31').financial_year).toBe('2019-20');
  expect(day('2020-04-01').financial_year).toBe('2020-21');
  expect(day('2010-01-01').financial_year).toBe('2009-10');
  expect(day('2035-12-31').financial_year).toBe('2035-36');
  expect(day('2035-03-31').financial_year).toBe('2034-35');
});

test('quarter_end is the last day of the calendar quarter', () => {
  expect(day('2020-01-01').quarter_end).toBe('2020-03-31');
  expect(day('2020-03-31').quarter_end).toBe('2020-03-31');
  expect(day('2020-04-01').quarter_end).toBe('2020-06-30');
  expect(day('2020-08-15').quarter_end).toBe('2020-09-30');
  expect(day('2020-12-31').quarter_end).toBe('2020-12-31');
  expect(day('2020-10-01').month_start).toBe('2020-10-01');
});

test('a custom range counts from its own first date', () => {
  const rows = buildCalendar([{ date: '2022-09-19' }], '2022-09-16', '2022-09-20');
  expect(rows.map((row) => [row.date, row.working_day_index])).toEqual([
    ['2022-09-16', 1],
    ['2022-09-17', 1],
    ['2022-09-18', 1],
    ['2022-09-19', 1],
    ['2022-09-20', 2],
  ]);
  expect(() => buildCalendar([], '2022-09-20', '2022-09-16')).toThrow(/after/);
  expect(() => buildCalendar([], '2022-02-30', '2022-03-01')).toThrow(/not a YYYY-MM-DD/);
});
