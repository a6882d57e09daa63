import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One CSV row keyed by header name. The generator never quotes, so a split is enough. */
export type Row = Readonly<Record<string, string>>;

/** Header and rows of a generated file. */
export async function readCsv(path: string): Promise<{ header: string[]; rows: Row[] }> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = (lines[0] ?? '').split(',');
  const rows = lines.slice(1).map((line) => {
    const values = line.split(',');
    return Object.fromEntries(header.map((name, i) => [name, values[i] ?? '']));
  });
  return { header, rows };
}

/** Rows of `<extract>_<la>_<month>.csv` in a folder. */
export async function readExtract(
  dir: string,
  extract: string,
  la: string,
  month: string,
): Promise<Row[]> {
  return (await readCsv(join(dir, `${extract}_${la}_${month}.csv`))).rows;
}

/** `YYYY-MM` months from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key === to) return months;
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
}

/** Day number (days since 1970-01-01) of an ISO date, for ordering and gaps. */
export function dayOf(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    86_400_000
  );
}

/** Last day of a `YYYY-MM` month as ISO. */
export function monthEnd(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Whole years between a date of birth and a day (ISO dates). */
export function age(dob: string, on: string): number {
  let years = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  if (on.slice(5) < dob.slice(5)) years--;
  return years;
}
