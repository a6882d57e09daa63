/**
 * CSV text the product writes (rejects, analyst exports). Cells that a spreadsheet would run as
 * a formula (starting = + - @, tab or carriage return) are prefixed with a single quote, so a
 * hostile value such as `=HYPERLINK(...)` in an extract stays inert when a clerk opens the file.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet will show it but never evaluate it. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 line (CRLF-terminated) with formulas neutralised; null and undefined are empty. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values
    .map((value) => {
      if (value === null || value === undefined) return '';
      const text = neutraliseFormula(String(value));
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\r\n`;
}
