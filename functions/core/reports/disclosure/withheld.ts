/**
 * A figure a published paper does not print, and why. Statistical disclosure control (see
 * docs/security.md) replaces a count below the threshold by "<5" (primary suppression) and a
 * figure that would let one be worked out (secondary suppression, and any rate or total
 * derived from a withheld count) by "[c]", the Government Statistical Service's symbol for a
 * figure withheld as confidential.
 */
export class Withheld {
  constructor(
    /** `small`: a count below the threshold; `derived`: withheld so that none can be worked out. */
    readonly reason: 'small' | 'derived',
    readonly threshold: number,
  ) {}

  /** How the paper prints it where a count would stand: "<5" or "[c]". */
  get symbol(): string {
    return this.reason === 'small' ? `<${this.threshold}` : WITHHELD_SYMBOL;
  }
}

/** The GSS symbol for a confidential figure, printed for every withheld rate and derived figure. */
export const WITHHELD_SYMBOL = '[c]';

/** A figure of a view model: a number, or the fact that it is withheld. */
export type Figure = number | Withheld;

/** True for a withheld figure. */
export function isWithheld(value: unknown): value is Withheld {
  return value instanceof Withheld;
}

/**
 * A figure computed from others (a difference, a ratio, a change): withheld when any input is,
 * since printing it could reveal the withheld one; null when an input is missing.
 */
export function derive(
  inputs: readonly (Figure | null | undefined)[],
  compute: (...values: number[]) => number | null,
): Figure | null {
  const withheld = inputs.find(isWithheld);
  if (withheld) return new Withheld('derived', withheld.threshold);
  if (inputs.some((v) => v === null || v === undefined)) return null;
  return compute(...(inputs as number[]));
}

/** A figure as a number for geometry (charts): withheld and missing figures are gaps. */
export function plotted(value: Figure | null | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
