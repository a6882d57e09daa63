import type { ExtractSchema } from '../../../functions/core/extracts/index.js';
import { contacts } from '../../../functions/core/extracts/index.js';
import { dayFromYmd, isoDate, ymdFromDay } from '../../../functions/core/synth/calendar.js';
import { CsvTable } from '../../../functions/core/synth/csv-table.js';
import { Prng } from '../../../functions/core/synth/prng.js';
import { isSchoolDay } from '../../../functions/core/synth/school-days.js';
import { Weighted } from '../../../functions/core/synth/weighted.js';
import { addWorkingDays, isWorkingDay } from '../../../functions/core/synth/working-days.js';

const day = (iso: string) =>
  dayFromYmd(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

describe('Prng', () => {
  test('is deterministic per seed and roughly uniform', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(seqA);
    const rng = new Prng(1);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[rng.int(10)]++;
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
    let total = 0;
    for (let i = 0; i < 20_000; i++) total += rng.poisson(4.3);
    expect(total / 20_000).toBeCloseTo(4.3, 1);
  });
});

describe('calendar', () => {
  test('day numbers round-trip through civil dates, leap days included', () => {
    for (const iso of ['1970-01-01', '2000-02-29', '2019-12-31', '2024-02-29', '2099-12-31']) {
      expect(isoDate(day(iso))).toBe(iso);
      const [y, m, d] = ymdFromDay(day(iso));
      expect(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`).toBe(iso);
    }
  });

  test('working days skip weekends and England and Wales bank holidays', () => {
    expect(isWorkingDay(day('2019-04-19'))).toBe(false); // Good Friday
    expect(isWorkingDay(day('2020-05-08'))).toBe(false); // VE day, moved early May holiday
    expect(isWorkingDay(day('2020-05-04'))).toBe(true);
    expect(isWorkingDay(day('2022-09-19'))).toBe(false); // state funeral
    // Thursday 18 April 2019 + 1 working day skips Good Friday, the weekend and Easter Monday.
    expect(isoDate(addWorkingDays(day('2019-04-18'), 1))).toBe('2019-04-23');
    expect(isoDate(addWorkingDays(day('2019-12-21'), 0))).toBe('2019-12-23');
  });

  test('school days exclude weekends, half terms and the summer holiday', () => {
    expect(isSchoolDay(day('2019-08-14'))).toBe(false);
    expect(isSchoolDay(day('2019-09-10'))).toBe(true);
    expect(isSchoolDay(day('2019-09-14'))).toBe(false);
    expect(isSchoolDay(day('2019-12-27'))).toBe(false);
    expect(isSchoolDay(day('2019-04-15'))).toBe(false); // Easter holiday
  });
});

describe('CsvTable', () => {
  const reordered: ExtractSchema = {
    ...contacts,
    columns: [
      ...contacts.columns.slice(1).reverse(),
      contacts.columns[0] as ExtractSchema['columns'][number],
      {
        name: 'new_optional',
        type: 'string',
        description: 'A column the generator does not know.',
      },
    ],
  };

  test('writes the header and values in the schema order, blank for unknown columns', () => {
    const table = new CsvTable(reordered, ['contact_id', 'outcome']);
    expect(table.hasColumns(['contact_id', 'outcome'])).toBe(false);
    table.row[table.slot('contact_id')] = 'CT1';
    table.row[table.slot('outcome')] = 'closed';
    table.commit();
    const text = table.take();
    const lines = Buffer.concat(text.chunks).toString('utf8').split('\n');
    expect(lines[0]).toBe(reordered.columns.map((c) => c.name).join(','));
    const cells = (lines[1] as string).split(',');
    expect(cells[reordered.columns.findIndex((c) => c.name === 'contact_id')]).toBe('CT1');
    expect(cells[reordered.columns.findIndex((c) => c.name === 'outcome')]).toBe('closed');
    expect(cells.at(-1)).toBe('');
    expect(text.rows).toBe(1);
  });

  test('refuses a field the schema lacks', () => {
    expect(() => new CsvTable(contacts, ['contact_id', 'no_such_column'])).toThrow(
      /contacts has no column "no_such_column"/,
    );
  });

  test('splits large files into chunks that concatenate to the whole', () => {
    const table = new CsvTable(contacts, ['contact_id']);
    for (let i = 0; i < 100_000; i++) table.commitLine(`CT${i},,,,,,,\n`);
    const text = table.take();
    expect(text.chunks.length).toBeGreaterThan(1);
    const lines = Buffer.concat(text.chunks).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines[100_000]).toBe('CT99999,,,,,,,');
  });
});

describe('Weighted', () => {
  test('draws in proportion to the weights', () => {
    const table = new Weighted([
      ['a', 1],
      ['b', 3],
    ] as const);
    const rng = new Prng(5);
    let b = 0;
    for (let i = 0; i < 40_000; i++) if (table.draw(rng) === 'b') b++;
    expect(b / 40_000).toBeCloseTo(0.75, 1);
  });

  test('code tables must use the schema’s codes', () => {
    expect(() => Weighted.codes(contacts, 'outcome', { closed: 1, unknown_code: 1 })).toThrow(
      /contacts.outcome has no code "unknown_code"/,
    );
    expect(() => Weighted.codes(contacts, 'source', { '2A': 1, '': 1 })).not.toThrow();
  });
});
