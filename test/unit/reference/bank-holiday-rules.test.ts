import { readFile } from 'node:fs/promises';
import { packagePath } from '../../../functions/core/package-root.js';
import {
  BANK_HOLIDAY_YEARS,
  bankHolidaysCsv,
  englandWalesBankHolidays,
} from '../../../functions/core/reference/index.js';

const all = englandWalesBankHolidays(BANK_HOLIDAY_YEARS.from, BANK_HOLIDAY_YEARS.to);
const byDate = new Map(all.map((day) => [day.date, day.name]));
const inYear = (year: number) => all.filter((day) => day.date.startsWith(`${year}-`));

test('the shipped CSV is exactly the rules’ output', async () => {
  const shipped = await readFile(packagePath('sql', 'reference', 'bank_holidays.csv'), 'utf8');
  // On failure: npx tsx functions/core/reference/generate-bank-holidays-csv.ts
  expect(shipped).toBe(bankHolidaysCsv(all));
});

test('covers 2010-01-01 to 2035-12-31 in date order without duplicates', () => {
  expect(BANK_HOLIDAY_YEARS).toEqual({ from: 2010, to: 2035 });
  expect(all[0]).toEqual({ date: '2010-01-01', name: 'New Year’s Day' });
  expect(all.at(-1)).toEqual({ date: '2035-12-26', name: 'Boxing Day' });
  const dates = all.map((day) => day.date);
  expect(new Set(dates).size).toBe(dates.length);
  expect([...dates].sort()).toEqual(dates);
});

test('8 a year, except the years with extra proclaimed holidays', () => {
  const extra: Record<number, number> = { 2011: 9, 2012: 9, 2022: 10, 2023: 9 };
  for (let year = 2010; year <= 2035; year += 1) {
    expect([year, inYear(year).length]).toEqual([year, extra[year] ?? 8]);
  }
  expect(all).toHaveLength(26 * 8 + 5);
});

test('no holiday falls on a weekend: substitutes move them to weekdays', () => {
  for (const day of all) {
    const dow = new Date(`${day.date}T00:00:00Z`).getUTCDay();
    expect([day.date, dow === 0 || dow === 6]).toEqual([day.date, false]);
  }
});

test('2010: Christmas on a Saturday gives Monday 27 and Tuesday 28', () => {
  expect(inYear(2010)).toEqual([
    { date: '2010-01-01', name: 'New Year’s Day' },
    { date: '2010-04-02', name: 'Good Friday' },
    { date: '2010-04-05', name: 'Easter Monday' },
    { date: '2010-05-03', name: 'Early May bank holiday' },
    { date: '2010-05-31', name: 'Spring bank holiday' },
    { date: '2010-08-30', name: 'Summer bank holiday' },
    { date: '2010-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2010-12-28', name: 'Boxing Day (substitute day)' },
  ]);
});

test('substitute days for New Year, Christmas and Boxing Day', () => {
  // New Year's Day on a Saturday (2011, 2022) and on a Sunday (2012, 2017, 2023).
  expect(byDate.get('2011-01-03')).toBe('New Year’s Day (substitute day)');
  expect(byDate.get('2022-01-03')).toBe('New Year’s Day (substitute day)');
  expect(byDate.get('2012-01-02')).toBe('New Year’s Day (substitute day)');
  expect(byDate.get('2017-01-02')).toBe('New Year’s Day (substitute day)');
  expect(byDate.get('2023-01-02')).toBe('New Year’s Day (substitute day)');
  // Christmas on a Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27.
  expect(byDate.get('2016-12-26')).toBe('Boxing Day');
  expect(byDate.get('2016-12-27')).toBe('Christmas Day (substitute day)');
  expect(byDate.get('2022-12-27')).toBe('Christmas Day (substitute day)');
  // Boxing Day on a Saturday: Monday 28.
  expect(byDate.get('2015-12-25')).toBe('Christmas Day');
  expect(byDate.get('2015-12-28')).toBe('Boxing Day (substitute day)');
  expect(byDate.get('2020-12-28')).toBe('Boxing Day (substitute day)');
  expect(byDate.get('2026-12-28')).toBe('Boxing Day (substitute day)');
  // Christmas on a Saturday again.
  expect(byDate.get('2021-12-27')).toBe('Christmas Day (substitute day)');
  expect(byDate.get('2027-12-27')).toBe('Christmas Day (substitute day)');
  expect(byDate.get('2027-12-28')).toBe('Boxing Day (substitute day)');
});

test('Easter by the Anonymous Gregorian algorithm', () => {
  const goodFridays = all.filter((day) => day.name === 'Good Friday').map((day) => day.date);
  expect(goodFridays).toEqual(
    expect.arrayContaining([
      '2011-04-22',
      '2019-04-19',
      '2021-04-02',
      '2024-03-29',
      '2025-04-18',
      '2035-03-23',
    ]),
  );
  expect(byDate.get('2016-03-28')).toBe('Easter Monday');
  expect(byDate.get('2038-04-26')).toBeUndefined();
  expect(englandWalesBankHolidays(2038, 2038)).toContainEqual({
    date: '2038-04-26',
    name: 'Easter Monday',
  });
});

test('the proclaimed one-off changes', () => {
  expect(byDate.get('2011-04-29')).toBe('Royal Wedding');
  expect(byDate.get('2012-05-28')).toBeUndefined();
  expect(byDate.get('2012-06-04')).toBe('Spring bank holiday');
  expect(byDate.get('2012-06-05')).toBe('Queen’s Diamond Jubilee');
  expect(byDate.get('2020-05-04')).toBeUndefined();
  expect(byDate.get('2020-05-08')).toBe('Early May bank holiday (VE day)');
  expect(byDate.get('2022-05-30')).toBeUndefined();
  expect(byDate.get('2022-06-02')).toBe('Spring bank holiday');
  expect(byDate.get('2022-06-03')).toBe('Platinum Jubilee bank holiday');
  expect(byDate.get('2022-09-19')).toBe('Bank Holiday for the State Funeral of Queen Elizabeth II');
  expect(byDate.get('2023-05-01')).toBe('Early May bank holiday');
  expect(byDate.get('2023-05-08')).toBe('Bank holiday for the coronation of King Charles III');
});

test('2024 to 2027 match the gov.uk list', () => {
  const dates = all
    .map((day) => day.date)
    .filter((date) => date >= '2024-01-01' && date <= '2027-12-31');
  expect(dates).toEqual([
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ]);
});

test('rejects a backwards year range', () => {
  expect(() => englandWalesBankHolidays(2020, 2019)).toThrow(/bad year range/);
});

test('the CSV quotes a name that needs it', () => {
  expect(bankHolidaysCsv([{ date: '2030-01-01', name: 'A, "B"' }])).toBe(
    'date,name\n2030-01-01,"A, ""B"""\n',
  );
});
