import { mix32, unitFromHash } from './hash.js';

/** A Hampshire Hive: a support network of 15-20 fostering households (seed 003). */
export interface Hive {
  readonly name: string;
  /** First month the Hive runs, `YYYY-MM`. */
  readonly launch: string;
}

/** What differs between local authorities in the synthetic data. */
export interface LaProfile {
  readonly code: string;
  /** Volumes relative to Hampshire: contacts, fostering households and care leavers scale by it. */
  readonly size: number;
  /** Share of care leavers who are (or were) unaccompanied asylum-seeking children. */
  readonly uascShare: number;
  /** Hives, in the order households are assigned to them; none outside Hampshire. */
  readonly hives: readonly Hive[];
}

/**
 * Hampshire's Hives (seed 003, March 2023): piloted under the Modernising Placements Programme
 * (reported "1 year in" for Feb 2022 - Feb 2023), 16 Hives by March 2023 and 7 more from April
 * 2023. The names are the towns the papers mention plus other Hampshire towns; the launch months
 * before 2023 are a plausible ramp, not published dates.
 */
const HAMPSHIRE_HIVES: readonly Hive[] = [
  ['Waterloo 1', '2021-06'],
  ['Ringwood', '2021-06'],
  ['Winchester', '2021-10'],
  ['Basingstoke', '2021-10'],
  ['Waterloo 2', '2022-01'],
  ['Andover', '2022-01'],
  ['Eastleigh', '2022-01'],
  ['Fareham', '2022-04'],
  ['Gosport', '2022-04'],
  ['Havant', '2022-04'],
  ['Romsey', '2022-09'],
  ['Petersfield', '2022-09'],
  ['Farnborough', '2022-09'],
  ['Alton', '2023-01'],
  ['Totton', '2023-01'],
  ['Fleet', '2023-01'],
  ['Aldershot', '2023-04'],
  ['Lymington', '2023-04'],
  ['Hedge End', '2023-04'],
  ['Tadley', '2023-04'],
  ['Whitehill', '2023-04'],
  ['New Milton', '2023-04'],
  ['Stubbington', '2023-04'],
].map(([name, launch]) => ({ name: name as string, launch: launch as string }));

/**
 * Profiles of the first customer's two front doors. Hampshire (850) is the calibration base.
 * The Isle of Wight (921) adds "usually an additional 1500 contacts per month" (seed 004,
 * para 10) to Hampshire's roughly 7,900, hence 0.19. UASC shares: Hampshire had 363 UASC care
 * leavers in March 2021 (seed 001) against about 780 care leavers (seed 003), a little over
 * 40% at the peak; 32% keeps the ethnicity profile of seed 003.
 */
const KNOWN: Readonly<Record<string, Omit<LaProfile, 'code'>>> = {
  '850': { size: 1, uascShare: 0.32, hives: HAMPSHIRE_HIVES },
  '921': { size: 0.19, uascShare: 0.08, hives: [] },
};

/**
 * The profile of an LA. Any other LA gets a size between 0.1 and 0.6 of Hampshire from a hash
 * of its code (mean 0.35): 150 LAs x 10 years then average about 150 * 0.35 * 7,900 * 120
 * = 50 million contacts, the national scale SPEC section 8 asks the warehouse to handle.
 */
export function laProfile(code: string): LaProfile {
  const known = KNOWN[code];
  if (known) return { code, ...known };
  const h = mix32(Number(code) * 2654435761);
  return {
    code,
    size: 0.1 + 0.5 * unitFromHash(h),
    uascShare: 0.05 + 0.2 * unitFromHash(mix32(h ^ 0x5bd1e995)),
    hives: [],
  };
}
