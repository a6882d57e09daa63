/**
 * The vocabulary every extract schema is written in. A schema file declares its columns, code
 * lists, row rules and natural key; the loader compiles it into validating SQL, the generator
 * writes files that satisfy it and the data dictionary is generated from it.
 */

/** How a raw CSV cell is turned into a typed warehouse value. */
export type ColumnType = 'string' | 'code' | 'date' | 'datetime' | 'integer' | 'number' | 'boolean';

/** One column of an extract as delivered and as stored. */
export interface ColumnSpec {
  /** Canonical (warehouse) name; also the header name the SPEC gives. */
  readonly name: string;
  readonly type: ColumnType;
  /** A blank cell breaks the rule `required`. */
  readonly required?: boolean;
  /** Allowed values for `code` columns, in their canonical spelling (matched case-insensitively). */
  readonly codes?: readonly string[];
  /** Other header spellings accepted for this column (matched case-insensitively, trimmed). */
  readonly aliases?: readonly string[];
  /** Smallest allowed value for `integer` and `number` columns. */
  readonly min?: number;
  /** What the column means, for the data dictionary. */
  readonly description: string;
}

/** A rule that relates a row's values to each other or to the delivery month. */
export type RowRule =
  /** The date lies inside the delivery month. */
  | { readonly kind: 'in_delivery_month'; readonly column: string }
  /** The date is not after the last day of the delivery month. */
  | { readonly kind: 'not_after_month_end'; readonly column: string }
  /** When both are present, `column` is on or after `other`. */
  | { readonly kind: 'not_before'; readonly column: string; readonly other: string }
  /** `column` must be present when `when` is present. */
  | { readonly kind: 'required_when'; readonly column: string; readonly when: string }
  /** `column` must be blank unless `other` holds one of `values`. */
  | {
      readonly kind: 'blank_unless';
      readonly column: string;
      readonly other: string;
      readonly values: readonly string[];
    }
  /** Age in whole years at the month's last day, from the date in `column`, is within bounds. */
  | {
      readonly kind: 'age_at_month_end';
      readonly column: string;
      readonly min: number;
      readonly max: number;
    };

/**
 * event: rows are events dated in the delivery month. snapshot: rows are the position at the
 * month's last day. Either way a delivery replaces that LA's data for that month.
 * reference: analyst-maintained data with no LA or month partition; a row replaces any loaded
 * row with the same key (benchmarks).
 */
export type ExtractKind = 'event' | 'snapshot' | 'reference';

/** The full contract of one extract (SPEC section 3). */
export interface ExtractSchema {
  /** Warehouse table name and file-name prefix, e.g. `contacts`. */
  readonly name: string;
  readonly kind: ExtractKind;
  /** One line for the data dictionary and the README. */
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  /** Natural key: unique within LA (event extracts) or within LA and month (snapshots). */
  readonly key: readonly string[];
  readonly rules: readonly RowRule[];
}

/** Rule names as they appear in the rejects file. */
export const RULE_TEXT = {
  required: 'required: value is blank',
  date: 'type: not a date (YYYY-MM-DD or DD/MM/YYYY)',
  datetime: 'type: not an ISO 8601 date-time',
  integer: 'type: not a whole number',
  number: 'type: not a number',
  boolean: 'type: not a boolean (true/false, yes/no, y/n, 1/0)',
  code: 'code: not in the code list',
  min: 'range: below the minimum',
  duplicate: 'key: duplicate of an earlier row in this file',
  in_delivery_month: 'date: outside the delivery month',
  not_after_month_end: 'date: after the end of the delivery month',
  not_before: 'order: before',
  required_when: 'required: must be present when',
  blank_unless: 'consistency: must be blank unless',
  age_at_month_end: 'range: age at month end outside',
  fields: 'structure: wrong number of fields',
  encoding: 'encoding: not valid UTF-8',
} as const;
