/**
 * How Annex A headers and coded values are compared with the mapping: councils type the
 * template's headers and codes with their own capitals, spaces, quotes and punctuation.
 */

/**
 * A header or value as compared: lower case, single spaces, no quotes or apostrophes (`children’s`
 * and `children's` are one header), hyphens for dashes, no trailing `?`, `:` or `.`.
 */
export function matchKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/['"‘’‛`´“”]/g, '')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?:.]+$/, '')
    .toLowerCase();
}

// The template's option letters: `a) Male`, `zz) T4: ...`.
const OPTION_PREFIX = /^[a-z]{1,2}\)\s*/i;
// A code before its description: `6: Police`, `F1: Full time...`, `C1 - Interim care order`.
const CODE_PART = /^([a-z0-9]{1,4})\s*(?::|\s[-–—])\s*\S/i;
const QUOTES = /^['"‘’“”]+|['"‘’“”]+$/g;

/**
 * The extract value for a coded workbook value: the `a)` option prefix removed, then the whole
 * text looked up in `map`, then its code part (`q) 6: Police` -> `6`) looked up or kept. Text
 * that is neither is returned as typed (trimmed) for the extract's code check to judge.
 */
export function mapValue(text: string, map: ReadonlyMap<string, string> | undefined): string {
  const stripped = text.trim().replace(OPTION_PREFIX, '').replace(QUOTES, '').trim();
  if (stripped === '') return '';
  const whole = map?.get(matchKey(stripped));
  if (whole !== undefined) return whole;
  const code = CODE_PART.exec(stripped)?.[1];
  if (code === undefined) return stripped;
  return map?.get(matchKey(code)) ?? code;
}

/** A value map of the mapping file keyed for lookup. */
export function valueMap(entries: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries).map(([from, to]) => [matchKey(from), to]));
}
