import type { SqlValue } from '../query-engine.js';

const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'hugeint',
  'decimal',
  'real',
  'float',
  'double',
]);

/**
 * The engine type name both engines can be compared on: lower case, without parameters
 * (`DECIMAL(18,3)` and Athena's `decimal` both give `decimal`; `timestamp(3)` gives
 * `timestamp`), and with DuckDB's spellings mapped to Trino's (`float` -> `real`).
 */
export function normaliseTypeName(type: string): string {
  const base = type
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (base === 'float') return 'real';
  if (base === 'int') return 'integer';
  return base;
}

/**
 * A timestamp as the engine interface defines it: `YYYY-MM-DDTHH:MM:SS`, plus `.fff` only when
 * the fraction is not zero. Athena prints `2020-01-02 03:04:05.000`, DuckDB
 * `2020-01-02 03:04:05.123456`; both are cut to milliseconds so the two engines agree.
 * Text that is not a plain timestamp is returned unchanged.
 */
export function normaliseTimestamp(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text);
  if (match === null) return text;
  const [, date, time, fraction = ''] = match;
  const millis = fraction.slice(0, 3).padEnd(3, '0');
  return millis === '000' ? `${date}T${time}` : `${date}T${time}.${millis}`;
}

/**
 * Types one Athena result cell. Athena returns every value as text (`VarCharValue`) and a NULL
 * as a cell without one; the column's type from `ResultSetMetadata` says what it was.
 * Types outside the interface's list (arrays, maps, rows, json, time, intervals) stay text.
 */
export function athenaValue(type: string, text: string | undefined): SqlValue {
  if (text === undefined) return null;
  const base = normaliseTypeName(type);
  if (NUMERIC_TYPES.has(base)) {
    const value = Number(text);
    if (Number.isNaN(value) && text !== 'NaN') {
      throw new Error(`Athena returned a ${base} value that is not a number`);
    }
    return value;
  }
  if (base === 'boolean') return text === 'true';
  if (base === 'timestamp') return normaliseTimestamp(text);
  return text;
}
