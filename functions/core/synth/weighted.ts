import type { ExtractSchema } from '../extracts/index.js';
import type { Prng } from './prng.js';

/**
 * A weighted choice among a few values, drawn with one random number. Tables of codes are
 * checked against the extract schema when built, so a calibration weight for a code the
 * schema does not know fails at start-up instead of producing files the loader rejects.
 */
export class Weighted<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  /** @param entries [value, relative weight] pairs (need not sum to one); zero weights are dropped. */
  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('synth: a weighted table needs a positive weight');
    const total = kept.reduce((sum, [, w]) => sum + w, 0);
    this.values = kept.map(([v]) => v);
    this.cumulative = new Float64Array(kept.length);
    let run = 0;
    kept.forEach(([, w], i) => {
      run += w / total;
      this.cumulative[i] = run;
    });
    this.cumulative[kept.length - 1] = 1;
  }

  /** A table over codes of one schema column; '' stands for a blank cell. */
  static codes(
    schema: ExtractSchema,
    column: string,
    weights: Readonly<Record<string, number>>,
  ): Weighted<string> {
    const spec = schema.columns.find((c) => c.name === column);
    if (!spec?.codes) throw new Error(`synth: ${schema.name}.${column} is not a code column`);
    for (const code of Object.keys(weights)) {
      const blankOk = code === '' && !spec.required;
      if (!blankOk && !spec.codes.includes(code)) {
        throw new Error(`synth: ${schema.name}.${column} has no code "${code}"`);
      }
    }
    return new Weighted(Object.entries(weights));
  }

  /** The value for a uniform number u in [0, 1). */
  at(u: number): T {
    const c = this.cumulative;
    let i = 0;
    while (i < c.length - 1 && u >= (c[i] as number)) i++;
    return this.values[i] as T;
  }

  /** Draws a value. */
  draw(rng: Prng): T {
    return this.at(rng.next());
  }
}
