/**
 * Workbook cells as the text a CSV extract would hold. Dates arrive as JS dates (cells formatted
 * as dates), Excel serial numbers (cells that lost their format) or text; all become
 * `YYYY-MM-DD` when they name a real calendar day, and anything else is passed on unchanged
 * for the extract's own date check to reject with its reason.
 */

/** How a cell is read: as a date, a date-time, or plain text. */
export type CellKind = 'date' | 'datetime' | 'text';

const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-31, but it counts a 29 February 1900 that never was (serial 60), so
// from serial 61 on, serial n is n days after 1899-12-30.
const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);
const LAST_SERIAL = 2_958_465; // 9999-12-31

const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoOf(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * `YYYY-MM-DD` for text that names a real day as `YYYY-MM-DD` or `DD/MM/YYYY` (a time after it
 * is ignored), else undefined: `31/02/2020` is not a day.
 */
export function isoDateOfText(text: string): string | undefined {
  const iso = ISO_DATE.exec(text);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const uk = UK_DATE.exec(text);
  if (uk) return isoOf(Number(uk[3]), Number(uk[2]), Number(uk[1]));
  return undefined;
}

function fromDate(date: Date, kind: CellKind): string {
  // Round to the second: a serial's fraction can land a millisecond before midnight.
  const at = new Date(Math.round(date.getTime() / 1000) * 1000);
  if (Number.isNaN(at.getTime())) return '';
  const day = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  if (kind !== 'datetime') return day;
  return `${day}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
}

function fromSerial(serial: number, kind: CellKind, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > LAST_SERIAL) return undefined;
  if (!date1904 && serial === 60) return undefined;
  const epoch = date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900;
  const days = !date1904 && serial < 60 ? serial + 1 : serial;
  return fromDate(new Date(epoch + days * DAY_MS), kind);
}

function fromNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}

/**
 * The text of one exceljs cell value. Rich text and hyperlinks give their text, formulas their
 * cached result, errors their code (`#N/A`), so a formula is never passed on as a formula.
 */
export function cellText(value: unknown, kind: CellKind, date1904 = false): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return fromDate(value, kind);
  if (typeof value === 'number') {
    if (kind === 'text') return fromNumber(value);
    return fromSerial(value, kind, date1904) ?? fromNumber(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    const text = value.trim();
    if (kind === 'text') return text;
    const iso = isoDateOfText(text);
    if (!iso) return text;
    return kind === 'date' || !/[T ]\d/.test(text) ? iso : text;
  }
  if (typeof value === 'object') {
    const cell = value as Record<string, unknown>;
    if (Array.isArray(cell.richText)) {
      const text = (cell.richText as { text?: unknown }[])
        .map((r) => String(r.text ?? ''))
        .join('');
      return cellText(text, kind, date1904);
    }
    if ('result' in cell) return cellText(cell.result, kind, date1904);
    if ('formula' in cell || 'sharedFormula' in cell) return '';
    if ('text' in cell) return cellText(cell.text, kind, date1904);
    if ('error' in cell) return String(cell.error);
  }
  return '';
}
