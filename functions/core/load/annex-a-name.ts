import { basename } from 'node:path';

/** What an Annex A workbook's file name says: whose it is and which months it covers. */
export interface AnnexAName {
  /** DfE LA number, e.g. '850'. */
  readonly laCode: string;
  /** Every month of the period, 'YYYY-MM', oldest first; the last is the snapshot month. */
  readonly months: readonly string[];
}

/** Months an Annex A covers when its name gives only the last: Ofsted asks for 6 or 12. */
export const DEFAULT_PERIOD_MONTHS = 12;

const NAME = /^annex[-_]?a_(\d{3})_(\d{4})-(\d{2})(?:_(\d{4})-(\d{2}))?\.xlsx$/i;

const monthText = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/**
 * Reads `annex-a_<la_code>_<YYYY-MM>.xlsx` (the 12 months ending YYYY-MM) or
 * `annex-a_<la_code>_<YYYY-MM>_<YYYY-MM>.xlsx` (first and last month of the period).
 * @throws Error naming the file and the expected shape.
 */
export function parseAnnexAName(path: string): AnnexAName {
  const name = basename(path);
  const match = NAME.exec(name);
  if (!match) {
    throw new Error(
      `${name}: file name not recognised (expected annex-a_<la_code>_<YYYY-MM>.xlsx, the 12 months to YYYY-MM, or annex-a_<la_code>_<first YYYY-MM>_<last YYYY-MM>.xlsx)`,
    );
  }
  const [, laCode, y1, m1, y2, m2] = match as unknown as [
    string,
    string,
    string,
    string,
    string?,
    string?,
  ];
  const index = (year: string, month: string) => {
    const m = Number(month);
    if (m < 1 || m > 12) throw new Error(`${name}: month ${year}-${month} is not a calendar month`);
    return Number(year) * 12 + m - 1;
  };
  const named = index(y1, m1);
  const [first, last] =
    y2 !== undefined && m2 !== undefined
      ? [named, index(y2, m2)]
      : [named - DEFAULT_PERIOD_MONTHS + 1, named];
  if (first > last) throw new Error(`${name}: the period ends before it starts`);
  const months = Array.from({ length: last - first + 1 }, (_, i) => monthText(first + i));
  return { laCode, months };
}
