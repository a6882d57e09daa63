/**
 * Cell suppression (functions/core/reports/disclosure/suppress-cells.ts): primary suppression
 * of small counts, secondary suppression in rows, columns and totals, checked by an independent
 * attacker that enumerates every table consistent with what is printed and finds how many
 * values each withheld count could take.
 */
import fc from 'fast-check';
import {
  type CellStatus,
  type Relation,
  suppressCells,
} from '../../../functions/core/reports/disclosure/index.js';

/**
 * Every value each cell can take, given what a reader sees: shown cells exactly, "<T" cells in
 * 1..T-1, "[c]" cells in T..max, unprinted cells in 0..max; and every relation holding. By
 * exhaustive search over the unknown cells (a cell that is the last unknown of a relation is
 * computed from it rather than tried), so it shares nothing with the propagation it checks.
 */
function possibleValues(
  values: readonly number[],
  status: readonly CellStatus[],
  relations: readonly Relation[],
  threshold: number,
  max: number,
): Set<number>[] {
  const range = (i: number): [number, number] => {
    if (status[i] === 'shown') return [values[i]!, values[i]!];
    if (status[i] === 'primary') return [1, threshold - 1];
    if (status[i] === 'secondary') return [threshold, max];
    return [0, max];
  };
  const possible = values.map(() => new Set<number>());
  const trial: (number | undefined)[] = values.map((v, i) =>
    status[i] === 'shown' ? v : undefined,
  );
  const cellsOf = (r: Relation) => [r.total, ...r.members];
  const search = () => {
    // A relation with one unknown left fixes it; one with none must hold.
    for (const r of relations) {
      const open = cellsOf(r).filter((i) => trial[i] === undefined);
      if (open.length === 0) {
        const sum = r.members.reduce((s, m) => s + trial[m]!, 0);
        if (sum !== trial[r.total]) return;
      }
      if (open.length === 1) {
        const [cell] = open as [number];
        const known = r.members.filter((m) => m !== cell).reduce((s, m) => s + trial[m]!, 0);
        const value = cell === r.total ? known : trial[r.total]! - known;
        const [lo, hi] = range(cell);
        if (value < lo || value > hi) return;
        trial[cell] = value;
        search();
        trial[cell] = undefined;
        return;
      }
    }
    const next = trial.indexOf(undefined);
    if (next === -1) {
      trial.forEach((v, i) => {
        possible[i]!.add(v!);
      });
      return;
    }
    const [lo, hi] = range(next);
    for (let v = lo; v <= hi; v += 1) {
      trial[next] = v;
      search();
    }
    trial[next] = undefined;
  };
  search();
  return possible;
}

/** A grid of counts with a total for each row, each column and the whole. */
function tableWithTotals(grid: number[][]): { values: number[]; relations: Relation[] } {
  const rows = grid.length;
  const cols = grid[0]!.length;
  const values: number[] = [];
  const at = (r: number, c: number) => r * (cols + 1) + c;
  for (let r = 0; r <= rows; r += 1) {
    for (let c = 0; c <= cols; c += 1) {
      if (r < rows && c < cols) values.push(grid[r]![c]!);
      else if (r < rows) values.push(grid[r]!.reduce((a, b) => a + b, 0));
      else if (c < cols) values.push(grid.reduce((a, row) => a + row[c]!, 0));
      else values.push(grid.flat().reduce((a, b) => a + b, 0));
    }
  }
  const relations: Relation[] = [];
  for (let r = 0; r <= rows; r += 1) {
    relations.push({ total: at(r, cols), members: [...Array(cols).keys()].map((c) => at(r, c)) });
  }
  for (let c = 0; c <= cols; c += 1) {
    relations.push({ total: at(rows, c), members: [...Array(rows).keys()].map((r) => at(r, c)) });
  }
  return { values, relations };
}

/** Every count printed "<T" (or unprinted and small) can take at least two values. */
function expectProtected(
  values: readonly number[],
  status: readonly CellStatus[],
  relations: readonly Relation[],
  threshold: number,
  max: number,
): void {
  const possible = possibleValues(values, status, relations, threshold, max);
  values.forEach((v, i) => {
    const sensitive = status[i] === 'primary' || (status[i] === 'hidden' && v > 0 && v < threshold);
    if (!sensitive) return;
    expect(possible[i]!.has(v)).toBe(true);
    expect({ cell: i, values: possible[i]!.size > 1 }).toEqual({ cell: i, values: true });
  });
}

describe('primary suppression', () => {
  test('counts from 1 to threshold - 1 are withheld; zeros and larger counts are shown', () => {
    const { status } = suppressCells({
      values: [0, 1, 4, 5, 120],
      relations: [],
      threshold: 5,
    });
    expect(status).toEqual(['shown', 'primary', 'primary', 'shown', 'shown']);
  });

  test('the threshold is configurable', () => {
    const { status } = suppressCells({ values: [3, 9, 10], relations: [], threshold: 10 });
    expect(status).toEqual(['primary', 'primary', 'shown']);
    expect(() => suppressCells({ values: [1], relations: [], threshold: 1 })).toThrow(/threshold/);
    expect(() => suppressCells({ values: [1.5], relations: [], threshold: 5 })).toThrow(/counts/);
  });

  test('nothing more is withheld when no count is small', () => {
    const { values, relations } = tableWithTotals([
      [12, 30],
      [7, 9],
    ]);
    expect(
      suppressCells({ values, relations, threshold: 5 }).status.every((s) => s === 'shown'),
    ).toBe(true);
  });
});

describe('secondary suppression', () => {
  test('in a row with its total, a second cell is withheld so the small one cannot be subtracted out', () => {
    // 2 + 10 + 12 = 24: with only the 2 withheld, 24 - 10 - 12 gives it away.
    const values = [2, 10, 12, 24];
    const relations = [{ total: 3, members: [0, 1, 2] }];
    const { status } = suppressCells({ values, relations, threshold: 5 });
    expect(status).toEqual(['primary', 'secondary', 'shown', 'shown']);
    expectProtected(values, status, relations, 5, 30);
  });

  test('the partner is not a count a reader could bound tightly enough to recover the small one', () => {
    // 1 + 5 + 30 = 36. Withholding the 5 as well leaves 1 + x = 6 with x >= 5: x is 5 and the
    // 1 is disclosed. The 30 is withheld instead.
    const values = [1, 5, 30, 36];
    const relations = [{ total: 3, members: [0, 1, 2] }];
    const { status } = suppressCells({ values, relations, threshold: 5 });
    expect(status).toEqual(['primary', 'shown', 'secondary', 'shown']);
    expectProtected(values, status, relations, 5, 40);
  });

  test('rows and columns of a table with totals: every small count has several possible values', () => {
    const grid = [
      [3, 14, 9],
      [11, 2, 8],
      [6, 7, 12],
    ];
    const { values, relations } = tableWithTotals(grid);
    const { status, unresolved } = suppressCells({ values, relations, threshold: 5 });
    expect(unresolved).toEqual([]);
    expect(status.filter((s) => s === 'primary')).toHaveLength(2);
    // Each row and column with a small count has at least one other withheld.
    for (const r of relations) {
      const cells = [r.total, ...r.members];
      if (!cells.some((i) => status[i] === 'primary')) continue;
      expect(cells.filter((i) => status[i] !== 'shown').length).toBeGreaterThanOrEqual(2);
    }
    expectProtected(values, status, relations, 5, 80);
    // The grand total and the row and column totals are printed as they are.
    expect(status[15]).toBe('shown');
  });

  test('one small count in a row and column of larger ones: the smallest complements are chosen', () => {
    const grid = [
      [40, 8, 25],
      [30, 3, 22],
    ];
    const { values, relations } = tableWithTotals(grid);
    const { status, unresolved } = suppressCells({ values, relations, threshold: 5 });
    expect(unresolved).toEqual([]);
    expect(status[5]).toBe('primary'); // the 3
    // Its column and row each lose another cell, and so do the rows and columns those are in:
    // a reader could otherwise chain the totals back to it.
    expect(status[1]).toBe('secondary'); // the 8 above it
    expectProtected(values, status, relations, 5, 140);
    // The grand total stays.
    expect(status[11]).toBe('shown');
  });

  test('a total that would give away its only member is withheld with it', () => {
    // Category 3 of a dimension, shown with its total: total = 3 + 0 + 0.
    const values = [3, 0, 0, 3, 50, 53];
    const relations = [
      { total: 3, members: [0, 1, 2] },
      { total: 5, members: [3, 4] },
    ];
    const { status } = suppressCells({ values, relations, threshold: 5 });
    expect(status.slice(0, 4)).toEqual(['primary', 'shown', 'shown', 'primary']);
    expectProtected(values, status, relations, 5, 60);
  });

  test('two small counts adding up to a shown total each stay uncertain', () => {
    // 2 + 3 = 5: either could be 1 to 4.
    const values = [2, 3, 5];
    const relations = [{ total: 2, members: [0, 1] }];
    const { status } = suppressCells({ values, relations, threshold: 5 });
    expect(status).toEqual(['primary', 'primary', 'shown']);
    expectProtected(values, status, relations, 5, 10);
  });

  test('but when they can only split one way the total goes too', () => {
    // 4 + 4 = 8: both must be 4.
    const values = [4, 4, 8];
    const relations = [{ total: 2, members: [0, 1] }];
    const { status } = suppressCells({ values, relations, threshold: 5 });
    expect(status).toEqual(['primary', 'primary', 'secondary']);
    expectProtected(values, status, relations, 5, 10);
  });

  test('a rate near 100% reveals a small complement: its numerator is withheld', () => {
    // 38 of 40 assessments on time: 2 were not. The complement (cell 2) is never printed.
    const values = [38, 40, 2];
    const printed = [true, true, false];
    const relations = [{ total: 1, members: [0, 2] }];
    const { status } = suppressCells({ values, printed, relations, threshold: 5 });
    expect(status).toEqual(['secondary', 'shown', 'hidden']);
    expectProtected(values, status, relations, 5, 50);
  });

  test('totals over months: one small month inside a shown year total is protected by another month', () => {
    const months = [12, 15, 3, 20, 18, 11];
    const values = [...months, months.reduce((a, b) => a + b, 0)];
    const relations = [{ total: 6, members: [0, 1, 2, 3, 4, 5] }];
    const { status } = suppressCells({ values, relations, threshold: 5 });
    expect(status[2]).toBe('primary');
    // The smallest other month: 3 + 11 = 14 leaves the 3 anywhere from 1 to 4.
    expect(status[5]).toBe('secondary');
    expect(status.filter((s) => s === 'secondary')).toHaveLength(1);
    expect(status[6]).toBe('shown');
    expectProtected(values, status, relations, 5, 80);
  });

  test('the result is the same every time', () => {
    const { values, relations } = tableWithTotals([
      [3, 14, 9, 1],
      [11, 2, 8, 30],
      [6, 7, 12, 4],
    ]);
    const first = suppressCells({ values, relations, threshold: 5 });
    for (let i = 0; i < 3; i += 1) {
      expect(suppressCells({ values, relations, threshold: 5 })).toEqual(first);
    }
  });
});

describe('property: any small table with totals', () => {
  test('no count printed "<5" can be worked out exactly by a reader who knows every total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((rows) =>
          fc.integer({ min: 2, max: 3 }).chain((cols) =>
            fc.array(
              fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 5, max: 18 })), {
                minLength: cols,
                maxLength: cols,
              }),
              { minLength: rows, maxLength: rows },
            ),
          ),
        ),
        (grid) => {
          const { values, relations } = tableWithTotals(grid);
          const { status, unresolved } = suppressCells({ values, relations, threshold: 5 });
          expect(unresolved).toEqual([]);
          // A reader knows a "[c]" is at least 5, not how large: any bound well above the grand
          // total stands in for infinity (a larger one only adds possibilities).
          const max = 2 * values.at(-1)! + 20;
          expectProtected(values, status, relations, 5, max);
        },
      ),
      { numRuns: 150, seed: 20_191_101 },
    );
  });
});
