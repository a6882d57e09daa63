import { fosterHouseholds } from '../extracts/index.js';
import { isoDate, type Month, monthAt, monthIndexOfDay, parseMonth } from './calendar.js';
import { CsvTable, type CsvText, csvField } from './csv-table.js';
import { deriveSeed } from './hash.js';
import type { LaProfile } from './la-profile.js';
import { floor, max, min } from './math.js';
import { Prng } from './prng.js';
import { Weighted } from './weighted.js';
import { addWorkingDays } from './working-days.js';

// Calibration. Figures in comments are from the seeds; the constants are generator settings.

type CarerType = 'mainstream' | 'connected' | 'short_breaks';

interface TypeSettings {
  /** Approvals a month for Hampshire at scale 1. */
  readonly approvalsPerMonth: number;
  /** Mean years from approval to de-registration, as [share, mean] components. */
  readonly tenure: readonly (readonly [number, number])[];
  readonly places: Readonly<Record<number, number>>;
  readonly reasons: Readonly<Record<string, number>>;
}

/**
 * About 480 Hampshire households (seed 003: Hives capacity of 482 would be "the majority of our
 * fostering community"; 234 families are "nearly half"), mostly "County" (mainstream) carers.
 * About 110 de-registrations a year (seed 000, 2020-21) balanced by approvals: 35 new mainstream
 * households in 2018-19 (seed 004) is the low point; connected carers turn over fastest because
 * most leave when a Special Guardianship or other permanence order is made for the child.
 * Reasons: "mainly due to personal circumstances such as moving out of area, family commitments
 * and retirement", not dissatisfaction (seed 004).
 */
const TYPES: Readonly<Record<CarerType, TypeSettings>> = {
  mainstream: {
    approvalsPerMonth: 4.3,
    tenure: [
      [0.2, 1.5],
      [0.8, 7.75],
    ],
    places: { 1: 25, 2: 45, 3: 25, 4: 5 },
    reasons: {
      personal_circumstances: 35,
      retirement: 22,
      moved_area: 12,
      dissatisfaction: 8,
      permanence_order: 8,
      standards_of_care: 5,
      other: 10,
    },
  },
  connected: {
    approvalsPerMonth: 4.4,
    tenure: [[1, 2]],
    places: { 1: 65, 2: 25, 3: 10 },
    reasons: {
      permanence_order: 55,
      personal_circumstances: 20,
      other: 12,
      moved_area: 5,
      standards_of_care: 5,
      dissatisfaction: 3,
    },
  },
  short_breaks: {
    approvalsPerMonth: 0.5,
    tenure: [[1, 6]],
    places: { 1: 40, 2: 45, 3: 15 },
    reasons: {
      personal_circumstances: 40,
      retirement: 30,
      moved_area: 10,
      dissatisfaction: 8,
      other: 12,
    },
  },
};

/**
 * Gaps between visits, as [share, shortest, longest] days. Seed 004: household reviews in
 * timescale 82.5% (Sept 2019, from 57%), supervision every six weeks timely for 83% (Dec 2019,
 * from 74%), 24 households overdue an unannounced visit (from 111). With these gaps about 84%
 * of reviews and 80% of supervisions are in time at a month end, and 4-6% of households are
 * overdue an unannounced visit.
 */
const REVIEW_GAPS: readonly (readonly [number, number, number])[] = [
  [0.5, 330, 365],
  [0.5, 366, 640],
];
const SUPERVISION_GAPS: readonly (readonly [number, number, number])[] = [
  [0.7, 20, 42],
  [0.3, 43, 100],
];
const UNANNOUNCED_GAPS: readonly (readonly [number, number, number])[] = [
  [0.8, 200, 365],
  [0.2, 366, 480],
];

/** Share of households in an area with a Hive that join it (seed 003: 234 of the families). */
const HIVE_JOIN_SHARE = 0.7;

/** Households are simulated from here so that any month from 2000 on is at steady state. */
const EPOCH = parseMonth('1980-01') as Month;

interface Household {
  readonly seq: number;
  readonly type: CarerType;
  readonly approval: number;
  readonly deregistration: number;
  readonly reason: string;
  readonly places: number;
  /** Index into the LA's Hives; the household joins when its area's Hive runs. */
  readonly hiveSlot: number;
  readonly joinsHive: boolean;
  readonly hiveDelayMonths: number;
  timeline?: Timeline;
}

/** A household's visits and placements, sorted by day, generated once when first needed. */
interface Timeline {
  readonly reviews: number[];
  readonly supervisions: number[];
  readonly unannounced: number[];
  /** Days the number of children placed changed, and the number from then on. */
  readonly placementDays: number[];
  readonly placementCounts: number[];
}

/**
 * Simulates an LA's fostering households from a fixed epoch and writes month-end snapshots.
 * Approvals come from one LA stream month by month; each household's visits and placements come
 * from its own stream, so a snapshot is the same whatever range is generated.
 */
export class FosteringSimulator {
  private readonly rng: Prng;
  private readonly householdSeed: number;
  private readonly la: string;
  private readonly size: number;
  private readonly hives: readonly { readonly name: string; readonly launch: number }[];
  private readonly active: Household[] = [];
  private simulatedTo = EPOCH.index - 1;
  private seq = 0;
  private readonly reasonTables: Readonly<Record<CarerType, Weighted<string>>>;
  private readonly placeTables: Readonly<Record<CarerType, Weighted<number>>>;
  private readonly table = new CsvTable(fosterHouseholds, [
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
  ]);

  constructor(profile: LaProfile, seed: number, scale: number) {
    this.la = profile.code;
    this.rng = new Prng(deriveSeed(seed, 'la', profile.code, 'fostering'));
    this.householdSeed = deriveSeed(seed, 'la', profile.code, 'households');
    this.size = profile.size * scale;
    this.hives = profile.hives.map((h) => ({
      name: csvField(h.name),
      launch: (parseMonth(h.launch) as Month).index,
    }));
    const reasons = (t: CarerType) =>
      Weighted.codes(fosterHouseholds, 'deregistration_reason', TYPES[t].reasons);
    const places = (t: CarerType) =>
      new Weighted(Object.entries(TYPES[t].places).map(([n, w]) => [Number(n), w] as const));
    this.reasonTables = {
      mainstream: reasons('mainstream'),
      connected: reasons('connected'),
      short_breaks: reasons('short_breaks'),
    };
    this.placeTables = {
      mainstream: places('mainstream'),
      connected: places('connected'),
      short_breaks: places('short_breaks'),
    };
  }

  /** The snapshot for a month: every household registered at any time in it. */
  snapshot(month: Month): CsvText {
    while (this.simulatedTo < month.index) this.approve(monthAt(++this.simulatedTo));
    const t = this.table;
    const r = t.row;
    const s = {
      id: t.slot('household_id'),
      type: t.slot('carer_type'),
      approval: t.slot('approval_date'),
      dereg: t.slot('deregistration_date'),
      reason: t.slot('deregistration_reason'),
      review: t.slot('last_review_date'),
      supervision: t.slot('last_supervision_date'),
      unannounced: t.slot('last_unannounced_visit_date'),
      places: t.slot('approved_places'),
      placed: t.slot('children_placed'),
      hive: t.slot('hive'),
    };
    // Households leave the list once their de-registration month has been written.
    let kept = 0;
    for (const h of this.active) {
      if (h.deregistration < month.start) continue;
      this.active[kept++] = h;
      if (h.approval > month.end) continue;
      const tl = this.timeline(h);
      const asOf = min(month.end, h.deregistration);
      const leaving = h.deregistration <= month.end;
      r[s.id] = `FH${this.la}-${`0000${h.seq}`.slice(-5)}`;
      r[s.type] = h.type;
      r[s.approval] = isoDate(h.approval);
      r[s.dereg] = leaving ? isoDate(h.deregistration) : '';
      r[s.reason] = leaving ? h.reason : '';
      r[s.review] = latest(tl.reviews, asOf);
      r[s.supervision] = latest(tl.supervisions, asOf);
      r[s.unannounced] = latest(tl.unannounced, asOf);
      r[s.places] = String(h.places);
      r[s.placed] = String(placedOn(tl, asOf));
      r[s.hive] = this.hiveOf(h, month);
      t.commit();
    }
    this.active.length = kept;
    return t.take();
  }

  /** Approvals in a month, with the household's whole future decided up front. */
  private approve(month: Month): void {
    const rng = this.rng;
    for (const type of ['mainstream', 'connected', 'short_breaks'] as const) {
      const settings = TYPES[type];
      const n = rng.poisson(settings.approvalsPerMonth * this.size);
      for (let i = 0; i < n; i++) {
        // Fostering panels sit on working days.
        const approval = addWorkingDays(month.start + rng.int(month.end - month.start + 1), 0);
        let meanYears = 0;
        let u = rng.next();
        for (const [share, mean] of settings.tenure) {
          meanYears = mean;
          if (u < share) break;
          u -= share;
        }
        const tenureDays = 60 + floor(rng.exponential(meanYears * 365.25));
        this.active.push({
          seq: ++this.seq,
          type,
          approval,
          deregistration: addWorkingDays(approval + tenureDays, 0),
          reason: this.reasonTables[type].draw(rng),
          places: this.placeTables[type].draw(rng),
          hiveSlot: rng.int(max(1, this.hives.length)),
          joinsHive: rng.next() < HIVE_JOIN_SHARE,
          hiveDelayMonths: rng.between(1, 6),
        });
      }
    }
  }

  private hiveOf(h: Household, month: Month): string {
    const hive = this.hives[h.hiveSlot];
    if (!hive || !h.joinsHive || hive.launch > month.index) return '';
    return monthIndexOfDay(h.approval) + h.hiveDelayMonths <= month.index ? hive.name : '';
  }

  private timeline(h: Household): Timeline {
    if (h.timeline) return h.timeline;
    const seed = deriveSeed(this.householdSeed, h.seq);
    const end = h.deregistration;
    const visits = (
      stream: string,
      firstGap: readonly [number, number],
      gaps: typeof REVIEW_GAPS,
    ) => {
      const rng = new Prng(deriveSeed(seed, stream));
      const days: number[] = [];
      let day = h.approval + rng.between(firstGap[0], firstGap[1]);
      while (day <= end) {
        days.push(addWorkingDays(day, 0));
        day += gap(rng, gaps);
      }
      return days.filter((d) => d <= end);
    };
    const placementDays: number[] = [];
    const placementCounts: number[] = [];
    const rng = new Prng(deriveSeed(seed, 'placements'));
    // Connected carers are approved for a child usually already living with them; mainstream
    // carers wait for a first match; short-break carers look after children a few nights at a time.
    const meanSpell = h.type === 'short_breaks' ? 20 : h.type === 'connected' ? 500 : 240;
    let day = h.type === 'connected' ? h.approval : h.approval + rng.between(7, 90);
    while (day <= end) {
      placementDays.push(day);
      placementCounts.push(this.placedCount(h, rng));
      day += 1 + floor(rng.exponential(meanSpell));
    }
    h.timeline = {
      reviews: visits('reviews', [330, 420], REVIEW_GAPS),
      supervisions: visits('supervisions', [7, 42], SUPERVISION_GAPS),
      unannounced: visits('unannounced', [120, 365], UNANNOUNCED_GAPS),
      placementDays,
      placementCounts,
    };
    return h.timeline;
  }

  private placedCount(h: Household, rng: Prng): number {
    if (h.type === 'connected') return rng.next() < 0.9 ? h.places : rng.int(h.places + 1);
    if (h.type === 'short_breaks') return rng.next() < 0.5 ? 0 : rng.between(1, h.places);
    if (rng.next() < 0.15) return 0;
    return rng.next() < 0.6 ? h.places : rng.between(1, h.places);
  }
}

function gap(rng: Prng, gaps: readonly (readonly [number, number, number])[]): number {
  let u = rng.next();
  for (const [share, lo, hi] of gaps) {
    if (u < share) return rng.between(lo, hi);
    u -= share;
  }
  const last = gaps[gaps.length - 1] as readonly [number, number, number];
  return rng.between(last[1], last[2]);
}

/** ISO date of the latest day in a sorted list on or before `asOf`; blank when none. */
function latest(days: readonly number[], asOf: number): string {
  const i = lastIndexAtOrBefore(days, asOf);
  return i < 0 ? '' : isoDate(days[i] as number);
}

function placedOn(tl: Timeline, asOf: number): number {
  const i = lastIndexAtOrBefore(tl.placementDays, asOf);
  return i < 0 ? 0 : (tl.placementCounts[i] as number);
}

function lastIndexAtOrBefore(days: readonly number[], asOf: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] as number) <= asOf) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
