/**
 * A small RFC 4180 record splitter over bytes, for the header of every file and for the rare
 * file DuckDB's strict reader refuses (wrong field counts, bytes that are not UTF-8): it keeps
 * each record's position so such rows are rejected one by one and the rest still load.
 *
 * Where RFC 4180 is silent it reads as DuckDB's strict reader does, so that a row is loaded or
 * rejected alike whichever of the two reads the file: one space may stand before an opening
 * quote (after two or more the quote is text) and spaces after a closing one, quoted sections separated by spaces join (`"a" "b"` is `a b`), a
 * quote inside an unquoted field is an ordinary character, and a record whose quoting is broken
 * (text after a closing quote, a quote never closed) is flagged.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;

/** One CSV record: its fields as raw bytes ranges decoded on demand. */
export interface CsvRecord {
  /** 1-based record number; the header is record 1, as a spreadsheet numbers rows. */
  readonly row: number;
  /** Field values, or undefined when the record's bytes are not valid UTF-8. */
  readonly fields: string[] | undefined;
  /** What is wrong with the record's quoting, when something is; its fields are then a guess. */
  readonly malformed?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A field's byte range and whether it was quoted. */
type FieldRange = [start: number, end: number, quoted: boolean];

/**
 * Splits `bytes` into records. `limit` stops after that many records (the header sniff reads one).
 * A quote left open at the end of the input closes there, so a truncated file still yields its
 * last record, flagged as malformed, rather than failing as a whole.
 */
export function* csvRecords(
  bytes: Uint8Array,
  limit = Number.POSITIVE_INFINITY,
): Generator<CsvRecord> {
  let row = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n && row < limit) {
    const fieldRanges: FieldRange[] = [];
    let malformed: string | undefined;
    let start = i;
    let quoted = false;
    let inQuotes = false;
    let onlySpaces = true;
    for (;;) {
      if (i >= n) {
        if (inQuotes) malformed ??= 'a quote is never closed';
        fieldRanges.push([start, i, quoted]);
        break;
      }
      const b = bytes[i]!;
      if (inQuotes) {
        if (b === QUOTE) {
          if (bytes[i + 1] === QUOTE) i += 2;
          else {
            inQuotes = false;
            onlySpaces = true;
            i += 1;
          }
        } else i += 1;
      } else if (b === COMMA) {
        fieldRanges.push([start, i, quoted]);
        i += 1;
        start = i;
        quoted = false;
        onlySpaces = true;
      } else if (b === LF || b === CR) {
        fieldRanges.push([start, i, quoted]);
        i += b === CR && bytes[i + 1] === LF ? 2 : 1;
        break;
      } else if (b === QUOTE && onlySpaces && (quoted || i - start <= 1)) {
        inQuotes = true;
        quoted = true;
        i += 1;
      } else {
        if (quoted && b !== SPACE) malformed ??= 'text after a closing quote';
        if (b !== SPACE) onlySpaces = false;
        i += 1;
      }
    }
    row += 1;
    const isBlankLine =
      fieldRanges.length === 1 && fieldRanges[0]![0] === fieldRanges[0]![1] && !fieldRanges[0]![2];
    if (isBlankLine) {
      row -= 1;
      continue;
    }
    const fields = decodeFields(bytes, fieldRanges);
    yield malformed ? { row, fields, malformed } : { row, fields };
  }
}

function decodeFields(bytes: Uint8Array, ranges: FieldRange[]): string[] | undefined {
  try {
    return ranges.map(([start, end, quoted]) => {
      const text = utf8.decode(bytes.subarray(start, end));
      return quoted ? unquote(text) : text;
    });
  } catch {
    return undefined;
  }
}

/**
 * A quoted field's value: the quoted sections' text (`""` as `"`), joined by the spaces between
 * them; spaces before the first and after the last section are not part of it.
 */
function unquote(text: string): string {
  let value = '';
  let between = '';
  let inQuotes = true;
  for (let i = text.indexOf('"') + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (!inQuotes) {
      if (ch === '"') {
        value += between;
        between = '';
        inQuotes = true;
      } else between += ch;
    } else if (ch !== '"') value += ch;
    else if (text[i + 1] === '"') {
      value += '"';
      i += 1;
    } else inQuotes = false;
  }
  return value;
}
