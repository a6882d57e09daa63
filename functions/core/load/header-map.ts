import type { ExtractSchema } from '../extracts/schema.js';
import { csvRecords } from './csv-records.js';

/** How a file's header lines up with its schema. */
export interface HeaderMap {
  /** For each schema column, the position of its column in the file, or -1 when absent. */
  readonly positions: readonly number[];
  /** Number of fields in the header, not counting trailing empty ones (trailing commas). */
  readonly width: number;
  /** Header names the schema does not know; their values never reach the warehouse. */
  readonly dropped: readonly string[];
  /** Optional schema columns the file lacks (stored as null, reported as not recorded). */
  readonly missingOptional: readonly string[];
  /** Bytes before the first data record (UTF-8 byte order mark excluded). */
  readonly hasBom: boolean;
  /**
   * Blank lines stand before the header. DuckDB's reader would take the first of them for the
   * header, so such a file is read record by record.
   */
  readonly blankBeforeHeader?: boolean;
}

/** A problem that makes the whole file unreadable; nothing of it is written. */
export class FileRejectedError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: rejected whole, nothing loaded: ${problem}`);
    this.name = 'FileRejectedError';
  }
}

/** Why a file with a NUL byte anywhere in it is rejected whole. */
export const NUL_BYTES = 'the file holds NUL bytes: it is binary or UTF-16, not a UTF-8 CSV';

const normalise = (name: string) => name.trim().toLowerCase();

/**
 * Checks that `head` (the file's first bytes) starts a UTF-8, comma-separated CSV whose header
 * holds every required column of `schema`, and maps the header to the schema.
 * @throws FileRejectedError naming the file and what is wrong.
 */
export function mapHeader(file: string, head: Uint8Array, schema: ExtractSchema): HeaderMap {
  const reject = (problem: string): never => {
    throw new FileRejectedError(file, problem);
  };
  if (head.length === 0) reject('the file is empty');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    reject('the file is UTF-16; save it as CSV UTF-8');
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    reject('this is a zip or Excel workbook, not a CSV file');
  }
  if (head.includes(0)) reject(NUL_BYTES);
  const hasBom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const body = hasBom ? head.subarray(3) : head;
  const first = csvRecords(body, 1).next();
  if (first.done) return reject('the file is empty');
  const { fields: all, malformed } = first.value;
  if (!all) return reject('the header is not valid UTF-8; save the file as CSV UTF-8');
  if (malformed) return reject(`the header's quoting is broken: ${malformed}`);
  // Spreadsheets often save trailing empty columns as trailing commas: they are not columns.
  let named = all.length;
  while (named > 1 && all[named - 1]!.trim() === '') named -= 1;
  const fields = all.slice(0, named);
  if (fields.length === 1) {
    const sole = fields[0] ?? '';
    const other = [';', '\t', '|'].find((d) => sole.includes(d));
    if (other) {
      reject(`not comma-separated: the header uses ${other === '\t' ? 'tabs' : `"${other}"`}`);
    }
  }
  const names = fields.map(normalise);
  const seen = new Map<string, number>();
  const positions = schema.columns.map((column) => {
    const accepted = [column.name, ...(column.aliases ?? [])].map(normalise);
    const matches = names.flatMap((name, i) => (accepted.includes(name) ? [i] : []));
    if (matches.length > 1)
      reject(`column ${column.name} appears ${matches.length} times in the header`);
    const at = matches[0] ?? -1;
    if (at >= 0) seen.set(column.name, at);
    return at;
  });
  const missingRequired = schema.columns.filter((c, i) => c.required && positions[i] === -1);
  if (missingRequired.length > 0) {
    const list = missingRequired.map((c) => c.name).join(', ');
    reject(`the header lacks required column${missingRequired.length > 1 ? 's' : ''} ${list}`);
  }
  const used = new Set(positions);
  return {
    positions,
    width: fields.length,
    dropped: fields.filter((_, i) => !used.has(i)).map((f) => f.trim()),
    missingOptional: schema.columns.filter((_, i) => positions[i] === -1).map((c) => c.name),
    hasBom,
    ...(body[0] === 0x0a || body[0] === 0x0d ? { blankBeforeHeader: true } : {}),
  };
}
