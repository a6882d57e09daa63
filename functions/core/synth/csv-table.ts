import type { ExtractSchema } from '../extracts/index.js';
import { max } from './math.js';

/** Bytes of one generated file, in chunks to write in order, and its data row count. */
export interface CsvText {
  readonly chunks: readonly Buffer[];
  readonly rows: number;
}

/**
 * Lines are gathered into a short string (up to 16K characters) and then encoded into 1 MB
 * buffers. One long concatenated string per file would live long enough to be promoted to the
 * old generation, and at national scale garbage collection would cost more than generating;
 * encoding each line on its own costs more than the line.
 */
const BATCH_CHARS = 1 << 14;
const CHUNK_BYTES = 1 << 20;

/**
 * Builds CSV text for one extract in the schema's column order. The generator fills a reused
 * row array by column slot (looked up once), so the header and the order always follow the
 * schema file, and a column the generator does not know about is simply left blank.
 */
export class CsvTable {
  /** The row being built; set cells by slot, then call `commit`. */
  readonly row: string[];
  private readonly header: string;
  private readonly slotByName: ReadonlyMap<string, number>;
  private chunks: Buffer[] = [];
  private batch = '';
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private rows = 0;

  /** @param fields the columns this generator fills; each must exist in the schema. */
  constructor(
    readonly schema: ExtractSchema,
    fields: readonly string[],
  ) {
    const names = schema.columns.map((c) => c.name);
    this.header = `${names.join(',')}\n`;
    this.slotByName = new Map(names.map((name, i) => [name, i]));
    for (const field of fields) {
      if (!this.slotByName.has(field)) {
        throw new Error(`synth: ${schema.name} has no column "${field}"; update the generator`);
      }
    }
    this.row = names.map(() => '');
    this.append(this.header);
  }

  /**
   * True when the schema's columns are exactly `fields`, in that order: the hottest loops then
   * build lines with one template string instead of filling and joining `row`.
   */
  hasColumns(fields: readonly string[]): boolean {
    const names = this.schema.columns.map((c) => c.name);
    return names.length === fields.length && names.every((name, i) => name === fields[i]);
  }

  /** Slots of several columns at once, keyed by name. */
  slots<K extends string>(fields: readonly K[]): Readonly<Record<K, number>> {
    return Object.fromEntries(fields.map((f) => [f, this.slot(f)])) as Record<K, number>;
  }

  /** The slot (index into `row`) of a column. */
  slot(column: string): number {
    const slot = this.slotByName.get(column);
    if (slot === undefined) throw new Error(`synth: ${this.schema.name} has no column "${column}"`);
    return slot;
  }

  /**
   * Appends the current row. Values are codes, ids, dates and numbers, which never need quoting;
   * free text must go through `csvField` first.
   */
  commit(): void {
    this.append(`${this.row.join(',')}\n`);
    this.rows++;
  }

  /** Appends a pre-built line (already in column order, newline included). */
  commitLine(line: string): void {
    this.append(line);
    this.rows++;
  }

  /** Builds a line from the current row without appending it (for rows written later). */
  line(): string {
    return `${this.row.join(',')}\n`;
  }

  /** Returns the file so far and starts a new one with the header. */
  take(): CsvText {
    this.encode();
    // Copy out the used part: the buffer is reused for the next file.
    if (this.used > 0) this.chunks.push(Buffer.from(this.buffer.subarray(0, this.used)));
    const text = { chunks: this.chunks, rows: this.rows };
    this.chunks = [];
    this.used = 0;
    this.rows = 0;
    this.append(this.header);
    return text;
  }

  private append(text: string): void {
    this.batch += text;
    if (this.batch.length >= BATCH_CHARS) this.encode();
  }

  private encode(): void {
    const text = this.batch;
    if (text.length === 0) return;
    this.batch = '';
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > this.buffer.length) {
      if (this.used > 0) this.chunks.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(max(CHUNK_BYTES, text.length * 3));
      this.used = 0;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }
}

/** Quotes a free-text value when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
