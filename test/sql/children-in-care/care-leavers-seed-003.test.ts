import type { DuckDBConnection } from '@duckdb/node-api';
import type { FixtureValue } from '../../helpers/sql-fixture.js';
import { insertMany, reportFixture, runReport } from './fixtures.js';

/*
 * Seed 003 (Corporate Parenting Board, 28 March 2023, care leavers annual report), paragraphs
 * 18 and 29. In the text file each table is a header line ("Age<TAB>Suitable accommodation"),
 * a line of years (2018 to 2022, tab separated) and one line per age, 18 to 21, whose cells are
 * whole percentages with a % sign, in year order. Read off row by row:
 */
const YEARS = [2018, 2019, 2020, 2021, 2022];
const SUITABLE_ACCOMMODATION: Record<number, number[]> = {
  18: [61, 63, 64, 50, 73],
  19: [79, 72, 78, 79, 79],
  20: [66, 73, 74, 88, 79],
  21: [71, 57, 74, 75, 71],
};
const NEET: Record<number, number[]> = {
  18: [19, 13, 18, 11, 18],
  19: [29, 21, 28, 17, 26],
  20: [28, 31, 27, 31, 27],
  21: [37, 26, 32, 30, 21],
};
const AGES = [18, 19, 20, 21];

/*
 * Record-level snapshots built to be consistent with both tables: for every year and age a
 * cohort of over 100 young people (so a whole-number percentage pins down one count), of whom
 * round(p% of the cohort) are in suitable accommodation and round(q%) NEET at their birthday.
 * The snapshots are laid out as the SQL must read them, so getting the figures back tests the
 * window, latest-snapshot and cohort rules at scale:
 * - everyone is first seen in a "joining" snapshot four months before the month of their first
 *   birthday looked at (outside its window, and saying suitable and EET, so a leak would show);
 * - for each birthday with information there are three snapshots: the month before the birthday
 *   month (inside the window, with the opposite outcome), the birthday month itself (inside the
 *   window, the real outcome, the latest) and two months after (outside, the opposite again);
 * - some of those neither suitable nor NEET have no snapshot at all around that birthday (no
 *   information) or are not in touch;
 * - two newcomers per birth year join at each of ages 19-21, in no earlier cohort.
 * The data start in September 2017, so 2018 is the first year shown; the build is January
 * 2023, so 2022's windows (the last ends 31 January 2023) have closed.
 */
const DATA_START = '2017-09';
const AS_OF = '2023-01';

interface Person {
  id: string;
  dob: string;
  birthYear: number;
  joinAge: number;
}

interface Outcome {
  suitable: boolean;
  neet: boolean;
  /** 'yes' in touch with codes, 'no' not in touch, 'none' no snapshot in the window. */
  kind: 'yes' | 'no' | 'none';
}

const pad = (n: number) => String(n).padStart(2, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The Nth birthday: 29 February falls on 1 March in years without one. */
function birthday(dob: string, age: number): string {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const year = y + age;
  if (m === 2 && d === 29 && !isLeap(year)) return `${year}-03-01`;
  return `${year}-${pad(m)}-${pad(d)}`;
}

/** `YYYY-MM` plus `n` months. */
function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

function people(): Person[] {
  const out: Person[] = [];
  for (let birthYear = 1997; birthYear <= 2004; birthYear += 1) {
    const known = 110 + ((birthYear * 7) % 40);
    const joiners: [string, number][] = [];
    for (let i = 0; i < known; i += 1) joiners.push([`${birthYear}-${i}`, 18]);
    for (const age of [19, 20, 21]) {
      if (birthYear + age < 2018 || birthYear + age > 2022) continue;
      joiners.push([`${birthYear}-n${age}a`, age], [`${birthYear}-n${age}b`, age]);
    }
    joiners.forEach(([id, joinAge], k) => {
      let dob: string;
      if (k === 0 && isLeap(birthYear)) dob = `${birthYear}-02-29`;
      else {
        const date = new Date(Date.UTC(birthYear, 0, 1 + ((k * 53 + birthYear) % 365)));
        dob = date.toISOString().slice(0, 10);
      }
      out.push({ id, dob, birthYear, joinAge });
    });
  }
  return out;
}

const CODES = {
  suitableNeet: ['B1', 'G5'],
  suitableEet: ['U1', 'P2'],
  unsuitableNeet: ['D2', 'G6'],
  unsuitableEet: ['C2', 'F4'],
} as const;

function codes(suitable: boolean, neet: boolean): readonly [string, string] {
  if (suitable) return neet ? CODES.suitableNeet : CODES.suitableEet;
  return neet ? CODES.unsuitableNeet : CODES.unsuitableEet;
}

interface Built {
  rows: Record<string, FixtureValue>[];
  /** How many birthdays of each kind the fixture holds. */
  kinds: Record<Outcome['kind'], number>;
  expected: Map<string, { cohort: number; suitable: number; neet: number }>;
}

function build(): Built {
  const all = people();
  const outcomes = new Map<string, Outcome>(); // `${id} ${age}`
  const expected = new Map<string, { cohort: number; suitable: number; neet: number }>();
  for (const [yearIndex, year] of YEARS.entries()) {
    for (const age of AGES) {
      const cohort = all
        .filter((p) => p.birthYear + age === year && p.joinAge <= age)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const n = cohort.length;
      const p = SUITABLE_ACCOMMODATION[age]![yearIndex]!;
      const q = NEET[age]![yearIndex]!;
      const suitable = Math.round((p * n) / 100);
      const neet = Math.round((q * n) / 100);
      // the construction is only a test of the SQL if these counts give back the published figures
      expect([n > 100, Math.round((100 * suitable) / n), Math.round((100 * neet) / n)]).toEqual([
        true,
        p,
        q,
      ]);
      expected.set(`${year} ${age}`, { cohort: n, suitable, neet });
      const offset = (year * 7 + age) % n;
      let other = 0;
      cohort.forEach((person, j) => {
        const isSuitable = j < suitable;
        const isNeet = (j + offset) % n < neet;
        let kind: Outcome['kind'] = 'yes';
        if (!isSuitable && !isNeet) {
          kind = (['yes', 'no', 'none'] as const)[other % 3]!;
          other += 1;
        }
        outcomes.set(`${person.id} ${age}`, { suitable: isSuitable, neet: isNeet, kind });
      });
    }
  }

  const kinds = { yes: 0, no: 0, none: 0 };
  for (const outcome of outcomes.values()) kinds[outcome.kind] += 1;
  const rows: Record<string, FixtureValue>[] = [];
  const snapshot = (
    person: Person,
    month: string,
    inTouch: string,
    accommodation: string | null,
    activity: string | null,
  ) => {
    rows.push({
      person_id: person.id,
      date_of_birth: person.dob,
      in_touch: inTouch,
      accommodation,
      activity,
      la_code: '850',
      month,
    });
  };
  for (const person of all) {
    const firstBirthdayMonth = birthday(person.dob, person.joinAge).slice(0, 7);
    const joining = shiftMonth(firstBirthdayMonth, -4);
    snapshot(person, joining < DATA_START ? DATA_START : joining, 'YES', 'B1', 'F1');
    for (const age of AGES) {
      const outcome = outcomes.get(`${person.id} ${age}`);
      if (!outcome || outcome.kind === 'none') continue;
      const month = birthday(person.dob, age).slice(0, 7);
      const [decoyAccommodation, decoyActivity] = codes(!outcome.suitable, !outcome.neet);
      snapshot(person, shiftMonth(month, -1), 'YES', decoyAccommodation, decoyActivity);
      if (outcome.kind === 'no') snapshot(person, month, 'NO', null, null);
      else snapshot(person, month, 'YES', ...codes(outcome.suitable, outcome.neet));
      snapshot(person, shiftMonth(month, 2), 'YES', decoyAccommodation, decoyActivity);
    }
  }
  return { rows, kinds, expected };
}

describe('care_leavers_birthday_outcomes reproduces seed 003', () => {
  let connection: DuckDBConnection;
  let built: Built;
  beforeAll(async () => {
    built = build();
    connection = await reportFixture();
    await insertMany(connection, 'care_leavers', built.rows);
  });

  test('the fixture holds one snapshot per person and month, and every kind of case', () => {
    const keys = new Set(built.rows.map((r) => `${r.person_id} ${r.month}`));
    expect(keys.size).toBe(built.rows.length);
    expect(built.kinds.no).toBeGreaterThan(50);
    expect(built.kinds.none).toBeGreaterThan(50);
    expect(built.rows.some((r) => r.date_of_birth === '2000-02-29')).toBe(true);
    expect(birthday('2000-02-29', 19)).toBe('2019-03-01');
  });

  test('suitable accommodation and NEET by age and year, 2018-2022, as published', async () => {
    const rows = await runReport(connection, 'care_leavers_birthday_outcomes', '850', AS_OF, [
      'year',
      'age',
    ]);
    expect(rows.map((r) => `${r.year} ${r.age}`)).toEqual(
      YEARS.flatMap((year) => AGES.map((age) => `${year} ${age}`)),
    );
    for (const row of rows) {
      const counts = built.expected.get(`${row.year} ${row.age}`)!;
      expect({
        year: row.year,
        age: row.age,
        cohort: row.cohort,
        suitable: row.suitable_accommodation,
        neet: row.neet,
      }).toEqual({
        year: row.year,
        age: row.age,
        cohort: counts.cohort,
        suitable: counts.suitable,
        neet: counts.neet,
      });
    }
    // the published tables, rounded to whole percentages as the paper shows them
    const table = (column: string) =>
      Object.fromEntries(
        AGES.map((age) => [
          age,
          YEARS.map((year) =>
            Math.round(rows.find((r) => r.year === year && r.age === age)![column] as number),
          ),
        ]),
      );
    expect(table('pct_suitable_accommodation')).toEqual(SUITABLE_ACCOMMODATION);
    expect(table('pct_neet')).toEqual(NEET);
  });
});
