import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LA_EXTRACTS } from '../extracts/index.js';
import { benchmarkRows } from './benchmarks.js';
import { type Month, monthAt, parseMonth } from './calendar.js';
import { CareLeaverSimulator } from './care-leavers.js';
import type { CsvText } from './csv-table.js';
import { FosteringSimulator } from './fostering.js';
import { FrontDoorSimulator } from './front-door.js';
import { laProfile } from './la-profile.js';

/** What to generate. */
export interface GenerateOptions {
  /** First month, `YYYY-MM` (2000-01 or later). */
  readonly from: string;
  /** Last month, `YYYY-MM`, not before `from`. */
  readonly to: string;
  /** Folder to write into (created when missing; existing files of the same name are replaced). */
  readonly outDir: string;
  /** DfE LA numbers; default `['850']` (Hampshire). */
  readonly las?: readonly string[];
  /** Whole-number seed; default 1. The same options always give byte-identical files. */
  readonly seed?: number;
  /** Multiplies event volumes and household and care leaver numbers; default 1. */
  readonly scale?: number;
  /** Called after each LA-month is written, with months done and months in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What was written. */
export interface GenerateResult {
  /** Paths of the files written, in the order written (the benchmarks file last). */
  files: string[];
  /** Data rows written per extract (header rows not counted), including `benchmarks`. */
  rows: Record<string, number>;
}

/**
 * Months simulated before `from` and not written: enough for re-referrals (12 months back) and
 * contacts on open cases to draw on a full history, and for assessments started before `from`
 * to be authorised in its first months.
 */
const WARM_UP_MONTHS = 12;

/**
 * Writes synthetic extracts in the SPEC section 3 format: for each LA and month,
 * `<extract>_<la>_<YYYY-MM>.csv` for the six LA extracts, then `benchmarks_<to>.csv`. LAs are
 * independent: each has its own random streams derived from the seed and its code, so adding
 * an LA never changes another's files.
 *
 * @throws Error with a message naming the option when an option is invalid.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { from, to, las, seed, scale } = checkOptions(options);
  await mkdir(options.outDir, { recursive: true });
  const files: string[] = [];
  const rows: Record<string, number> = Object.fromEntries(
    [...LA_EXTRACTS.map((e) => e.name), 'benchmarks'].map((name) => [name, 0]),
  );
  const total = las.length * (to.index - from.index + 1);
  let done = 0;
  // Writing a month overlaps generating the next; at most one month is in flight.
  let inFlight: Promise<unknown> = Promise.resolve();

  const write = (extract: string, fileName: string, text: CsvText): Promise<void> => {
    const path = join(options.outDir, fileName);
    files.push(path);
    rows[extract] = (rows[extract] ?? 0) + text.rows;
    return writeFile(path, text.chunks);
  };

  for (const la of las) {
    const profile = laProfile(la);
    const frontDoor = new FrontDoorSimulator(profile, seed, scale, from, to);
    const fostering = new FosteringSimulator(profile, seed, scale);
    const leavers = new CareLeaverSimulator(profile, seed, scale);
    for (let index = from.index - WARM_UP_MONTHS; index < from.index; index++) {
      frontDoor.simulate(monthAt(index));
    }
    for (let index = from.index; index <= to.index; index++) {
      const month = monthAt(index);
      const events = frontDoor.simulate(month);
      if (!events) throw new Error(`synth: month ${month.key} was not emitted`);
      const texts: Record<string, CsvText> = {
        ...events,
        foster_households: fostering.snapshot(month),
        care_leavers: leavers.snapshot(month),
      };
      await inFlight;
      if (done > 0) options.onProgress?.(done, total);
      inFlight = Promise.all(
        LA_EXTRACTS.map((schema) =>
          write(
            schema.name,
            `${schema.name}_${la}_${month.key}.csv`,
            texts[schema.name] as CsvText,
          ),
        ),
      );
      done++;
    }
  }
  await inFlight;
  options.onProgress?.(done, total);
  await write('benchmarks', `benchmarks_${to.key}.csv`, benchmarkRows(seed, from, to));
  return { files, rows };
}

interface CheckedOptions {
  readonly from: Month;
  readonly to: Month;
  readonly las: readonly string[];
  readonly seed: number;
  readonly scale: number;
}

function checkOptions(options: GenerateOptions): CheckedOptions {
  const from = parseMonth(options.from);
  const to = parseMonth(options.to);
  if (!from) throw new Error(`generate: from "${options.from}" is not a month (YYYY-MM)`);
  if (!to) throw new Error(`generate: to "${options.to}" is not a month (YYYY-MM)`);
  if (from.year < 2000) {
    throw new Error(`generate: from ${from.key} is before 2000-01, where the history starts`);
  }
  if (to.year > 2099) throw new Error(`generate: to ${to.key} is after 2099-12`);
  if (from.index > to.index) throw new Error(`generate: from ${from.key} is after to ${to.key}`);
  const las = options.las ?? ['850'];
  if (las.length === 0) throw new Error('generate: las is empty');
  for (const la of las) {
    if (!/^\d{3}$/.test(la)) throw new Error(`generate: LA "${la}" is not a 3-digit DfE LA number`);
  }
  if (new Set(las).size !== las.length) throw new Error('generate: las lists an LA twice');
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new Error(`generate: seed ${seed} is not a whole number`);
  const scale = options.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new Error(`generate: scale ${scale} is not a number above 0`);
  }
  if (!options.outDir) throw new Error('generate: outDir is empty');
  return { from, to, las, seed, scale };
}
