import { englandWalesBankHolidays } from '../../../functions/core/reference/bank-holiday-rules.js';
import { generate } from '../../../functions/core/synth/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import {
  age,
  dayOf,
  monthEnd,
  monthsBetween,
  type Row,
  readCsv,
  readExtract,
} from './extract-files.js';

// Ranges come from the seeds (SPEC section 3 and the committee papers): see the calibration
// comments in functions/core/synth.

const MONTHS = monthsBetween('2019-01', '2019-12');
const TERM_MONTHS = [
  '2019-01',
  '2019-02',
  '2019-03',
  '2019-05',
  '2019-06',
  '2019-09',
  '2019-10',
  '2019-11',
];

let dir: { path: string; remove: () => Promise<void> };
const data = new Map<string, Row[]>();
const rowsOf = (extract: string, la: string, month: string): Row[] =>
  data.get(`${extract}_${la}_${month}`) ?? [];
const all = (extract: string, la = '850'): Row[] => MONTHS.flatMap((m) => rowsOf(extract, la, m));
const share = (part: number, whole: number): number => (100 * part) / whole;

const holidays = new Set(englandWalesBankHolidays(2018, 2021).map((h) => h.date));
/** Working days since 2018-01-01 (weekends and bank holidays excluded), by day number. */
const workingDayCount = new Map<number, number>();
for (let d = dayOf('2018-01-01'), n = 0; d <= dayOf('2021-12-31'); d++) {
  const date = new Date(d * 86_400_000);
  const weekday = date.getUTCDay();
  if (weekday !== 0 && weekday !== 6 && !holidays.has(date.toISOString().slice(0, 10))) n++;
  workingDayCount.set(d, n);
}
/** Working days after `from` up to and including `to`. */
function workingDaysBetween(from: string, to: string): number {
  return (workingDayCount.get(dayOf(to)) ?? 0) - (workingDayCount.get(dayOf(from)) ?? 0);
}

beforeAll(async () => {
  dir = await tempDir('panelpack-synth-calibration-');
  await generate({ from: '2019-01', to: '2019-12', outDir: dir.path, las: ['850', '921'] });
  for (const la of ['850', '921']) {
    for (const month of MONTHS) {
      for (const extract of [
        'contacts',
        'referrals',
        'assessments',
        's47_enquiries',
        'foster_households',
        'care_leavers',
      ]) {
        data.set(`${extract}_${la}_${month}`, await readExtract(dir.path, extract, la, month));
      }
    }
  }
});

afterAll(async () => {
  await dir.remove();
});

describe('front door calibration (Hampshire, 2019)', () => {
  test('every month has 7,000-9,000 contacts, mostly on new cases', () => {
    for (const month of MONTHS) {
      const contacts = rowsOf('contacts', '850', month);
      expect(contacts.length).toBeGreaterThanOrEqual(7000);
      expect(contacts.length).toBeLessThanOrEqual(9000);
      const open = contacts.filter((c) => c.case_status === 'open').length;
      expect(share(open, contacts.length)).toBeGreaterThan(3);
      expect(share(open, contacts.length)).toBeLessThan(8);
    }
  });

  test('30-40% of contacts progress to referral and 60-70% of new-case contacts are resolved', () => {
    for (const month of MONTHS) {
      const contacts = rowsOf('contacts', '850', month);
      const referred = contacts.filter((c) => c.outcome === 'referral').length;
      expect(share(referred, contacts.length)).toBeGreaterThanOrEqual(30);
      expect(share(referred, contacts.length)).toBeLessThanOrEqual(40);
      const fresh = contacts.filter((c) => c.case_status === 'new');
      const resolved = fresh.filter((c) => c.outcome !== 'referral').length;
      expect(share(resolved, fresh.length)).toBeGreaterThan(60);
      expect(share(resolved, fresh.length)).toBeLessThan(70);
    }
  });

  test('education contacts dip in August, below the school-term average', () => {
    const educationShare = (month: string): number => {
      const fresh = rowsOf('contacts', '850', month).filter((c) => c.case_status === 'new');
      return share(fresh.filter((c) => c.source.startsWith('2')).length, fresh.length);
    };
    const term = TERM_MONTHS.map(educationShare);
    const termAverage = term.reduce((a, b) => a + b, 0) / term.length;
    expect(termAverage).toBeGreaterThan(17);
    expect(termAverage).toBeLessThan(25);
    expect(educationShare('2019-08')).toBeLessThan(5);
    expect(educationShare('2019-08')).toBeLessThan(termAverage / 4);
  });

  test('contact sources mix like the papers: police the largest, then other, education, health', () => {
    const fresh = all('contacts').filter((c) => c.case_status === 'new');
    const group = (prefix: (s: string) => boolean) =>
      share(fresh.filter((c) => prefix(c.source)).length, fresh.length);
    expect(group((s) => s === '6')).toBeGreaterThan(38);
    expect(group((s) => s === '6')).toBeLessThan(50);
    expect(group((s) => s.startsWith('3'))).toBeGreaterThan(9);
    expect(group((s) => s.startsWith('3'))).toBeLessThan(18);
    expect(group((s) => s.startsWith('2'))).toBeGreaterThan(14);
    expect(group((s) => s.startsWith('2'))).toBeLessThan(22);
  });

  test('referrals match contacts progressed; 39-48% go on to assessment', () => {
    for (const month of MONTHS.slice(1, -1)) {
      const progressed = rowsOf('contacts', '850', month).filter((c) => c.outcome === 'referral');
      const referrals = rowsOf('referrals', '850', month);
      expect(Math.abs(referrals.length - progressed.length) / progressed.length).toBeLessThan(0.03);
      const assessed = referrals.filter((r) => r.outcome === 'assessment').length;
      expect(share(assessed, referrals.length)).toBeGreaterThan(39);
      expect(share(assessed, referrals.length)).toBeLessThan(48);
    }
  });

  test('18-22% of referrals are re-referrals within 12 months once a year of history exists', () => {
    const last = new Map<string, string>();
    let rereferrals = 0;
    let december = 0;
    for (const month of MONTHS) {
      const referrals = [...rowsOf('referrals', '850', month)].sort((a, b) =>
        a.referral_date.localeCompare(b.referral_date),
      );
      for (const r of referrals) {
        const previous = last.get(r.child_id);
        const isRe = previous !== undefined && dayOf(r.referral_date) - dayOf(previous) <= 365;
        if (month === '2019-12') {
          december++;
          if (isRe) rereferrals++;
        }
        last.set(r.child_id, r.referral_date);
      }
    }
    expect(share(rereferrals, december)).toBeGreaterThanOrEqual(17);
    expect(share(rereferrals, december)).toBeLessThanOrEqual(23);
  });

  test('85-92% of C&F assessments are authorised within 45 working days', () => {
    const assessments = all('assessments');
    expect(assessments.length / 12).toBeGreaterThan(900);
    expect(assessments.length / 12).toBeLessThan(1400);
    const timely = assessments.filter(
      (a) => workingDaysBetween(a.start_date, a.authorised_date) <= 45,
    ).length;
    expect(share(timely, assessments.length)).toBeGreaterThanOrEqual(85);
    expect(share(timely, assessments.length)).toBeLessThanOrEqual(92);
    const days = assessments.map((a) => workingDaysBetween(a.start_date, a.authorised_date));
    expect(Math.min(...days)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...days)).toBeLessThanOrEqual(60);
  });

  test('200-400 section 47 enquiries a month; 30-45% reach an ICPC within 15 working days mostly', () => {
    const complete = MONTHS.slice(0, -1).flatMap((m) => rowsOf('s47_enquiries', '850', m));
    expect(complete.length / 11).toBeGreaterThan(200);
    expect(complete.length / 11).toBeLessThan(400);
    const icpc = complete.filter((s) => s.icpc_date !== '');
    expect(share(icpc.length, complete.length)).toBeGreaterThanOrEqual(30);
    expect(share(icpc.length, complete.length)).toBeLessThanOrEqual(45);
    const within15 = icpc.filter(
      (s) => workingDaysBetween(s.strategy_discussion_date, s.icpc_date) <= 15,
    ).length;
    expect(share(within15, icpc.length)).toBeGreaterThan(80);
    const notRequired = complete.filter((s) => s.icpc_not_required === 'true').length;
    expect(notRequired).toBeGreaterThan(0);
  });

  test('the Isle of Wight adds about 1,500 contacts a month', () => {
    const counts = MONTHS.map((m) => rowsOf('contacts', '921', m).length);
    for (const n of counts) {
      expect(n).toBeGreaterThan(1250);
      expect(n).toBeLessThan(1750);
    }
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(1400);
    expect(mean).toBeLessThan(1600);
  });
});

describe('fostering calibration (Hampshire, 2019)', () => {
  test('about 480 households, mostly mainstream, with connected and short-break carers', () => {
    for (const month of MONTHS) {
      const households = rowsOf('foster_households', '850', month);
      expect(households.length).toBeGreaterThan(420);
      expect(households.length).toBeLessThan(540);
      const types = (t: string) => households.filter((h) => h.carer_type === t).length;
      expect(share(types('mainstream'), households.length)).toBeGreaterThan(55);
      expect(types('connected')).toBeGreaterThan(40);
      expect(types('short_breaks')).toBeGreaterThan(5);
    }
  });

  test('about 110 de-registrations a year, balanced by approvals, for the papers’ reasons', () => {
    const households = all('foster_households');
    const leaving = households.filter((h) => h.deregistration_date !== '');
    expect(leaving.length).toBeGreaterThan(80);
    expect(leaving.length).toBeLessThan(145);
    const approved = households.filter((h) => h.approval_date.startsWith('2019'));
    expect(new Set(approved.map((h) => h.household_id)).size).toBeGreaterThan(70);
    const reasons = (r: string) => leaving.filter((h) => h.deregistration_reason === r).length;
    expect(reasons('dissatisfaction')).toBeLessThan(reasons('personal_circumstances'));
    expect(reasons('permanence_order')).toBeGreaterThan(0);
    expect(reasons('retirement')).toBeGreaterThan(0);
  });

  test('most reviews and supervisions are in timescale, a minority overdue', () => {
    for (const month of MONTHS) {
      const end = dayOf(monthEnd(month));
      const households = rowsOf('foster_households', '850', month);
      const established = households.filter((h) => dayOf(h.approval_date) < end - 365);
      const reviewed = established.filter(
        (h) => h.last_review_date !== '' && dayOf(h.last_review_date) > end - 365,
      ).length;
      expect(share(reviewed, established.length)).toBeGreaterThan(70);
      expect(share(reviewed, established.length)).toBeLessThan(95);
      const supervised = households.filter(
        (h) => h.last_supervision_date !== '' && dayOf(h.last_supervision_date) >= end - 42,
      ).length;
      expect(share(supervised, households.length)).toBeGreaterThan(65);
      expect(share(supervised, households.length)).toBeLessThan(92);
      const overdue = established.filter(
        (h) =>
          h.last_unannounced_visit_date === '' || dayOf(h.last_unannounced_visit_date) <= end - 365,
      ).length;
      expect(overdue).toBeGreaterThan(0);
      expect(overdue).toBeLessThan(60);
    }
  });
});

describe('care leavers calibration (Hampshire, 2019)', () => {
  test('about 780 young people each month, about 150 on the Isle of Wight', () => {
    for (const month of MONTHS) {
      const n = rowsOf('care_leavers', '850', month).length;
      expect(n).toBeGreaterThan(690);
      expect(n).toBeLessThan(870);
      const iow = rowsOf('care_leavers', '921', month).length;
      expect(iow).toBeGreaterThan(100);
      expect(iow).toBeLessThan(210);
    }
  });

  test('profile, in touch, accommodation, NEET and staying put like seed 003', () => {
    const month = '2019-12';
    const end = monthEnd(month);
    const leavers = rowsOf('care_leavers', '850', month);
    const pct = (rows: Row[], test: (r: Row) => boolean) =>
      share(rows.filter(test).length, rows.length);
    expect(pct(leavers, (r) => r.gender === 'male')).toBeGreaterThan(55);
    expect(pct(leavers, (r) => r.gender === 'male')).toBeLessThan(70);
    expect(pct(leavers, (r) => r.ethnicity.startsWith('W'))).toBeGreaterThan(60);
    expect(pct(leavers, (r) => r.ethnicity.startsWith('W'))).toBeLessThan(78);
    expect(pct(leavers, (r) => r.ethnicity.startsWith('B'))).toBeGreaterThan(9);
    expect(pct(leavers, (r) => r.eligibility === 'former_relevant')).toBeGreaterThan(85);

    const cohort = leavers.filter((r) => {
      const years = age(r.date_of_birth, end);
      return years >= 19 && years <= 21 && r.in_touch !== 'DIED' && r.in_touch !== 'RHOM';
    });
    expect(pct(cohort, (r) => r.in_touch === 'YES')).toBeGreaterThan(85);
    expect(pct(cohort, (r) => r.in_touch === 'YES')).toBeLessThan(96);

    const adults = leavers.filter((r) => {
      const years = age(r.date_of_birth, end);
      return years >= 18 && years <= 21;
    });
    expect(pct(adults, (r) => r.accommodation.endsWith('1'))).toBeGreaterThan(60);
    expect(pct(adults, (r) => r.accommodation.endsWith('1'))).toBeLessThan(90);
    expect(pct(adults, (r) => r.activity.startsWith('G'))).toBeGreaterThan(11);
    expect(pct(adults, (r) => r.activity.startsWith('G'))).toBeLessThan(32);

    const stayingPut = leavers.filter((r) => r.staying_put === 'true').length;
    expect(stayingPut).toBeGreaterThan(45);
    expect(stayingPut).toBeLessThan(110);
    const university = leavers.filter((r) => r.higher_education === 'true').length;
    expect(university).toBeGreaterThan(40);
    expect(university).toBeLessThan(120);
    expect(pct(leavers, (r) => r.health_passport === 'declined')).toBeGreaterThan(35);
  });
});

describe('benchmarks', () => {
  test('a South East and an England in-touch rate at each quarter end of the range', async () => {
    const { rows } = await readCsv(`${dir.path}/benchmarks_2019-12.csv`);
    const quarterEnds = ['2019-03-31', '2019-06-30', '2019-09-30', '2019-12-31'];
    for (const area of ['South East', 'England']) {
      const values = rows.filter((r) => r.area === area);
      expect(values.map((r) => r.period_end)).toEqual(quarterEnds);
      for (const r of values) {
        expect(r.measure).toBe('care_leavers_in_touch_19_21');
        expect(Number(r.value)).toBeGreaterThan(85);
        expect(Number(r.value)).toBeLessThan(96);
      }
    }
  });
});

describe('Hampshire Hives', () => {
  test('about 234 households in 16 Hives by March 2023 (seed 003)', async () => {
    const hives = await tempDir('panelpack-synth-hives-');
    try {
      await generate({ from: '2023-03', to: '2023-03', outDir: hives.path, las: ['850'] });
      const households = await readExtract(hives.path, 'foster_households', '850', '2023-03');
      const members = households.filter((h) => h.hive !== '');
      expect(members.length).toBeGreaterThan(180);
      expect(members.length).toBeLessThan(290);
      expect(new Set(members.map((h) => h.hive)).size).toBe(16);
      const children = members.reduce((sum, h) => sum + Number(h.children_placed), 0);
      expect(children).toBeGreaterThan(220);
      expect(children).toBeLessThan(400);
    } finally {
      await hives.remove();
    }
  });
});
