import { careLeavers } from '../extracts/index.js';
import {
  ageInYears,
  birthday,
  dayFromYmd,
  isoDate,
  type Month,
  monthAt,
  monthIndexOfDay,
  parseMonth,
  ymdFromDay,
} from './calendar.js';
import { CsvTable, type CsvText } from './csv-table.js';
import { deriveSeed } from './hash.js';
import type { LaProfile } from './la-profile.js';
import { floor, max, min } from './math.js';
import { Prng } from './prng.js';
import { Weighted } from './weighted.js';

// Calibration. Figures in comments are from seed 003 (Hampshire care leavers, December 2022)
// unless said otherwise; the constants are generator settings.

/**
 * Young people entering the service a month, for Hampshire at scale 1. With the entry ages and
 * exits below a young person stays about 4.6 years, which holds the caseload near the 780-786
 * care leavers of seed 003.
 */
const ENTRIES_PER_MONTH = 13.8;
/** Most join at 17y9m-18 (a PA is allocated at 15y9m); some are relevant or eligible at 16-17. */
const EARLY_ENTRY_SHARE = 0.12;
/** Of early entrants, those who have already left care (relevant rather than eligible). */
const RELEVANT_SHARE = 0.3;
/** Qualifying care leavers: 28 of 786. */
const QUALIFYING_SHARE = 0.035;
/** Leaving: at 21, before 21 (moved away, no longer wants support), or on towards 25. */
const EXIT = { died: 0.004, early: 0.1, at21: 0.35 } as const;

/** 484 male, 299 female, 3 other; UASC are mostly boys (seed 001). */
const GENDER = {
  uasc: { male: 95, female: 5 },
  other: { male: 47, female: 52.5, other: 0.5 },
};

/**
 * White 538, Mixed 19, Asian 34, Black 115, Other 80 of 786. Split by UASC status (Albanian
 * young people are recorded White Other; Eritrean and Sudanese Black African or Other; Afghan,
 * Iranian and Kurdish mostly Any Other) so the totals come out near that profile.
 */
const ETHNICITY = {
  uasc: { WOTH: 20, AOTH: 10, BAFR: 25, BOTH: 15, OOTH: 28, REFU: 1, NOBT: 1 },
  other: {
    WBRI: 84,
    WIRI: 0.5,
    WOTH: 4.5,
    WIRT: 0.5,
    WROM: 0.5,
    MWBC: 1.5,
    MWBA: 0.6,
    MWAS: 0.5,
    MOTH: 0.9,
    AIND: 0.5,
    APKN: 0.4,
    ABAN: 0.3,
    AOTH: 0.8,
    BCRB: 0.8,
    BAFR: 1.4,
    BOTH: 0.8,
    CHNE: 0.1,
    OOTH: 0.6,
    REFU: 0.2,
    NOBT: 0.1,
  },
};

/** The four area teams (para 12): NW, NE, SE, SW. */
const TEAMS = new Weighted([
  ['NW', 24],
  ['NE', 22],
  ['SE', 27],
  ['SW', 27],
] as const);

/**
 * Age bands for rates: 16-17, 18, 19, 20, 21, 22-25. Rates use the age three months ahead, so
 * a birthday window (3 months before to 1 month after) sees the new age's rates.
 */
const BANDS = 6;

/**
 * IN_TOUCH by band. 19-21 in touch: Hampshire 84-85%, South East 90-92% (2021-23); aiming
 * near 90% of the cohort (DIED and RHOM excluded).
 */
const IN_TOUCH: readonly Readonly<Record<string, number>>[] = [
  { YES: 97, NO: 2, REFU: 1 },
  { YES: 95, NO: 3.5, REFU: 1, RHOM: 0.5 },
  { YES: 89, NO: 7.5, REFU: 2, NREQ: 0.5, RHOM: 1 },
  { YES: 89, NO: 7.5, REFU: 2, NREQ: 0.5, RHOM: 1 },
  { YES: 89, NO: 7.5, REFU: 2, NREQ: 0.5, RHOM: 1 },
  { YES: 86, NO: 8, REFU: 2, NREQ: 4 },
];

/**
 * NEET among those in touch. Birthday-window NEET 2018-22: age 18 11-19%, 19 17-29%, 20
 * 27-31%, 21 21-37% of the cohort (which includes those not in touch).
 */
const NEET = [0.12, 0.18, 0.27, 0.32, 0.33, 0.3];
/** Suitable accommodation among those in touch: 18 50-73%, 19 72-79%, 20 66-88%, 21 57-75%. */
const SUITABLE = [0.92, 0.75, 0.87, 0.86, 0.84, 0.86];

/** SSDA903 ACTIV: F/P2 education, F/P4 apprenticeship, F/P5 training or employment. */
const EET_YOUNG = { F2: 40, P2: 10, F4: 12, P4: 3, F5: 25, P5: 10 };
const EET_OLDER = { F2: 12, P2: 6, F4: 12, P4: 4, F5: 45, P5: 21 };
/** G4 illness or disability, G5 other, G6 pregnancy or parenting. */
const NEET_CODES = { G4: 25, G5: 60, G6: 15 };

/** SSDA903 ACCOM letters by age (C residential, D semi-independent, E supported lodgings, U independent ...). */
const SUITABLE_YOUNG = { C: 30, D: 20, E: 15, T: 5, B: 10, U: 5, K: 5, Y: 10 };
const SUITABLE_18_20 = { U: 35, D: 18, E: 12, B: 12, T: 6, K: 7, C: 3, Y: 5, G: 2 };
const SUITABLE_OLDER = { U: 55, B: 15, K: 10, D: 5, E: 3, Y: 8, G: 4 };
/** Unsuitable: homeless (S) and custody (X) only ever with 2. */
const UNSUITABLE = { S: 15, X: 12, W: 6, V: 10, R: 8, U: 25, B: 10, K: 6, H: 1, Y: 7 };

/** University: 79 of 780 in October 2022 (para 32). */
const HIGHER_EDUCATION = { uasc: 0.14, other: 0.21 };
/**
 * Staying Put (living on with former foster carers from 18): 62-91 young people each December
 * 2017-22.
 */
const STAYING_PUT = { uasc: 0.14, other: 0.33 };
/**
 * Health passport (para 41): received 155, declined 387, accepted 73, not recorded 137, no
 * offer recorded 26 of 780.
 */
const HEALTH_PASSPORT = {
  received: 155,
  declined: 387,
  accepted: 73,
  '': 137,
  not_offered: 26,
};

/** Monthly chance that a young person's in-touch status, activity or accommodation is re-assessed. */
const CHANGE = { inTouch: 0.12, activity: 0.1, accommodation: 0.08 };
/** Monthly chance of a recorded Personal Adviser contact: in touch, and not. */
const PA_CONTACT = { inTouch: 0.88, notInTouch: 0.1 };

/** Young people are simulated from here so that any month from 2000 on is at steady state. */
const EPOCH = parseMonth('1985-01') as Month;

interface Person {
  readonly seq: number;
  readonly dob: number;
  readonly entry: number;
  readonly exit: number;
  readonly died: number;
  readonly gender: string;
  readonly ethnicity: string;
  readonly team: string;
  readonly uasc: boolean;
  /** Eligibility before 18: eligible, relevant or qualifying (qualifying stays qualifying). */
  readonly youngEligibility: string;
  readonly qualifying: boolean;
  readonly heStart: number;
  readonly heEnd: number;
  readonly stayingPutStart: number;
  readonly stayingPutEnd: number;
  readonly passport: string;
  state?: PersonState;
}

interface PersonState {
  readonly rng: Prng;
  /** Last month stepped. */
  month: number;
  inTouch: string;
  activity: string;
  accommodation: string;
  inHigherEducation: boolean;
  stayingPut: boolean;
  lastContact: number;
}

/**
 * Simulates an LA's care leaver caseload from a fixed epoch and writes month-end snapshots.
 * Entries come from one LA stream; each young person's month-to-month story (in touch,
 * activity, accommodation, PA contacts) comes from their own stream and changes a little each
 * month, so snapshots are consistent over time and the same whatever range is generated.
 */
export class CareLeaverSimulator {
  private readonly rng: Prng;
  private readonly personSeed: number;
  private readonly la: string;
  private readonly entriesPerMonth: number;
  private readonly uascShare: number;
  private readonly active: Person[] = [];
  private simulatedTo = EPOCH.index - 1;
  private seq = 0;

  private readonly gender = {
    uasc: Weighted.codes(careLeavers, 'gender', GENDER.uasc),
    other: Weighted.codes(careLeavers, 'gender', GENDER.other),
  };
  private readonly ethnicity = {
    uasc: Weighted.codes(careLeavers, 'ethnicity', ETHNICITY.uasc),
    other: Weighted.codes(careLeavers, 'ethnicity', ETHNICITY.other),
  };
  private readonly passport = Weighted.codes(careLeavers, 'health_passport', HEALTH_PASSPORT);
  private readonly inTouch = IN_TOUCH.map((w) => Weighted.codes(careLeavers, 'in_touch', w));
  private readonly eetYoung = Weighted.codes(careLeavers, 'activity', EET_YOUNG);
  private readonly eetOlder = Weighted.codes(careLeavers, 'activity', EET_OLDER);
  private readonly neet = Weighted.codes(careLeavers, 'activity', NEET_CODES);
  private readonly suitable = [SUITABLE_YOUNG, SUITABLE_18_20, SUITABLE_OLDER].map((w) =>
    Weighted.codes(careLeavers, 'accommodation', withSuffix(w, '1')),
  );
  private readonly unsuitable = Weighted.codes(
    careLeavers,
    'accommodation',
    withSuffix(UNSUITABLE, '2'),
  );
  private readonly table = new CsvTable(careLeavers, [
    'person_id',
    'date_of_birth',
    'gender',
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
  ]);

  constructor(profile: LaProfile, seed: number, scale: number) {
    this.la = profile.code;
    this.rng = new Prng(deriveSeed(seed, 'la', profile.code, 'care-leavers'));
    this.personSeed = deriveSeed(seed, 'la', profile.code, 'young-people');
    this.entriesPerMonth = ENTRIES_PER_MONTH * profile.size * scale;
    this.uascShare = profile.uascShare;
  }

  /** The snapshot at a month's end: everyone open to the service that day. */
  snapshot(month: Month): CsvText {
    while (this.simulatedTo < month.index) this.enter(monthAt(++this.simulatedTo));
    const t = this.table;
    const r = t.row;
    const s = {
      id: t.slot('person_id'),
      dob: t.slot('date_of_birth'),
      gender: t.slot('gender'),
      ethnicity: t.slot('ethnicity'),
      eligibility: t.slot('eligibility'),
      team: t.slot('team'),
      uasc: t.slot('uasc'),
      inTouch: t.slot('in_touch'),
      activity: t.slot('activity'),
      accommodation: t.slot('accommodation'),
      stayingPut: t.slot('staying_put'),
      passport: t.slot('health_passport'),
      he: t.slot('higher_education'),
      lastContact: t.slot('last_contact_date'),
    };
    let kept = 0;
    for (const p of this.active) {
      if (p.exit <= month.end) continue;
      this.active[kept++] = p;
      if (p.entry > month.end) continue;
      const st = this.step(p, month);
      const yes = st.inTouch === 'YES';
      const age = ageInYears(p.dob, month.end);
      r[s.id] = `CL${this.la}-${`0000${p.seq}`.slice(-5)}`;
      r[s.dob] = isoDate(p.dob);
      r[s.gender] = p.gender;
      r[s.ethnicity] = p.ethnicity;
      r[s.eligibility] = p.qualifying
        ? 'qualifying'
        : age < 18
          ? p.youngEligibility
          : 'former_relevant';
      r[s.team] = p.team;
      r[s.uasc] = p.uasc ? 'true' : 'false';
      r[s.inTouch] = st.inTouch;
      r[s.activity] = yes ? st.activity : '';
      r[s.accommodation] = yes ? st.accommodation : '';
      r[s.stayingPut] = st.stayingPut ? 'true' : 'false';
      r[s.passport] = passportAt(p, month.end);
      r[s.he] = st.inHigherEducation ? 'true' : 'false';
      r[s.lastContact] = isoDate(st.lastContact);
      t.commit();
    }
    this.active.length = kept;
    return t.take();
  }

  /** Young people joining in a month, with their whole path through the service decided. */
  private enter(month: Month): void {
    const rng = this.rng;
    const n = rng.poisson(this.entriesPerMonth);
    for (let i = 0; i < n; i++) {
      const entry = month.start + rng.int(month.end - month.start + 1);
      const early = rng.next() < EARLY_ENTRY_SHARE;
      const entryAge = early ? rng.uniform(16, 17.7) : rng.uniform(17.75, 18.05);
      let dob = entry - floor(entryAge * 365.25);
      while (birthday(dob, 16) > entry) dob--;
      const uasc = rng.next() < this.uascShare;
      const qualifying = rng.next() < QUALIFYING_SHARE;
      const youngEligibility = qualifying
        ? 'qualifying'
        : early && rng.next() < RELEVANT_SHARE
          ? 'relevant'
          : 'eligible';
      const lastDay = birthday(dob, 26) - 1;
      const u = rng.next();
      let exit: number;
      let died = Number.POSITIVE_INFINITY;
      if (u < EXIT.died) {
        died = entry + rng.int(max(1, lastDay - entry));
        exit = died + rng.between(30, 75);
      } else if (u < EXIT.died + EXIT.early) {
        exit = entry + floor(rng.uniform(0.5 * 365.25, max(200, birthday(dob, 21) - entry)));
      } else if (u < EXIT.died + EXIT.early + EXIT.at21) {
        exit = birthday(dob, 21) + rng.int(150);
      } else {
        exit = birthday(dob, 21) + 150 + rng.int(max(1, lastDay - birthday(dob, 21) - 150));
      }
      exit = min(max(exit, entry + 1), lastDay + 1);
      const group = uasc ? 'uasc' : 'other';
      const he = rng.next() < HIGHER_EDUCATION[group];
      const heStart = he ? nextAutumn(birthday(dob, 18) + rng.int(400)) : Number.POSITIVE_INFINITY;
      const heEnd = he ? endOfSummer(heStart, rng.next() < 0.7 ? 3 : 4) : Number.POSITIVE_INFINITY;
      const sp = !qualifying && rng.next() < STAYING_PUT[group];
      const spStart = sp ? birthday(dob, 18) : Number.POSITIVE_INFINITY;
      const spEnd = sp
        ? min(spStart + floor(rng.uniform(3, 36) * 30.44), birthday(dob, 21))
        : Number.POSITIVE_INFINITY;
      this.active.push({
        seq: ++this.seq,
        dob,
        entry,
        exit,
        died,
        gender: this.gender[group].draw(rng),
        ethnicity: this.ethnicity[group].draw(rng),
        team: TEAMS.draw(rng),
        uasc,
        youngEligibility,
        qualifying,
        heStart,
        heEnd,
        stayingPutStart: spStart,
        stayingPutEnd: spEnd,
        passport: this.passport.draw(rng),
      });
    }
  }

  /** Brings a young person's state up to a month end, one month at a time from entry. */
  private step(p: Person, month: Month): PersonState {
    let st = p.state;
    if (!st) {
      const rng = new Prng(deriveSeed(this.personSeed, p.seq));
      st = {
        rng,
        month: monthIndexOfDay(p.entry) - 1,
        inTouch: '',
        activity: '',
        accommodation: '',
        inHigherEducation: false,
        stayingPut: false,
        lastContact: p.entry - rng.int(60),
      };
      p.state = st;
    }
    while (st.month < month.index) {
      st.month++;
      this.advance(p, st, monthAt(st.month));
    }
    return st;
  }

  private advance(p: Person, st: PersonState, month: Month): void {
    const rng = st.rng;
    const end = month.end;
    const band = bandOf(p.dob, end);
    const he = p.heStart <= end && end < p.heEnd;
    const sp = p.stayingPutStart <= end && end < p.stayingPutEnd;
    if (p.died <= end) {
      st.inTouch = 'DIED';
    } else if (st.inTouch === '' || rng.next() < CHANGE.inTouch) {
      st.inTouch = (this.inTouch[band] as Weighted<string>).draw(rng);
    }
    if (st.activity === '' || he !== st.inHigherEducation || rng.next() < CHANGE.activity) {
      if (he) st.activity = rng.next() < 0.9 ? 'F1' : 'P1';
      else if (rng.next() < (NEET[band] as number)) st.activity = this.neet.draw(rng);
      else st.activity = (band <= 1 ? this.eetYoung : this.eetOlder).draw(rng);
    }
    if (st.accommodation === '' || sp !== st.stayingPut || rng.next() < CHANGE.accommodation) {
      if (sp) st.accommodation = 'Z1';
      else if (rng.next() < (SUITABLE[band] as number)) {
        const group = band === 0 ? 0 : band <= 3 ? 1 : 2;
        st.accommodation = (this.suitable[group] as Weighted<string>).draw(rng);
      } else st.accommodation = this.unsuitable.draw(rng);
    }
    st.inHigherEducation = he;
    st.stayingPut = sp;
    const contactChance = st.inTouch === 'YES' ? PA_CONTACT.inTouch : PA_CONTACT.notInTouch;
    if (st.inTouch !== 'DIED' && rng.next() < contactChance) {
      const day = month.start + rng.int(end - month.start + 1);
      if (day > st.lastContact) st.lastContact = day;
    }
  }
}

function withSuffix(weights: Readonly<Record<string, number>>, suffix: string) {
  return Object.fromEntries(Object.entries(weights).map(([k, w]) => [`${k}${suffix}`, w]));
}

/** Rate band 0-5 (16-17, 18, 19, 20, 21, 22-25) from the age three months after `day`. */
function bandOf(dob: number, day: number): number {
  const age = ageInYears(dob, day + 91);
  return age <= 17 ? 0 : min(BANDS - 1, age - 17);
}

/** Health passports are offered before 18; those who get one have first accepted it. */
function passportAt(p: Person, day: number): string {
  if (day < birthday(p.dob, 18) - 91) return '';
  if (p.passport === 'received' && day < birthday(p.dob, 18) + 91) return 'accepted';
  return p.passport;
}

/** The next 20 September on or after a day (university terms start then). */
function nextAutumn(day: number): number {
  const [y] = ymdFromDay(day);
  const thisYear = dayFromYmd(y, 9, 20);
  return thisYear >= day ? thisYear : dayFromYmd(y + 1, 9, 20);
}

/** 30 June `years` academic years after an autumn start. */
function endOfSummer(start: number, years: number): number {
  const [y] = ymdFromDay(start);
  return dayFromYmd(y + years, 6, 30);
}
