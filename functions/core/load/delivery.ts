import { basename } from 'node:path';
import { extractByName } from '../extracts/index.js';
import type { ExtractSchema } from '../extracts/schema.js';

/** What a delivery's file name says it holds. */
export interface DeliveryName {
  readonly schema: ExtractSchema;
  /** DfE LA number, e.g. '850'; undefined for reference data such as benchmarks. */
  readonly laCode: string | undefined;
  /** The delivery period 'YYYY-MM'; undefined for reference data. */
  readonly month: string | undefined;
}

const LA_FILE = /^([a-z0-9_]+?)_(\d{3})_(\d{4})-(\d{2})\.csv$/i;
const REFERENCE_FILE = /^(benchmarks)[^/]*\.csv$/i;

/**
 * Reads a delivery file name: `<extract>_<la_code>_<YYYY-MM>.csv` for LA extracts
 * (SPEC 3) or `benchmarks*.csv` for analyst benchmarks (SPEC 3.7).
 * @throws Error naming the file and the expected shape.
 */
export function parseDeliveryName(path: string): DeliveryName {
  const name = basename(path);
  const reference = REFERENCE_FILE.exec(name);
  if (reference) {
    return { schema: extractByName('benchmarks')!, laCode: undefined, month: undefined };
  }
  const match = LA_FILE.exec(name);
  const expected =
    'expected <extract>_<la_code>_<YYYY-MM>.csv, e.g. contacts_850_2019-11.csv, or benchmarks*.csv';
  if (!match) throw new Error(`${name}: file name not recognised (${expected})`);
  const [, extract, laCode, year, month] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const schema = extractByName(extract.toLowerCase());
  if (!schema || schema.kind === 'reference') {
    throw new Error(`${name}: unknown extract "${extract}" (${expected})`);
  }
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) {
    throw new Error(`${name}: month ${year}-${month} is not a calendar month`);
  }
  return { schema, laCode, month: `${year}-${month}` };
}

/** First and last day ('YYYY-MM-DD') of a 'YYYY-MM' month. */
export function monthBounds(month: string): { start: string; end: string } {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(lastDay).padStart(2, '0')}` };
}
