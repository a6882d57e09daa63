/**
 * Cell suppression for tables of counts, as the GSS guidance for tables from administrative
 * sources describes it: counts below a threshold are suppressed (primary suppression), then
 * further cells are suppressed until no suppressed count can be worked out exactly from the
 * figures still shown and the totals they add up to (secondary suppression).
 *
 * The figures are cells; every published identity among them (a row or column adding up to
 * its total, a year adding up its months, a rate's numerator and its complement adding up to
 * its denominator) is a relation. What a reader can work out is found by interval
 * propagation over all relations at once: a shown cell is known exactly, a cell printed "<T"
 * lies in [1, T-1], a cell printed "[c]" in [T, infinity) (secondary cells are chosen only
 * among counts of at least T, and zeros are shown, so a reader knows that much), and a cell
 * that is never printed (a complement) in [0, infinity). Each relation narrows the bounds of
 * its cells from the bounds of the others, repeatedly, until nothing changes. A sensitive
 * cell (printed "<T", or never printed but below T and not zero) is disclosed when its bounds
 * meet in one value; then the smallest shown count of at least T in one of its relations that
 * prevents it is suppressed too, and the search repeats.
 */

/** One identity: the members add up to the total (indexes into the cells). */
export interface Relation {
  readonly total: number;
  readonly members: readonly number[];
}

export interface SuppressionProblem {
  /** Each cell's true value: a count, a non-negative integer. */
  readonly values: readonly number[];
  /** False for a cell no paper prints (a complement, a remainder); default all printed. */
  readonly printed?: readonly boolean[];
  readonly relations: readonly Relation[];
  /** Counts from 1 to threshold - 1 are suppressed; zeros are shown. */
  readonly threshold: number;
}

/** What happens to each cell. */
export type CellStatus = 'shown' | 'primary' | 'secondary' | 'hidden';

export interface Suppression {
  readonly status: readonly CellStatus[];
  /**
   * Sensitive cells no shown count of at least the threshold could protect (no candidate in
   * their relations). The caller withholds every printed cell of their relations.
   */
  readonly unresolved: readonly number[];
}

interface Bounds {
  lo: number[];
  hi: number[];
}

/** Passes of propagation at most; each pass visits every relation once. */
const MAX_PASSES = 200;
/** Candidates tried one by one for each disclosed cell before the widest is taken. */
const MAX_TRIALS = 8;

/**
 * Primary and secondary suppression of `problem`'s cells. Deterministic: the same cells and
 * relations always give the same result.
 */
export function suppressCells(problem: SuppressionProblem): Suppression {
  const { values, relations, threshold } = problem;
  if (!(Number.isInteger(threshold) && threshold >= 2)) {
    throw new Error(`disclosure threshold ${threshold}: expected a whole number of at least 2`);
  }
  for (const value of values) {
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new Error(`disclosure control works on counts; got ${value}`);
    }
  }
  const printed = problem.printed ?? values.map(() => true);
  const status: CellStatus[] = values.map((v, i) =>
    !printed[i] ? 'hidden' : v > 0 && v < threshold ? 'primary' : 'shown',
  );
  const sensitive = values.map(
    (v, i) => status[i] === 'primary' || (status[i] === 'hidden' && v > 0 && v < threshold),
  );
  const relationsOf: number[][] = values.map(() => []);
  relations.forEach((r, k) => {
    for (const cell of new Set([r.total, ...r.members])) relationsOf[cell]!.push(k);
  });
  const unresolved: number[] = [];
  const given = new Set<number>();

  for (;;) {
    const bounds = propagate(values, status, relations, threshold);
    const disclosed = values.findIndex(
      (_, i) => sensitive[i] && !given.has(i) && bounds.lo[i] === bounds.hi[i],
    );
    if (disclosed === -1) break;
    const candidates = candidatesFor(disclosed, values, status, relations, relationsOf, threshold);
    if (candidates.length === 0) {
      given.add(disclosed);
      unresolved.push(disclosed);
      continue;
    }
    let chosen: number | undefined;
    let widest = { cell: candidates[0]!, width: -1 };
    for (const candidate of candidates.slice(0, MAX_TRIALS)) {
      status[candidate] = 'secondary';
      const trial = propagate(values, status, relations, threshold);
      status[candidate] = 'shown';
      const width = trial.hi[disclosed]! - trial.lo[disclosed]!;
      if (width > 0) {
        chosen = candidate;
        break;
      }
      if (width > widest.width) widest = { cell: candidate, width };
    }
    // No single cell protects it: take the one that helps most and look again.
    status[chosen ?? widest.cell] = 'secondary';
  }
  return { status, unresolved };
}

/**
 * Shown counts of at least the threshold whose suppression could protect `cell`: first those
 * in its own relations, then those in the relations of the withheld cells next to it, and so
 * on outwards (a reader can reach a count through a chain of relations), nearest and smallest
 * first. Zeros are never candidates: a zero printed "[c]" would tell a reader it is zero.
 */
function candidatesFor(
  cell: number,
  values: readonly number[],
  status: readonly CellStatus[],
  relations: readonly Relation[],
  relationsOf: readonly (readonly number[])[],
  threshold: number,
): number[] {
  const distance = new Map<number, number>([[cell, 0]]);
  const found = new Map<number, number>();
  const queue = [cell];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const d = distance.get(current)!;
    for (const k of relationsOf[current]!) {
      for (const other of [relations[k]!.total, ...relations[k]!.members]) {
        if (status[other] === 'shown') {
          if (values[other]! >= threshold && !found.has(other)) found.set(other, d);
        } else if (!distance.has(other)) {
          distance.set(other, d + 1);
          queue.push(other);
        }
      }
    }
  }
  return [...found.keys()].sort(
    (a, b) => found.get(a)! - found.get(b)! || values[a]! - values[b]! || a - b,
  );
}

/** What a reader can work out about each cell from what is printed and the relations. */
function propagate(
  values: readonly number[],
  status: readonly CellStatus[],
  relations: readonly Relation[],
  threshold: number,
): Bounds {
  const lo: number[] = [];
  const hi: number[] = [];
  values.forEach((v, i) => {
    switch (status[i]) {
      case 'shown':
        lo.push(v);
        hi.push(v);
        break;
      case 'primary':
        lo.push(1);
        hi.push(threshold - 1);
        break;
      case 'secondary':
        lo.push(threshold);
        hi.push(Number.POSITIVE_INFINITY);
        break;
      default:
        lo.push(0);
        hi.push(Number.POSITIVE_INFINITY);
    }
  });
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    let changed = false;
    const narrow = (i: number, low: number, high: number) => {
      if (low > lo[i]!) {
        lo[i] = low;
        changed = true;
      }
      if (high < hi[i]!) {
        hi[i] = high;
        changed = true;
      }
    };
    for (const { total, members } of relations) {
      let sumLo = 0;
      let finiteHi = 0;
      let infinite = 0;
      for (const m of members) {
        sumLo += lo[m]!;
        if (hi[m] === Number.POSITIVE_INFINITY) infinite += 1;
        else finiteHi += hi[m]!;
      }
      narrow(total, sumLo, infinite > 0 ? Number.POSITIVE_INFINITY : finiteHi);
      for (const m of members) {
        const ownInfinite = hi[m] === Number.POSITIVE_INFINITY;
        const othersHi =
          infinite - (ownInfinite ? 1 : 0) > 0
            ? Number.POSITIVE_INFINITY
            : finiteHi - (ownInfinite ? 0 : hi[m]!);
        const othersLo = sumLo - lo[m]!;
        narrow(m, lo[total]! - othersHi, hi[total]! - othersLo);
      }
    }
    if (!changed) break;
  }
  return { lo, hi };
}
