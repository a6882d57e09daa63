/**
 * A small RFC 4180 record splitter over bytes, for the header of every file and for the rare
 * file DuckDB's strict reader refuses (wrong field counts, bytes that are not UTF-8): it keeps
 * each record's position so such rows are rejected one by one and the rest still load.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** One CSV record: its fields as raw bytes ranges decoded on demand. */
export interface CsvRecord {
  /** 1-based record number; the header is record 1, as a spreadsheet numbers rows. */
  readonly row: number;
  /** Field values, or undefined when the record's bytes are not valid UTF-8. */
  readonly fields: string[] | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits `bytes` into records. `limit` stops after that many records (the header sniff reads one).
 * A quote left open at the end of the input closes there, so a truncated file still yields its
 * last (then usually invalid) record rather than failing as a whole.
 */
export function* csvRecords(
  bytes: Uint8Array,
  limit = Number.POSITIVE_INFINITY,
): Generator<CsvRecord> {
  let row = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n && row < limit) {
    const fieldRanges: [number, number, boolean][] = [];
    let start = i;
    let quoted = false;
    let inQuotes = false;
    let done = false;
    while (!done) {
      if (i >= n) {
        fieldRanges.push([start, i, quoted]);
        done = true;
        break;
      }
      const b = bytes[i]!;
      if (inQuotes) {
        if (b === QUOTE) {
          if (bytes[i + 1] === QUOTE) i += 2;
          else {
            inQuotes = false;
            i += 1;
          }
        } else i += 1;
      } else if (b === QUOTE && i === start) {
        inQuotes = true;
        quoted = true;
        i += 1;
      } else if (b === COMMA) {
        fieldRanges.push([start, i, quoted]);
        i += 1;
        start = i;
        quoted = false;
      } else if (b === LF || b === CR) {
        fieldRanges.push([start, i, quoted]);
        i += b === CR && bytes[i + 1] === LF ? 2 : 1;
        done = true;
      } else i += 1;
    }
    row += 1;
    const isBlankLine =
      fieldRanges.length === 1 && fieldRanges[0]![0] === fieldRanges[0]![1] && !fieldRanges[0]![2];
    if (isBlankLine) {
      row -= 1;
      continue;
    }
    yield { row, fields: decodeFields(bytes, fieldRanges) };
  }
}

function decodeFields(
  bytes: Uint8Array,
  ranges: [number, number, boolean][],
): string[] | undefined {
  try {
    return ranges.map(([start, end, quoted]) => {
      const text = utf8.decode(bytes.subarray(start, end));
      if (!quoted) return text;
      const closing = text.lastIndexOf('"');
      return text.slice(1, closing > 0 ? closing : undefined).replaceAll('""', '"');
    });
  } catch {
    return undefined;
  }
}
