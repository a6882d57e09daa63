import { ParseSpeeds } from 'pdf-lib';

/**
 * pdf-lib parses and writes a few dozen objects at a time and then waits for the next tick of
 * the event loop, so that a browser page stays responsive. On a server that waiting is most of
 * the cost: with it, re-titling the bookmarks of an eight-page report took about 200 ms of the
 * 350 ms a report's print took (BENCHMARKS.md); without it, about 60 ms. The documents are a
 * few hundred KB, so doing the work in one go blocks nothing for long.
 */
export const PDF_LOAD_FAST = { parseSpeed: ParseSpeeds.Fastest } as const;
export const PDF_SAVE_FAST = { objectsPerTick: Number.POSITIVE_INFINITY } as const;
