import { assessments, contacts, referrals, s47Enquiries } from '../extracts/index.js';
import { isoDate, type Month, monthAt, monthIndexOfDay, weekday } from './calendar.js';
import { ChildPool } from './child-pool.js';
import { CsvTable, type CsvText } from './csv-table.js';
import { deriveSeed, hashInts, mix32, unitFromHash } from './hash.js';
import type { LaProfile } from './la-profile.js';
import { floor, max, min, PI, round, sin } from './math.js';
import { Prng } from './prng.js';
import { isSchoolDay } from './school-days.js';
import { Weighted } from './weighted.js';
import { addWorkingDays, isBankHoliday } from './working-days.js';

// Calibration. Figures in comments are from the seeds; the constants are generator settings.

/**
 * Hampshire's mean contacts a month: seed 004 Appendix 1 averages 7,643 (2018) and 7,870
 * (Jan-Nov 2019), and the narrative says "between 7000-9000 contacts each month".
 */
const CONTACTS_PER_MONTH = 7900;

/**
 * Monthly shape of contacts (Jan-Dec): 2018-19 totals in seed 004 over their mean (0.965 0.888
 * 1.035 0.950 1.028 0.971 1.126 0.884 0.978 1.164 1.097 0.912: busy July and October, quiet
 * February, August and December), damped 40% towards flat so that every month stays inside the
 * 7,000-9,000 band with the noise below.
 */
const SEASON = [0.979, 0.933, 1.021, 0.97, 1.017, 0.983, 1.076, 0.93, 0.987, 1.098, 1.058, 0.947];

/** Relative contacts by weekday (Mon-Sun): out-of-hours police notifications keep weekends above zero. */
const WEEKDAY_WEIGHT = [1.08, 1.04, 1, 1, 0.96, 0.22, 0.18];
const BANK_HOLIDAY_WEIGHT = 0.25;
/** Weekdays in school holidays lose most education contacts (about a fifth of the total). */
const SCHOOL_HOLIDAY_WEIGHT = 0.82;

/**
 * Contacts on open cases: 274-530 a month of 7,000-9,000 in seed 004 ("the majority ... on
 * unopened cases").
 */
const OPEN_CASE_SHARE: readonly [number, number] = [0.045, 0.06];

/**
 * Education share of contacts on a school day, a holiday weekday and a weekend. Seed 004: 18-25%
 * of new-case contacts in term months, 13-14% in April (Easter), 82-96 (about 1.3%) in August.
 */
const EDUCATION_SHARE = { school: 0.235, holiday: 0.02, weekend: 0.012 };

/**
 * The rest of the contacts by group (seed 004, new-case contacts 2018-19: health 10-18%,
 * police 39-47%, other 21-28%).
 */
const NON_EDUCATION = { health: 0.165, police: 0.54, other: 0.295 };

/**
 * CIN referral source codes within each group. Weights within "other" follow the 2016-21
 * referral sources in seed 001 (individual 10-12%, LA services 8-10%, other legal agency 2-4%,
 * other 5-9%, anonymous 2-3%, unknown 1-3%, housing 1%, not recorded up to 1%).
 */
const SOURCE_CODES = {
  education: { '2A': 0.88, '2B': 0.12 },
  health: { '3A': 0.14, '3B': 0.12, '3C': 0.06, '3D': 0.1, '3E': 0.22, '3F': 0.36 },
  police: { '6': 1 },
  other: {
    '1A': 5.5,
    '1B': 1.2,
    '1C': 1,
    '1D': 3.4,
    '4': 1.1,
    '5A': 4.5,
    '5B': 1.6,
    '5C': 1.8,
    '5D': 0.9,
    '7': 3,
    '8': 7,
    '9': 2.6,
    '10': 1.5,
    '': 0.6,
  },
} as const;

type SourceGroup = keyof typeof SOURCE_CODES;

/**
 * Share of new-case contacts progressed to a MASH referral, by source group. Police
 * notifications convert least. Chosen so that about 35% of new-case contacts become referrals
 * (seed 004: "the remaining 30%-40% being progressed to a referral"; % resolved 64-70%) and the
 * referral mix is about education 25%, health 17%, police 26%, other 33% (seed 004 referral
 * sources; seed 001 annual sources).
 */
const REFERRAL_RATE: Readonly<Record<SourceGroup, number>> = {
  education: 0.375,
  health: 0.48,
  police: 0.22,
  other: 0.51,
};

/** Contacts not progressed: closed (NFA/advice) vs other (seed 004: about 3:1, 2018-19). */
const NEW_CASE_CLOSED_SHARE = 0.74;
/** Contacts on open cases go to the allocated worker: recorded mostly as "other". */
const OPEN_CASE_CLOSED_SHARE = 0.15;

/** Share of referrals prioritised as child protection, by source group (about 16% overall). */
const CP_RATE: Readonly<Record<SourceGroup, number>> = {
  education: 0.12,
  health: 0.15,
  police: 0.24,
  other: 0.13,
};

/**
 * Referral outcomes. Seed 004: 39-48% progressed to assessment, other (early help) 3-10%, the
 * rest closed in MASH. Child protection referrals nearly always go on to assessment.
 */
const CP_OUTCOME = { assessment: 0.84, closed: 0.11, other: 0.05 };
const CIN_OUTCOME = { assessment: 0.36, closed: 0.58, other: 0.06 };

/**
 * Share of child protection referrals with a strategy discussion starting a section 47 enquiry:
 * about 300 a month (seed 004: 113-308 a month; seed 001: 3,900-5,000 a year).
 */
const S47_RATE = 0.72;

/** Share of re-referrals: referrals for a child referred in the previous 12 months. */
const REREFERRAL_SHARE: readonly [number, number] = [0.19, 0.21];
/** Share of other new-case contacts about a child with an earlier contact. */
const REPEAT_CONTACT_SHARE = 0.22;
/** Share of first referrals (in 12 months) about a child with an earlier contact. */
const FIRST_REFERRAL_KNOWN_CHILD = 0.3;

/**
 * Share of C&F assessments authorised within 45 working days, around which it moves: seed 001
 * 87.9-95.3% a year, seed 004 74-96% a month.
 */
const TIMELY_SHARE = 0.885;

/** Share of section 47 enquiries reaching an ICPC: seed 001, 31.4-44.9% a year. */
const ICPC_SHARE = 0.375;

/** Share of assessments concluding the child needs support (the rest NFA). */
const ASSESSMENT_SUPPORT_SHARE = 0.62;

/** Child ages (whole years, 0-17) at first contact, relative weights. */
const AGE_WEIGHTS = [8, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5.5, 5.5, 6, 6.5, 7, 7, 6, 4];
/** Unborn children (date of birth after the contact): about 2% of contacts. */
const UNBORN_SHARE = 0.022;
/** Children with no date of birth recorded. */
const DOB_MISSING_SHARE = 0.004;

const CHILD_KEY_MONTH = 1e7;

const REFERRAL_FIELDS = [
  'referral_id',
  'child_id',
  'contact_id',
  'referral_date',
  'source',
  'priority',
  'outcome',
  'decision_at',
] as const;

const ASSESSMENT_FIELDS = [
  'assessment_id',
  'child_id',
  'referral_id',
  'start_date',
  'authorised_date',
  'outcome',
] as const;

const S47_FIELDS = [
  's47_id',
  'child_id',
  'referral_id',
  'strategy_discussion_date',
  'icpc_date',
  'icpc_not_required',
] as const;

const CONTACT_FIELDS = [
  'contact_id',
  'child_id',
  'contact_date',
  'source',
  'case_status',
  'outcome',
  'gender',
  'date_of_birth',
] as const;

/** The four event extracts of one month, as CSV text. */
export interface FrontDoorFiles {
  readonly contacts: CsvText;
  readonly referrals: CsvText;
  readonly assessments: CsvText;
  readonly s47_enquiries: CsvText;
}

interface PendingRow {
  readonly day: number;
  readonly line: string;
}

/** Settings that vary month to month (drawn once per month). */
interface MonthMood {
  readonly referralFactor: number;
  readonly openShare: number;
  readonly rereferralShare: number;
}

/**
 * Simulates the front door of one LA month by month: CRT contacts, MASH referrals, Child and
 * Family assessments and section 47 enquiries. Everything that follows a contact (referral,
 * decision, assessment, strategy discussion, conference) is decided when the contact is
 * generated and queued for the month it happens in, so links always point backwards in time.
 */
export class FrontDoorSimulator {
  private readonly rng: Prng;
  private readonly childSeed: number;
  private readonly la: string;
  private readonly monthlyContacts: number;
  private readonly firstEmitted: number;
  private readonly firstEmittedDay: number;
  private readonly lastDay: number;
  private readonly waveSeed: number;

  private readonly contactTable = new CsvTable(contacts, CONTACT_FIELDS);
  /** Contacts are most of the rows written: build them with one template when the order allows. */
  private readonly contactTemplate = this.contactTable.hasColumns(CONTACT_FIELDS);
  private readonly referralTable = new CsvTable(referrals, REFERRAL_FIELDS);
  private readonly assessmentTable = new CsvTable(assessments, ASSESSMENT_FIELDS);
  private readonly s47Table = new CsvTable(s47Enquiries, S47_FIELDS);

  private readonly rs = this.referralTable.slots(REFERRAL_FIELDS);
  private readonly as = this.assessmentTable.slots(ASSESSMENT_FIELDS);
  private readonly ss = this.s47Table.slots(S47_FIELDS);

  private readonly sourceTables: Readonly<Record<SourceGroup, Weighted<string>>>;
  private readonly nonEducation = new Weighted<SourceGroup>([
    ['health', NON_EDUCATION.health],
    ['police', NON_EDUCATION.police],
    ['other', NON_EDUCATION.other],
  ]);
  private readonly ageTable = new Weighted(AGE_WEIGHTS.map((w, age) => [age, w] as const));
  private readonly cpOutcome = Weighted.codes(referrals, 'outcome', CP_OUTCOME);
  private readonly cinOutcome = Weighted.codes(referrals, 'outcome', CIN_OUTCOME);

  private readonly referredChildren = new ChildPool();
  private readonly contactedChildren = new ChildPool();
  private readonly openChildren = new ChildPool();
  /** Day of each child's latest referral, for keeping first referrals first. */
  private readonly lastReferral = new Map<number, number>();
  private readonly newChildren = new Map<number, number>();
  /** This month's pools to pick earlier children from. */
  private windows: Readonly<Record<'referred' | 'contacted' | 'open', Float64Array>> = {
    referred: new Float64Array(0),
    contacted: new Float64Array(0),
    open: new Float64Array(0),
  };
  private readonly idCounters = {
    RF: new Map<number, number>(),
    AS: new Map<number, number>(),
    SE: new Map<number, number>(),
  };

  private readonly pendingReferrals = new Map<number, PendingRow[]>();
  private readonly pendingAssessments = new Map<number, PendingRow[]>();
  private readonly pendingS47 = new Map<number, PendingRow[]>();

  /**
   * @param seed the run seed; the LA's stream is derived from it and the LA code alone.
   * @param firstEmitted index of the first month whose files will be written (earlier months
   *   are simulated only to fill the history re-referrals and open cases draw on).
   * @param lastMonth the last generated month: events after it are left out (an ICPC after the
   *   last delivery is blank, as it would be in a real extract).
   */
  constructor(
    profile: LaProfile,
    seed: number,
    scale: number,
    firstEmitted: Month,
    lastMonth: Month,
  ) {
    this.la = profile.code;
    this.rng = new Prng(deriveSeed(seed, 'la', profile.code, 'front-door'));
    this.childSeed = deriveSeed(seed, 'la', profile.code, 'children');
    this.monthlyContacts = CONTACTS_PER_MONTH * profile.size * scale;
    this.firstEmitted = firstEmitted.index;
    this.firstEmittedDay = firstEmitted.start;
    this.waveSeed = deriveSeed(seed, 'la', profile.code, 'waves');
    this.lastDay = lastMonth.end;
    this.sourceTables = {
      education: Weighted.codes(contacts, 'source', SOURCE_CODES.education),
      health: Weighted.codes(contacts, 'source', SOURCE_CODES.health),
      police: Weighted.codes(contacts, 'source', SOURCE_CODES.police),
      other: Weighted.codes(contacts, 'source', SOURCE_CODES.other),
    };
  }

  /** Simulates a month; returns its four files when the month is emitted. */
  simulate(month: Month): FrontDoorFiles | undefined {
    const rng = this.rng;
    const emit = month.index >= this.firstEmitted;
    const mood = this.moodOf();
    const counts = this.dailyCounts(month);
    // Re-referrals look back 11 whole months so they are within 12 months by any count.
    this.windows = {
      referred: this.referredChildren.window(month.index - 11, month.index - 1),
      contacted: this.contactedChildren.window(month.index - 12, month.index - 1),
      open: this.openChildren.window(month.index - 12, month.index - 1),
    };

    const t = this.contactTable;
    const row = t.row;
    const sId = t.slot('contact_id');
    const sChild = t.slot('child_id');
    const sDate = t.slot('contact_date');
    const sSource = t.slot('source');
    const sStatus = t.slot('case_status');
    const sOutcome = t.slot('outcome');
    const sGender = t.slot('gender');
    const sDob = t.slot('date_of_birth');
    const idPrefix = `CT${this.la}-${month.compact}-`;
    let seq = 0;

    for (let i = 0; i < counts.length; i++) {
      const day = month.start + i;
      const dayIso = isoDate(day);
      const educationShare = isSchoolDay(day)
        ? EDUCATION_SHARE.school
        : weekday(day) >= 5
          ? EDUCATION_SHARE.weekend
          : EDUCATION_SHARE.holiday;
      const n = counts[i] as number;
      for (let k = 0; k < n; k++) {
        seq++;
        const group = rng.next() < educationShare ? 'education' : this.nonEducation.draw(rng);
        const source = this.sourceTables[group].draw(rng);
        const open = rng.next() < mood.openShare;
        let outcome: string;
        let child: number;
        if (open) {
          outcome = rng.next() < OPEN_CASE_CLOSED_SHARE ? 'closed' : 'other';
          child = this.openChild(month, day);
        } else if (rng.next() < REFERRAL_RATE[group] * mood.referralFactor) {
          outcome = 'referral';
          child = this.referredChild(month, day, mood);
        } else {
          outcome = rng.next() < NEW_CASE_CLOSED_SHARE ? 'closed' : 'other';
          child = this.contactedChild(month, day);
        }
        if (!open) this.contactedChildren.add(month.index, child);
        const contactId = `${idPrefix}${pad(seq)}`;
        if (outcome === 'referral') this.refer(child, contactId, day, source, group);
        if (emit) {
          const h = this.childHash(child);
          const dob = this.childDob(child, h);
          const childId = this.childId(child);
          const status = open ? 'open' : 'new';
          const gender = childGender(h, dob !== undefined && dob > day);
          const dobIso = dob === undefined ? '' : isoDate(dob);
          if (this.contactTemplate) {
            t.commitLine(
              `${contactId},${childId},${dayIso},${source},${status},${outcome},${gender},${dobIso}\n`,
            );
          } else {
            row[sId] = contactId;
            row[sChild] = childId;
            row[sDate] = dayIso;
            row[sSource] = source;
            row[sStatus] = status;
            row[sOutcome] = outcome;
            row[sGender] = gender;
            row[sDob] = dobIso;
            t.commit();
          }
        }
      }
    }

    this.referredChildren.prune(month.index - 12);
    this.contactedChildren.prune(month.index - 12);
    this.openChildren.prune(month.index - 12);
    for (const [child, day] of this.lastReferral) {
      if (day < month.start - 400) this.lastReferral.delete(child);
    }

    if (!emit) {
      this.drain(month.index);
      return undefined;
    }
    const contactText = t.take();
    return {
      contacts: contactText,
      referrals: this.flush(this.referralTable, this.pendingReferrals, month.index),
      assessments: this.flush(this.assessmentTable, this.pendingAssessments, month.index),
      s47_enquiries: this.flush(this.s47Table, this.pendingS47, month.index),
    };
  }

  private moodOf(): MonthMood {
    const rng = this.rng;
    return {
      referralFactor: rng.uniform(0.97, 1.03),
      openShare: rng.uniform(OPEN_CASE_SHARE[0], OPEN_CASE_SHARE[1]),
      rereferralShare: rng.uniform(REREFERRAL_SHARE[0], REREFERRAL_SHARE[1]),
    };
  }

  /** Contacts per day of the month: the monthly total spread by weekday and school term. */
  private dailyCounts(month: Month): number[] {
    const rng = this.rng;
    const wave = 1 + 0.01 * sin((2 * PI * month.index) / 37);
    const base = this.monthlyContacts;
    const raw = base * (SEASON[month.month - 1] as number) * wave * rng.uniform(0.985, 1.015);
    // The clamp never binds with the settings above; it guards the 7,000-9,000 promise.
    const total = round(min(base * 1.124, max(base * 0.9, raw)));
    const weights: number[] = [];
    let sum = 0;
    for (let day = month.start; day <= month.end; day++) {
      let w = WEEKDAY_WEIGHT[weekday(day)] as number;
      if (isBankHoliday(day)) w = BANK_HOLIDAY_WEIGHT;
      else if (w >= 0.9 && !isSchoolDay(day)) w *= SCHOOL_HOLIDAY_WEIGHT;
      w *= rng.uniform(0.92, 1.08);
      weights.push(w);
      sum += w;
    }
    const counts: number[] = [];
    let cumulative = 0;
    let given = 0;
    for (const w of weights) {
      cumulative += w;
      const upTo = round((total * cumulative) / sum);
      counts.push(upTo - given);
      given = upTo;
    }
    return counts;
  }

  /** A child for a contact on an open case: one with an assessment or enquiry this past year. */
  private openChild(month: Month, day: number): number {
    const known = pick(this.rng, this.windows.open);
    if (known !== undefined && this.isChildAt(known, day)) return known;
    return this.newChild(month);
  }

  /** A child for a new-case contact that does not progress. */
  private contactedChild(month: Month, day: number): number {
    if (this.rng.next() < REPEAT_CONTACT_SHARE) {
      const known = pick(this.rng, this.windows.contacted);
      if (known !== undefined && this.isChildAt(known, day)) return known;
    }
    return this.newChild(month);
  }

  /**
   * A child for a contact progressing to referral: a re-referral, or a child with no referral
   * in the last year, so that the re-referral rate is what the calibration says.
   */
  private referredChild(month: Month, day: number, mood: MonthMood): number {
    const rng = this.rng;
    if (rng.next() < mood.rereferralShare) {
      const known = pick(rng, this.windows.referred);
      if (known !== undefined && this.isChildAt(known, day)) return known;
    } else if (rng.next() < FIRST_REFERRAL_KNOWN_CHILD) {
      const known = pick(rng, this.windows.contacted);
      if (known !== undefined && this.isChildAt(known, day)) {
        const last = this.lastReferral.get(known);
        if (last === undefined || last < day - 400) return known;
      }
    }
    return this.newChild(month);
  }

  /** Queues the referral from a contact, and the assessment and enquiry that follow it. */
  private refer(
    child: number,
    contactId: string,
    contactDay: number,
    source: string,
    group: SourceGroup,
  ): void {
    const rng = this.rng;
    const lag = rng.next();
    const referralDay = lag < 0.65 ? contactDay : addWorkingDays(contactDay, lag < 0.93 ? 1 : 2);
    if (referralDay > this.lastDay) return;
    const referralMonth = monthIndexOfDay(referralDay);
    const cp = rng.next() < CP_RATE[group];
    const outcome = (cp ? this.cpOutcome : this.cinOutcome).draw(rng);
    // CP decisions are made within 2-4 hours; CIN within two working days (some slip).
    let decisionDay = referralDay;
    let minutes = 540 + rng.int(cp ? 660 : 510);
    if (!cp) {
      const u = rng.next();
      const wd = u < 0.35 ? 0 : u < 0.75 ? 1 : u < 0.92 ? 2 : u < 0.97 ? 3 : 4;
      if (wd > 0) decisionDay = addWorkingDays(referralDay, wd);
      if (wd > 0) minutes = 510 + rng.int(540);
    }
    this.lastReferral.set(child, referralDay);
    this.referredChildren.add(referralMonth, child);
    const referralId = this.nextId('RF', referralMonth);
    const childId = this.childId(child);

    if (referralMonth >= this.firstEmitted) {
      const t = this.referralTable;
      const r = t.row;
      const s = this.rs;
      r[s.referral_id] = referralId;
      r[s.child_id] = childId;
      // A contact from a month before the first written one is in no file: leave the optional
      // link blank rather than point at nothing.
      r[s.contact_id] = contactDay >= this.firstEmittedDay ? contactId : '';
      r[s.referral_date] = isoDate(referralDay);
      r[s.source] = source;
      r[s.priority] = cp ? 'cp' : 'cin';
      r[s.outcome] = outcome;
      r[s.decision_at] =
        decisionDay > this.lastDay ? '' : `${isoDate(decisionDay)}T${clock(minutes)}`;
      queue(this.pendingReferrals, referralMonth, referralDay, t.line());
    }

    const link = referralMonth >= this.firstEmitted ? referralId : '';
    if (outcome === 'assessment') this.assess(child, childId, link, decisionDay);
    if (cp && rng.next() < S47_RATE) this.enquire(child, childId, link, referralDay);
  }

  private assess(child: number, childId: string, referralId: string, decisionDay: number): void {
    const rng = this.rng;
    const start = addWorkingDays(decisionDay, rng.next() < 0.3 ? 1 : 0);
    const startMonth = monthIndexOfDay(start);
    const timely = rng.next() < this.timelyShare(startMonth);
    // Timely ones land at 10-44 working days, skewed late; late ones at 47-60. Neither sits on
    // the 45-day boundary, so inclusive and exclusive counting agree.
    const workingDays = timely ? 10 + floor(35 * max(rng.next(), rng.next())) : rng.between(47, 60);
    const authorised = addWorkingDays(start, workingDays);
    const support = rng.next() < ASSESSMENT_SUPPORT_SHARE;
    if (support) this.openChildren.add(startMonth, child);
    const id = this.nextId('AS', startMonth);
    if (authorised > this.lastDay) return;
    const authorisedMonth = monthIndexOfDay(authorised);
    if (authorisedMonth < this.firstEmitted) return;
    const t = this.assessmentTable;
    const r = t.row;
    const s = this.as;
    r[s.assessment_id] = id;
    r[s.child_id] = childId;
    r[s.referral_id] = referralId;
    r[s.start_date] = isoDate(start);
    r[s.authorised_date] = isoDate(authorised);
    r[s.outcome] = support ? 'support' : 'nfa';
    queue(this.pendingAssessments, authorisedMonth, authorised, t.line());
  }

  private enquire(child: number, childId: string, referralId: string, referralDay: number): void {
    const rng = this.rng;
    const strategyDay = rng.next() < 0.8 ? referralDay : addWorkingDays(referralDay, 1);
    if (strategyDay > this.lastDay) return;
    const strategyMonth = monthIndexOfDay(strategyDay);
    this.openChildren.add(strategyMonth, child);
    const id = this.nextId('SE', strategyMonth);
    let icpc = '';
    let notRequired = '';
    if (rng.next() < this.icpcShare(strategyMonth)) {
      // Working Together: ICPC within 15 working days of the strategy discussion; most are.
      const wd = rng.next() < 0.9 ? rng.between(4, 14) : rng.between(16, 22);
      const icpcDay = addWorkingDays(strategyDay, wd);
      if (icpcDay <= this.lastDay) {
        icpc = isoDate(icpcDay);
        notRequired = 'false';
      }
    } else {
      const concludedBy = addWorkingDays(strategyDay, 15);
      if (concludedBy <= this.lastDay && rng.next() < 0.8) notRequired = 'true';
    }
    if (strategyMonth < this.firstEmitted) return;
    const t = this.s47Table;
    const r = t.row;
    const s = this.ss;
    r[s.s47_id] = id;
    r[s.child_id] = childId;
    r[s.referral_id] = referralId;
    r[s.strategy_discussion_date] = isoDate(strategyDay);
    r[s.icpc_date] = icpc;
    r[s.icpc_not_required] = notRequired;
    queue(this.pendingS47, strategyMonth, strategyDay, t.line());
  }

  /**
   * Slow waves (periods of 29 and 41 months) plus a little monthly noise, hashed from the month
   * so that it does not depend on the order events are drawn in. Yearly figures then differ the
   * way seed 001's five-year table does: C&F timeliness 88-93%, S47 to ICPC 31-45%.
   */
  private timelyShare(monthIndex: number): number {
    const noise = unitFromHash(hashInts(this.waveSeed, monthIndex, 1)) - 0.5;
    return TIMELY_SHARE + 0.02 * sin((2 * PI * monthIndex) / 29) + 0.02 * noise;
  }

  private icpcShare(monthIndex: number): number {
    const noise = unitFromHash(hashInts(this.waveSeed, monthIndex, 2)) - 0.5;
    return ICPC_SHARE + 0.05 * sin((2 * PI * monthIndex) / 41) + 0.03 * noise;
  }

  private nextId(prefix: 'RF' | 'AS' | 'SE', monthIndex: number): string {
    const counters = this.idCounters[prefix];
    const n = (counters.get(monthIndex) ?? 0) + 1;
    counters.set(monthIndex, n);
    return `${prefix}${this.la}-${monthAt(monthIndex).compact}-${pad(n)}`;
  }

  private newChild(month: Month): number {
    const n = (this.newChildren.get(month.index) ?? 0) + 1;
    this.newChildren.set(month.index, n);
    return month.index * CHILD_KEY_MONTH + n;
  }

  private childId(child: number): string {
    const monthIndex = floor(child / CHILD_KEY_MONTH);
    return `CH${this.la}-${monthAt(monthIndex).compact}-${pad(child - monthIndex * CHILD_KEY_MONTH)}`;
  }

  private childHash(child: number): number {
    const monthIndex = floor(child / CHILD_KEY_MONTH);
    return hashInts(this.childSeed, monthIndex, child - monthIndex * CHILD_KEY_MONTH);
  }

  /**
   * A child's date of birth, from a hash of the child's key, so that it is the same at every
   * contact without being stored. Unborn children are due after the month they are first seen.
   */
  private childDob(child: number, h: number): number | undefined {
    if (unitFromHash(mix32(h ^ 0x1b873593)) < DOB_MISSING_SHARE) return undefined;
    const first = monthAt(floor(child / CHILD_KEY_MONTH));
    if (unitFromHash(h) < UNBORN_SHARE) return first.end + 1 + (mix32(h ^ 0xcc9e2d51) % 180);
    const age = this.ageTable.at(unitFromHash(mix32(h ^ 0x2545f491)));
    const fraction = unitFromHash(mix32(h ^ 0x68e31da4));
    // Never 18 by the end of the first month: at most 17 years 320 days at its start.
    const days = min(floor((age + fraction) * 365.25), 6529);
    return first.start - days;
  }

  /** False for a child who would be 18 or over on the day. */
  private isChildAt(child: number, day: number): boolean {
    const dob = this.childDob(child, this.childHash(child));
    return dob === undefined || day - dob < 6574;
  }

  private flush(table: CsvTable, pending: Map<number, PendingRow[]>, monthIndex: number): CsvText {
    const rows = pending.get(monthIndex) ?? [];
    pending.delete(monthIndex);
    rows.sort((a, b) => a.day - b.day);
    for (const row of rows) table.commitLine(row.line);
    return table.take();
  }

  private drain(monthIndex: number): void {
    this.pendingReferrals.delete(monthIndex);
    this.pendingAssessments.delete(monthIndex);
    this.pendingS47.delete(monthIndex);
  }
}

function pick(rng: Prng, pool: Float64Array): number | undefined {
  return pool.length === 0 ? undefined : pool[rng.int(pool.length)];
}

function queue(pending: Map<number, PendingRow[]>, monthIndex: number, day: number, line: string) {
  let rows = pending.get(monthIndex);
  if (!rows) {
    rows = [];
    pending.set(monthIndex, rows);
  }
  rows.push({ day, line });
}

function pad(n: number): string {
  return n < 100000 ? `00000${n}`.slice(-6) : `${n}`;
}

function clock(minutes: number): string {
  const h = floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:00`;
}

/** Gender from the child's hash; unborn children are mostly not yet known. */
function childGender(h: number, unborn: boolean): string {
  const u = unitFromHash(mix32(h ^ 0x27d4eb2f));
  if (unborn) return u < 0.85 ? 'unknown' : u < 0.93 ? 'male' : 'female';
  return u < 0.49 ? 'male' : u < 0.975 ? 'female' : u < 0.98 ? 'other' : 'unknown';
}
