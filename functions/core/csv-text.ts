/**
 * CSV text the product writes (rejects, analyst exports). Cells that a spreadsheet would run as
 * a formula are prefixed with a single quote, so a hostile value such as `=HYPERLINK(...)` in an
 * extract stays inert when a clerk opens the file. A cell counts as one when it starts with
 * = + - @ (or their full-width forms) after any leading whitespace, which some spreadsheets
 * strip on import, or when it starts with a tab, carriage return or line feed (OWASP's list).
 */

const FORMULA_START = /^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The cell as a spreadsheet will show it but never evaluate it. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/**
 * One RFC 4180 line (CRLF-terminated) with formulas neutralised; null and undefined are empty.
 * A finite number is written as it is: it cannot be a formula, and a quote would spoil it.
 */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values
    .map((value) => {
      if (value === null || value === undefined) return '';
      const text =
        typeof value === 'number' && Number.isFinite(value)
          ? String(value)
          : neutraliseFormula(String(value));
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\r\n`;
}
