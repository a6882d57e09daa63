import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { openDuckDB } from '../../../functions/core/engine/duckdb-instance.js';
import { csvRecords } from '../../../functions/core/load/csv-records.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { csvField } from '../../reliability/schema-rows.js';

/** Characters that matter to CSV, and some that matter to encodings. */
const cell = fc.string({
  unit: fc.constantFrom('a', 'Z', '1', ' ', ',', '"', '\n', '\r', '\r\n', 'é', '😀', '\t', ';'),
  maxLength: 8,
});
const eol = fc.constantFrom('\n', '\r\n', '\r');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

test('records written by RFC 4180 are read back field for field, row numbers counting records', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
      eol,
      fc.boolean(),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 4 }),
      (records, lineEnd, finalEol, quoteAll, blanks) => {
        const lines = records.map((record) =>
          // A record of one empty field would be a blank line, which is no record: quote it.
          record.map((v) => csvField(v, quoteAll || (record.length === 1 && v === ''))).join(','),
        );
        // Blank lines anywhere but at the end are skipped and not counted.
        for (const at of blanks) lines.splice(at % lines.length, 0, '');
        const text = lines.join(lineEnd) + (finalEol ? lineEnd : '');
        const read = [...csvRecords(bytes(text))];
        expect(read.map((r) => r.fields)).toEqual(records);
        expect(read.map((r) => r.row)).toEqual(records.map((_, i) => i + 1));
        expect(read.filter((r) => r.malformed)).toEqual([]);
      },
    ),
    { numRuns: 400 },
  );
});

test('any bytes split without an error into numbered records, each decoded or flagged', () => {
  const damage = fc.constantFrom(0x2c, 0x22, 0x0a, 0x0d, 0x20, 0x61, 0xc3, 0xa9, 0xe9, 0xff, 0xef);
  fc.assert(
    fc.property(fc.array(damage, { maxLength: 200 }), (values) => {
      const input = Uint8Array.from(values);
      const read = [...csvRecords(input)];
      expect(read.map((r) => r.row)).toEqual(read.map((_, i) => i + 1));
      const breaks = values.filter((b) => b === 0x0a || b === 0x0d).length;
      expect(read.length).toBeLessThanOrEqual(breaks + 1);
      for (const record of read) {
        if (record.fields === undefined) continue;
        expect(record.fields.length).toBeGreaterThan(0);
        // A well-formed record survives being written out and read again.
        if (!record.malformed) {
          const again = [
            ...csvRecords(bytes(record.fields.map((f) => csvField(f, true)).join(','))),
          ];
          expect(again[0]?.fields).toEqual(record.fields);
        }
      }
    }),
    { numRuns: 1000 },
  );
});

test('the header sniff reads exactly one record however long the file', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1 }),
      (records) => {
        const text = records.map((r) => r.map((v) => csvField(v, true)).join(',')).join('\n');
        const read = [...csvRecords(bytes(text), 1)];
        expect(read).toHaveLength(1);
        expect(read[0]!.fields).toEqual(records[0]);
      },
    ),
  );
});

describe('the record-by-record reader agrees with DuckDB wherever DuckDB reads the file', () => {
  let duckdb: DuckDBInstance;
  let connection: DuckDBConnection;
  let dir: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    duckdb = await openDuckDB({ threads: 1 });
    connection = await duckdb.connect();
    dir = await tempDir();
  });
  afterAll(async () => {
    connection.closeSync();
    duckdb.closeSync();
    await dir.remove();
  });

  /** A file's rows as the loader's fast path reads them, or undefined when DuckDB refuses. */
  async function duckdbRows(path: string, width: number): Promise<(string | null)[][] | undefined> {
    const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    try {
      const reader = await connection.runAndReadAll(
        `SELECT * FROM read_csv($path, header = true, auto_detect = false, columns = {${columns}}, delim = ',', quote = '"', escape = '"', strict_mode = true, encoding = 'utf-8')`,
        { path },
      );
      return reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
    } catch {
      return undefined;
    }
  }

  test('same rows, same values (an empty value is null to both)', async () => {
    // CSV-ish text: a header of `width` plain names, then fragments that may or may not be CSV.
    const fragment = fc.constantFrom(
      'a',
      'b c',
      ' ',
      '  ',
      '\t',
      ',',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      'é',
      ',,',
      '" ',
    );
    let agreed = 0;
    await fc.assert(
      fc.asyncProperty(
        // Every extract has several columns; with one, DuckDB reads a blank line as a row.
        fc.integer({ min: 2, max: 4 }),
        fc.array(fragment, { maxLength: 30 }),
        async (width, parts) => {
          const header = Array.from({ length: width }, (_, i) => `h${i}`).join(',');
          const text = `${header}\n${parts.join('')}`;
          const path = join(dir.path, 'agree.csv');
          await writeFile(path, text);
          const expected = await duckdbRows(path, width);
          if (expected === undefined) return;
          agreed += 1;
          const ours = [...csvRecords(bytes(text))].slice(1).map((record) => {
            expect(record.malformed).toBeUndefined();
            const fields = record.fields!;
            // Trailing empty fields are not data to either reader.
            expect(fields.slice(width).every((f) => f === '')).toBe(true);
            return fields.slice(0, width).map((f) => (f === '' ? null : f));
          });
          expect(ours).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
    // The property must have met files DuckDB reads, not only ones it refuses.
    expect(agreed).toBeGreaterThan(30);
  });
});
