import { ALL_EXTRACTS, LA_EXTRACTS } from '../../../functions/core/extracts/index.js';
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

const MONTHS = monthsBetween('2019-11', '2020-02');
const LAS = ['850', '921'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

let dir: { path: string; remove: () => Promise<void> };
const data = new Map<string, Row[]>();
const rowsOf = (extract: string, la: string, month: string): Row[] =>
  data.get(`${extract}_${la}_${month}`) ?? [];
const upTo = (extract: string, la: string, month: string): Row[] =>
  MONTHS.filter((m) => m <= month).flatMap((m) => rowsOf(extract, la, m));

beforeAll(async () => {
  dir = await tempDir('panelpack-synth-consistency-');
  await generate({
    from: MONTHS[0] as string,
    to: MONTHS.at(-1) as string,
    outDir: dir.path,
    las: LAS,
  });
  for (const la of LAS) {
    for (const month of MONTHS) {
      for (const schema of LA_EXTRACTS) {
        data.set(
          `${schema.name}_${la}_${month}`,
          await readExtract(dir.path, schema.name, la, month),
        );
      }
    }
  }
});

afterAll(async () => {
  await dir.remove();
});

/** Collects broken rows as text so that a failure shows what broke, with one expect per rule. */
function broken<T>(rows: readonly T[], ok: (row: T) => boolean): T[] {
  return rows.filter((row) => !ok(row)).slice(0, 5);
}

describe.each(LAS)('LA %s', (la) => {
  test('every value follows its schema: required cells, codes, dates, booleans, integers', () => {
    for (const schema of LA_EXTRACTS) {
      const rows = MONTHS.flatMap((m) => rowsOf(schema.name, la, m));
      expect(rows.length).toBeGreaterThan(0);
      for (const column of schema.columns) {
        const values = rows.map((r) => (r as Record<string, string>)[column.name] ?? '');
        if (column.required) expect(broken(values, (v) => v !== '')).toEqual([]);
        const present = values.filter((v) => v !== '');
        if (column.codes) {
          const codes = column.codes;
          expect(broken(present, (v) => codes.includes(v))).toEqual([]);
        }
        if (column.type === 'date') expect(broken(present, (v) => ISO_DATE.test(v))).toEqual([]);
        if (column.type === 'datetime') {
          expect(broken(present, (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v))).toEqual(
            [],
          );
        }
        if (column.type === 'boolean') {
          expect(broken(present, (v) => v === 'true' || v === 'false')).toEqual([]);
        }
        if (column.type === 'integer') expect(broken(present, (v) => /^\d+$/.test(v))).toEqual([]);
      }
    }
  });

  test('identifiers are unique within the LA (events) or within the month (snapshots)', () => {
    for (const schema of LA_EXTRACTS) {
      const key = schema.key[0] as string;
      const idsOf = (rows: Row[]) => rows.map((r) => (r as Record<string, string>)[key]);
      if (schema.kind === 'event') {
        const ids = MONTHS.flatMap((m) => idsOf(rowsOf(schema.name, la, m)));
        expect(new Set(ids).size).toBe(ids.length);
      } else {
        for (const m of MONTHS) {
          const ids = idsOf(rowsOf(schema.name, la, m));
          expect(new Set(ids).size).toBe(ids.length);
        }
      }
    }
  });

  test('event dates fall inside the delivery month', () => {
    const column = {
      contacts: 'contact_date',
      referrals: 'referral_date',
      assessments: 'authorised_date',
      s47_enquiries: 'strategy_discussion_date',
    } as const;
    for (const [extract, name] of Object.entries(column)) {
      for (const m of MONTHS) {
        const rows = rowsOf(extract, la, m);
        expect(broken(rows, (r) => r[name as keyof Row].startsWith(m))).toEqual([]);
      }
    }
  });

  test('contacts: pseudonymous ids, children 0-17 at contact, about 2% unborn', () => {
    const contacts = MONTHS.flatMap((m) => rowsOf('contacts', la, m));
    expect(
      broken(contacts, (c) => new RegExp(`^CT${la}-\\d{6}-\\d{6,}$`).test(c.contact_id)),
    ).toEqual([]);
    expect(
      broken(contacts, (c) => new RegExp(`^CH${la}-\\d{6}-\\d{6,}$`).test(c.child_id)),
    ).toEqual([]);
    const born = contacts.filter(
      (c) => c.date_of_birth !== '' && c.date_of_birth <= c.contact_date,
    );
    expect(broken(born, (c) => age(c.date_of_birth, c.contact_date) <= 17)).toEqual([]);
    const unborn = contacts.filter((c) => c.date_of_birth > c.contact_date).length;
    expect((100 * unborn) / contacts.length).toBeGreaterThan(1);
    expect((100 * unborn) / contacts.length).toBeLessThan(4);
    // A child keeps one date of birth at every contact.
    const dobs = new Map<string, string>();
    const changed = contacts.filter((c) => {
      const seen = dobs.get(c.child_id);
      dobs.set(c.child_id, c.date_of_birth);
      return seen !== undefined && seen !== c.date_of_birth;
    });
    expect(changed).toEqual([]);
  });

  test('referrals come from contacts progressed to referral, same child, on or after the contact', () => {
    for (const m of MONTHS) {
      const contacts = new Map(upTo('contacts', la, m).map((c) => [c.contact_id, c]));
      const referrals = rowsOf('referrals', la, m);
      const linked = referrals.filter((r) => r.contact_id !== '');
      // Only referrals from contacts before the first generated month lack the link.
      expect(linked.length).toBeGreaterThan(referrals.length * (m === MONTHS[0] ? 0.9 : 0.999));
      expect(
        broken(linked, (r) => {
          const c = contacts.get(r.contact_id);
          return (
            c !== undefined &&
            c.outcome === 'referral' &&
            c.child_id === r.child_id &&
            c.source === r.source &&
            r.referral_date >= c.contact_date
          );
        }),
      ).toEqual([]);
      expect(
        broken(
          referrals,
          (r) => r.decision_at === '' || r.decision_at.slice(0, 10) >= r.referral_date,
        ),
      ).toEqual([]);
    }
  });

  test('assessments follow referrals progressed to assessment and are authorised after they start', () => {
    for (const m of MONTHS) {
      const referrals = new Map(upTo('referrals', la, m).map((r) => [r.referral_id, r]));
      const assessments = rowsOf('assessments', la, m);
      expect(broken(assessments, (a) => a.start_date <= a.authorised_date)).toEqual([]);
      const linked = assessments.filter((a) => a.referral_id !== '');
      expect(
        broken(linked, (a) => {
          const r = referrals.get(a.referral_id);
          return (
            r !== undefined &&
            r.outcome === 'assessment' &&
            r.child_id === a.child_id &&
            a.start_date >= r.referral_date &&
            dayOf(a.start_date) - dayOf(r.referral_date) <= 14
          );
        }),
      ).toEqual([]);
    }
    // Started in one month and authorised in a later one, as the SPEC expects.
    const all = MONTHS.flatMap((m) => rowsOf('assessments', la, m));
    expect(all.some((a) => a.start_date.slice(0, 7) < a.authorised_date.slice(0, 7))).toBe(true);
  });

  test('section 47 enquiries follow child protection referrals; ICPCs after the strategy discussion', () => {
    const lastDay = monthEnd(MONTHS.at(-1) as string);
    for (const m of MONTHS) {
      const referrals = new Map(upTo('referrals', la, m).map((r) => [r.referral_id, r]));
      const enquiries = rowsOf('s47_enquiries', la, m);
      expect(
        broken(
          enquiries.filter((s) => s.referral_id !== ''),
          (s) => {
            const r = referrals.get(s.referral_id);
            return (
              r !== undefined &&
              r.priority === 'cp' &&
              r.child_id === s.child_id &&
              s.strategy_discussion_date >= r.referral_date
            );
          },
        ),
      ).toEqual([]);
      expect(
        broken(enquiries, (s) =>
          s.icpc_date === ''
            ? s.icpc_not_required !== 'false'
            : s.icpc_date >= s.strategy_discussion_date &&
              s.icpc_date <= lastDay &&
              s.icpc_not_required === 'false',
        ),
      ).toEqual([]);
    }
    // An ICPC may fall in the month after its enquiry started.
    const all = MONTHS.flatMap((m) => rowsOf('s47_enquiries', la, m));
    expect(
      all.some(
        (s) =>
          s.icpc_date !== '' && s.icpc_date.slice(0, 7) > s.strategy_discussion_date.slice(0, 7),
      ),
    ).toBe(true);
  });

  test('foster households persist month to month and leave in their de-registration month', () => {
    const seenLeaving = new Set<string>();
    for (const [i, m] of MONTHS.entries()) {
      const end = monthEnd(m);
      const households = rowsOf('foster_households', la, m);
      expect(broken(households, (h) => !seenLeaving.has(h.household_id))).toEqual([]);
      expect(
        broken(households, (h) => {
          const placed = Number(h.children_placed);
          const leaving = h.deregistration_date !== '';
          return (
            h.approval_date <= end &&
            Number(h.approved_places) >= placed &&
            placed >= 0 &&
            leaving === (h.deregistration_reason !== '') &&
            (!leaving ||
              (h.deregistration_date.startsWith(m) && h.deregistration_date >= h.approval_date)) &&
            [h.last_review_date, h.last_supervision_date, h.last_unannounced_visit_date].every(
              (d) => d === '' || (d >= h.approval_date && d <= end),
            )
          );
        }),
      ).toEqual([]);
      for (const h of households) if (h.deregistration_date !== '') seenLeaving.add(h.household_id);
      if (i > 0) {
        const before = rowsOf('foster_households', la, MONTHS[i - 1] as string);
        const stayed = before.filter((h) => h.deregistration_date === '');
        const now = new Set(households.map((h) => h.household_id));
        expect(broken(stayed, (h) => now.has(h.household_id))).toEqual([]);
        const approved = households.filter(
          (h) => !before.some((b) => b.household_id === h.household_id),
        );
        expect(broken(approved, (h) => h.approval_date.startsWith(m))).toEqual([]);
      }
    }
  });

  test('care leavers are 16-25 at month end, age month by month and keep their ids', () => {
    for (const [i, m] of MONTHS.entries()) {
      const end = monthEnd(m);
      const leavers = rowsOf('care_leavers', la, m);
      expect(
        broken(leavers, (p) => age(p.date_of_birth, end) >= 16 && age(p.date_of_birth, end) <= 25),
      ).toEqual([]);
      expect(
        broken(
          leavers,
          (p) => p.in_touch === 'YES' || (p.activity === '' && p.accommodation === ''),
        ),
      ).toEqual([]);
      expect(
        broken(
          leavers,
          (p) => p.in_touch !== 'YES' || (p.activity !== '' && p.accommodation !== ''),
        ),
      ).toEqual([]);
      expect(broken(leavers, (p) => p.accommodation !== 'S1' && p.accommodation !== 'X1')).toEqual(
        [],
      );
      expect(
        broken(
          leavers,
          (p) => p.eligibility !== 'former_relevant' || age(p.date_of_birth, end) >= 18,
        ),
      ).toEqual([]);
      expect(broken(leavers, (p) => p.last_contact_date <= end)).toEqual([]);
      if (i > 0) {
        const before = new Map(
          rowsOf('care_leavers', la, MONTHS[i - 1] as string).map((p) => [p.person_id, p]),
        );
        const continuing = leavers.filter((p) => before.has(p.person_id));
        // Most young people carry on from one month to the next, with the same date of birth.
        expect(continuing.length).toBeGreaterThan(leavers.length * 0.95);
        expect(
          broken(continuing, (p) => before.get(p.person_id)?.date_of_birth === p.date_of_birth),
        ).toEqual([]);
        expect(
          broken(
            continuing,
            (p) => p.last_contact_date >= (before.get(p.person_id)?.last_contact_date ?? ''),
          ),
        ).toEqual([]);
      }
    }
  });
});

test('the benchmarks file holds only known measures with rates in percent', async () => {
  const { rows, header } = await readCsv(`${dir.path}/benchmarks_${MONTHS.at(-1)}.csv`);
  expect(header).toEqual(
    ALL_EXTRACTS.find((e) => e.name === 'benchmarks')?.columns.map((c) => c.name),
  );
  expect(rows.map((r) => r.period_end)).toContain('2019-12-31');
  expect(rows.every((r) => r.measure === 'care_leavers_in_touch_19_21')).toBe(true);
  expect(rows.every((r) => Number(r.value) > 0 && Number(r.value) <= 100)).toBe(true);
});
