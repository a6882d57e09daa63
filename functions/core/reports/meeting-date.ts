import type { CommitteeConfig } from './report-config.js';

const DAY_MS = 86_400_000;
const WEEKDAY_INDEX: Record<string, number> = {
  Sunday: 0,
  Monday: 1,
  Tuesday: 2,
  Wednesday: 3,
  Thursday: 4,
  Friday: 5,
  Saturday: 6,
};

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The dates a meeting rule gives in one calendar month, e.g. the first Tuesday. */
function ruleDate(
  rule: NonNullable<CommitteeConfig['meetings']['rule']>,
  year: number,
  month: number,
): string {
  const weekday = WEEKDAY_INDEX[rule.weekday]!;
  if (rule.occurrence === 'last') {
    const last = new Date(Date.UTC(year, month, 0));
    const back = (last.getUTCDay() - weekday + 7) % 7;
    return iso(last.getTime() - back * DAY_MS);
  }
  const first = new Date(Date.UTC(year, month - 1, 1));
  const forward = (weekday - first.getUTCDay() + 7) % 7;
  return iso(first.getTime() + (forward + 7 * (rule.occurrence - 1)) * DAY_MS);
}

/**
 * The meeting a report built on data up to `asOf` (YYYY-MM) goes to: the committee's earliest
 * meeting (listed or by rule, over the next three years) on or after the end of that month
 * plus the committee's lead days. Seed 004 is the model: November 2019 figures went to the
 * panel of 4 February 2020.
 * @throws naming the committee when no meeting is late enough.
 */
export function chooseMeetingDate(committee: CommitteeConfig, asOf: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(asOf);
  if (!match) throw new Error(`month ${asOf}: expected YYYY-MM`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const monthEnd = Date.UTC(year, month, 0);
  const earliest = iso(monthEnd + committee.meetings.leadDays * DAY_MS);
  const candidates = [...committee.meetings.dates];
  const rule = committee.meetings.rule;
  if (rule) {
    for (let y = year; y <= year + 3; y += 1) {
      for (const m of rule.months) candidates.push(ruleDate(rule, y, m));
    }
  }
  const next = candidates.filter((d) => d >= earliest).sort()[0];
  if (!next) {
    throw new Error(
      `no ${committee.name} meeting on or after ${earliest} in the report config: add one to its meetings, or pass --meeting-date`,
    );
  }
  return next;
}
