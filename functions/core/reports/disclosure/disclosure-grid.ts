import { num, type Row } from '../report-tables.js';
import { type CellStatus, type Relation, suppressCells } from './suppress-cells.js';
import { type Figure, Withheld } from './withheld.js';

/** Statistical disclosure control for one paper: counts below `threshold` are withheld. */
export interface DisclosureControl {
  readonly threshold: number;
}

/** A count a paper prints (or that a printed figure reveals), registered with a grid. */
export interface Cell {
  readonly index: number;
  readonly key: string;
  readonly value: number;
}

/** How a report-table's rows map to cells: which columns are counts, identities and rates. */
export interface RowSpec {
  readonly counts: readonly string[];
  /** `[total, members]`: in each row the members add up to the total (else a remainder is kept). */
  readonly sums?: readonly (readonly [string, readonly string[]])[];
  /** A rate column with its numerator (a count, or counts added up) and denominator. */
  readonly rates?: Readonly<
    Record<string, { readonly numerator: string | readonly string[]; readonly denominator: string }>
  >;
}

/** The cells of one report table's rows. */
export class RowCells {
  constructor(
    private readonly grid: DisclosureGrid,
    private readonly prefix: string,
    private readonly keyOf: (row: Row) => string,
    readonly spec: RowSpec,
  ) {}

  /** The cell of a count column in a row (null when the row lacks it or it is null). */
  cell(row: Row | undefined, column: string): Cell | null {
    if (!row) return null;
    if (!this.spec.counts.includes(column)) {
      throw new Error(`${this.prefix}.${column} is not a count registered for disclosure control`);
    }
    return this.grid.count(`${this.prefix}.${column}@${this.keyOf(row)}`, num(row, column));
  }

  /** A rate column's numerator and denominator cells in a row. */
  rateCells(row: Row, column: string): { numerator: Cell | null; denominator: Cell | null } {
    const rate = this.spec.rates?.[column];
    if (!rate) throw new Error(`${this.prefix}.${column} is not a rate registered for disclosure`);
    const parts = typeof rate.numerator === 'string' ? [rate.numerator] : rate.numerator;
    const numerator =
      parts.length === 1
        ? this.cell(row, parts[0]!)
        : this.grid.sumOf(
            `${this.prefix}.${parts.join('+')}@${this.keyOf(row)}`,
            parts.map((p) => this.cell(row, p)),
          );
    return { numerator, denominator: this.cell(row, rate.denominator) };
  }

  register(rows: readonly Row[]): void {
    for (const row of rows) {
      for (const column of this.spec.counts) this.cell(row, column);
      for (const [total, members] of this.spec.sums ?? []) {
        this.grid.sum(
          this.cell(row, total),
          members.map((m) => this.cell(row, m)),
        );
      }
      for (const column of Object.keys(this.spec.rates ?? {})) {
        const { numerator, denominator } = this.rateCells(row, column);
        this.grid.rate(numerator, denominator);
      }
    }
  }
}

/**
 * Collects the counts a paper prints and the identities among them (rows and columns adding up
 * to totals, months to a year, a rate's numerator and complement to its denominator), then
 * decides which to withhold. Built the same way whether control is on or off, so a view model
 * has one code path: off, every figure comes back as it is.
 */
export class DisclosureGrid {
  private readonly cells: Cell[] = [];
  private readonly byKey = new Map<string, Cell>();
  private readonly printed: boolean[] = [];
  private readonly relations: Relation[] = [];
  private readonly complements = new Map<string, Cell>();
  private solved = false;

  constructor(readonly control: DisclosureControl | null) {}

  /** The cell of a printed count, one per key: a figure printed in two places is one cell. */
  count(key: string, value: number | null | undefined): Cell | null {
    if (value === null || value === undefined) return null;
    const known = this.byKey.get(key);
    if (known) return known;
    return this.add(key, value, true);
  }

  /** Registers that `members` add up to `total`; a shortfall is kept as an unprinted remainder. */
  sum(total: Cell | null, members: readonly (Cell | null)[]): void {
    if (!total) return;
    const present = [...new Set(members.filter((m): m is Cell => m !== null))];
    const sum = present.reduce((s, m) => s + m.value, 0);
    // Not an identity (a member counted twice, data not of one piece): nothing can be derived.
    if (sum > total.value) return;
    if (sum < total.value) present.push(this.add(`${total.key}#rest`, total.value - sum, false));
    this.relations.push({ total: total.index, members: present.map((m) => m.index) });
  }

  /** A printed total of other cells (a twelve-month total, a year's approvals), as a new cell. */
  sumOf(key: string, members: readonly (Cell | null)[]): Cell | null {
    const known = this.byKey.get(key);
    if (known) return known;
    const present = members.filter((m): m is Cell => m !== null);
    if (present.length === 0) return null;
    const total = this.count(
      key,
      present.reduce((s, m) => s + m.value, 0),
    );
    this.sum(total, present);
    return total;
  }

  /**
   * Registers a printed rate: with its denominator it gives away its numerator, and with both
   * the complement (those not counted), which must be protected as well.
   */
  rate(numerator: Cell | null, denominator: Cell | null): void {
    if (!numerator || !denominator || numerator.value > denominator.value) return;
    const key = `${numerator.key}/${denominator.key}`;
    if (this.complements.has(key)) return;
    const complement = this.add(`${key}#complement`, denominator.value - numerator.value, false);
    this.complements.set(key, complement);
    this.relations.push({ total: denominator.index, members: [numerator.index, complement.index] });
  }

  /** Registers every count, identity and rate of a table's rows, keyed by `keyOf`. */
  rows(prefix: string, rows: readonly Row[], keyOf: (row: Row) => string, spec: RowSpec): RowCells {
    const cells = new RowCells(this, prefix, keyOf, spec);
    cells.register(rows);
    return cells;
  }

  /** Decides what is withheld. Nothing may be registered afterwards. */
  solve(): Disclosure {
    this.solved = true;
    const control = this.control;
    if (!control) return new Disclosure(null, []);
    const { status, unresolved } = suppressCells({
      values: this.cells.map((c) => c.value),
      printed: this.printed,
      relations: this.relations,
      threshold: control.threshold,
    });
    const final: CellStatus[] = [...status];
    // Last resort for a count no shown cell could protect: withhold its relations whole.
    for (const cell of unresolved) {
      for (const r of this.relations) {
        const members = [r.total, ...r.members];
        if (!members.includes(cell)) continue;
        for (const m of members) if (final[m] === 'shown') final[m] = 'secondary';
      }
    }
    return new Disclosure(control, final);
  }

  private add(key: string, value: number, printed: boolean): Cell {
    if (this.solved) throw new Error(`disclosure: ${key} registered after the grid was solved`);
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new Error(`disclosure: ${key} is ${value}, not a count`);
    }
    const cell = { index: this.cells.length, key, value };
    this.cells.push(cell);
    this.byKey.set(key, cell);
    this.printed.push(printed);
    return cell;
  }
}

/** What a solved grid decided: each registered figure as printed. */
export class Disclosure {
  constructor(
    readonly control: DisclosureControl | null,
    private readonly status: readonly CellStatus[],
  ) {}

  /** A count as the paper prints it: the number, or withheld. */
  figure(cell: Cell | null): Figure | null {
    if (!cell) return null;
    const status = this.status[cell.index];
    if (!this.control || status === undefined || status === 'shown') return cell.value;
    return new Withheld(status === 'primary' ? 'small' : 'derived', this.control.threshold);
  }

  /** True when a cell is not printed. */
  withheld(cell: Cell | null): boolean {
    return cell !== null && typeof this.figure(cell) !== 'number';
  }

  /** A rate as printed: withheld when its numerator or denominator is. */
  rate(value: number | null, numerator: Cell | null, denominator: Cell | null): Figure | null {
    if (value === null) return null;
    if (this.control && (this.withheld(numerator) || this.withheld(denominator))) {
      return new Withheld('derived', this.control.threshold);
    }
    return value;
  }

  /**
   * A reader over a table's rows: counts and rates as printed (withheld or not), any other
   * numeric column (working days, a benchmark published elsewhere) as it is.
   */
  reader(cells: RowCells): (row: Row | undefined, column: string) => Figure | null {
    return (row, column) => {
      if (!row) return null;
      if (cells.spec.counts.includes(column)) return this.figure(cells.cell(row, column));
      if (cells.spec.rates?.[column]) {
        const { numerator, denominator } = cells.rateCells(row, column);
        return this.rate(num(row, column), numerator, denominator);
      }
      return num(row, column);
    };
  }
}
