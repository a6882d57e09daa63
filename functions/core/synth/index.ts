/**
 * The synthetic data generator: realistic extracts in the SPEC section 3 format, calibrated to
 * the Hampshire committee papers in `seeds/`, for the demo, tests and benchmarks.
 */
export type { GenerateOptions, GenerateResult } from './generate.js';
export { generate } from './generate.js';
export type { Hive, LaProfile } from './la-profile.js';
export { laProfile } from './la-profile.js';
