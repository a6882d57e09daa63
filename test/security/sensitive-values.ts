/**
 * What must never appear in a log: every person, contact, referral, assessment, enquiry and
 * household identifier and every date of birth of a set of extracts, the values of rejected
 * cells, and the values of columns the loader drops. Also builds a delivery that has all three.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../../functions/core/csv-text.js';
import { csvRecords } from '../../functions/core/load/csv-records.js';

/** Columns whose values identify a person, a record or a household. */
export const IDENTIFIER_COLUMNS = [
  'contact_id',
  'child_id',
  'referral_id',
  'assessment_id',
  's47_id',
  'household_id',
  'person_id',
] as const;

/** The rows of a CSV file as objects keyed by header name. */
export async function csvObjects(path: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = [...csvRecords(await readFile(path))].map((r) => r.fields ?? []);
  return rows.map((fields) =>
    Object.fromEntries((header ?? []).map((name, i) => [name, fields[i] ?? ''])),
  );
}

/** Every identifier and date of birth in the CSV extracts of a folder. */
export async function identifiersIn(dir: string): Promise<{ ids: Set<string>; dobs: Set<string> }> {
  const ids = new Set<string>();
  const dobs = new Set<string>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.csv'))) {
    for (const row of await csvObjects(join(dir, file))) {
      for (const column of IDENTIFIER_COLUMNS) if (row[column]) ids.add(row[column]!);
      if (row.date_of_birth) dobs.add(row.date_of_birth);
    }
  }
  return { ids, dobs };
}

/** A worker's name column a council might leave in an extract; the loader must drop it. */
export const WORKER_COLUMN = 'Allocated Worker';

/** Values planted in rows that the loader must reject, each unlikely to occur by chance. */
export const BAD_CELLS = {
  source: 'ZQ-BADSOURCE-7731',
  contact_date: '2019-13-45',
  gender: 'XGENDER-4412',
  /** A field past the header's last column: the whole record is rejected. */
  extraField: 'EXTRA-FIELD-9931',
} as const;

/**
 * Rewrites a generated contacts extract the way a careless council system might: a worker's
 * name on every row, three rows with values the rules refuse and one with a field too many. Returns the names written.
 */
export async function taintContacts(source: string, target: string): Promise<string[]> {
  const rows = await csvObjects(source);
  const header = Object.keys(rows[0]!);
  const names: string[] = [];
  const lines = [csvLine([...header, WORKER_COLUMN])];
  rows.forEach((row, i) => {
    const name = `Worker Qv${String(i).padStart(4, '0')}zx Smithson`;
    names.push(name);
    const values = { ...row };
    if (i === 1) values.source = BAD_CELLS.source;
    if (i === 2) values.contact_date = BAD_CELLS.contact_date;
    if (i === 3) values.gender = BAD_CELLS.gender;
    const extra = i === 4 ? [BAD_CELLS.extraField] : [];
    lines.push(csvLine([...header.map((h) => values[h]), name, ...extra]));
  });
  await writeFile(target, lines.join(''));
  return names;
}

/** Every place in `text` where one of `values` occurs, as "value" (for a readable failure). */
export function leaksIn(text: string, values: Iterable<string>): string[] {
  const found: string[] = [];
  for (const value of values) if (value !== '' && text.includes(value)) found.push(value);
  return found;
}
