import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every column of every extract (a test of the generator fails if a file has another). */
const COLUMNS = [
  'contact_id',
  'child_id',
  'contact_date',
  'source',
  'case_status',
  'outcome',
  'gender',
  'date_of_birth',
  'referral_id',
  'referral_date',
  'priority',
  'decision_at',
  'assessment_id',
  'start_date',
  'authorised_date',
  's47_id',
  'strategy_discussion_date',
  'icpc_date',
  'icpc_not_required',
  'household_id',
  'carer_type',
  'approval_date',
  'deregistration_date',
  'deregistration_reason',
  'last_review_date',
  'last_supervision_date',
  'last_unannounced_visit_date',
  'approved_places',
  'children_placed',
  'hive',
  'person_id',
  'ethnicity',
  'eligibility',
  'team',
  'uasc',
  'in_touch',
  'activity',
  'accommodation',
  'staying_put',
  'health_passport',
  'higher_education',
  'last_contact_date',
  'measure',
  'period_end',
  'area',
  'value',
] as const;

/** One CSV row keyed by header name; columns a file lacks read as ''. */
export type Row = Readonly<Record<(typeof COLUMNS)[number], string>>;

/** Header and rows of a generated file. The generator never quotes, so a split is enough. */
export async function readCsv(path: string): Promise<{ header: string[]; rows: Row[] }> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = (lines[0] ?? '').split(',');
  const unknown = header.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`${path}: unexpected columns ${unknown.join(', ')}`);
  const blank = Object.fromEntries(COLUMNS.map((name) => [name, ''])) as Row;
  const rows = lines.slice(1).map((line) => {
    const values = line.split(',');
    const row: Record<string, string> = { ...blank };
    header.forEach((name, i) => {
      row[name] = values[i] ?? '';
    });
    return row as Row;
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
