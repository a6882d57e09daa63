import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { WAREHOUSE_TYPE } from '../extracts/column-types.js';
import type { ColumnSpec, ExtractSchema, RowRule } from '../extracts/schema.js';
import { RULE_TEXT } from '../extracts/schema.js';
import type { HeaderMap } from './header-map.js';

/** One check the SQL can fail, numbered by its position in `checks`. */
export interface Check {
  /** The column named in the rejects file. */
  readonly column: string;
  /** The rule text written to the rejects file. */
  readonly rule: string;
  /** A column of `checked` whose value completes the rule text (e.g. the other month). */
  readonly detail?: string;
}

/** Options of {@link validationPlan}. */
export interface PlanOptions {
  /** Check the key against the temp table `loaded_keys` (see `loadOtherMonthKeys`). */
  readonly otherMonths?: boolean;
}

/** Rejects-file rule for a key another month of the LA already holds; the month follows. */
export const LOADED_FOR_MONTH = 'key: already loaded for month';

/** Validation compiled for one file: SQL over the temp table `raw`, and its parameters. */
export interface ValidationPlan {
  /** Creates the temp table `checked`: `__row`, `t_<col>` (trimmed text), `v_<col>` (typed), `__errors`. */
  readonly sql: string;
  /** Run after `sql`, in order: the key checks, which add to `__errors` (no parameters). */
  readonly followUp: readonly string[];
  readonly params: Record<string, unknown>;
  readonly types: Record<string, unknown>;
  readonly checks: readonly Check[];
}

// Column names in this SQL come from the schema files (validated snake_case identifiers, see
// test/unit/extracts), never from the delivered file; values only ever arrive as parameters.

// trim() copies every string it is given; most cells have no space to trim, so it runs only on
// those that start or end with one (trim removes spaces only, so the result is the same).
const TEXT = (position: number) =>
  position < 0
    ? 'CAST(NULL AS VARCHAR)'
    : `NULLIF(CASE WHEN prefix(c${position}, ' ') OR suffix(c${position}, ' ') THEN trim(c${position}) ELSE c${position} END, '')`;

/** A column's trimmed text in the temp table `raw`, as the validation reads it. */
export function rawText(header: HeaderMap, schema: ExtractSchema, column: string): string {
  return TEXT(header.positions[schema.columns.findIndex((c) => c.name === column)] ?? -1);
}

function typedExpression(column: ColumnSpec, index: number): string {
  const t = `t_${column.name}`;
  switch (column.type) {
    case 'string':
      return t;
    case 'code': {
      const lookup = `$canon_${index}[list_position($upper_${index}, upper(${t}))]`;
      // A value already in its canonical spelling is the usual case and needs no upper-casing,
      // unless two codes differ only in case (then the case-insensitive lookup decides).
      const codes = column.codes ?? [];
      const caseUnique = new Set(codes.map((c) => c.toUpperCase())).size === codes.length;
      return caseUnique
        ? `CASE WHEN list_contains($canon_${index}, ${t}) THEN ${t} ELSE ${lookup} END`
        : lookup;
    }
    case 'date':
      // Fast path: a value that casts to a DATE whose own text it is ('YYYY-MM-DD', 4-digit year)
      // is the date strptime reads from it (checked for every date from 0001 to 9999).
      return `coalesce(CASE WHEN length(${t}) = 10 AND CAST(try_cast(${t} AS DATE) AS VARCHAR) = ${t} THEN try_cast(${t} AS DATE) END, CAST(coalesce(try_strptime(${t}, '%Y-%m-%d'), try_strptime(${t}, '%d/%m/%Y')) AS DATE))`;
    case 'datetime':
      // DuckDB also casts words ('infinity', 'epoch'); an ISO 8601 value starts with its date.
      return `CASE WHEN regexp_matches(${t}, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN try_cast(${t} AS TIMESTAMP) END`;
    case 'integer':
      return `CASE WHEN regexp_full_match(${t}, '[+-]?[0-9]{1,18}') THEN CAST(${t} AS BIGINT) END`;
    case 'number':
      return `CASE WHEN isfinite(try_cast(${t} AS DOUBLE)) THEN try_cast(${t} AS DOUBLE) END`;
    case 'boolean': {
      // A CASE of comparisons, not IN lists: DuckDB plans each IN list as a join of its own,
      // whose set-up costs a small file more than its rows do.
      const truth = (words: readonly string[], value: boolean) =>
        words.map((w) => `WHEN '${w}' THEN ${value}`).join(' ');
      return `CASE upper(${t}) ${truth(['TRUE', 'T', 'YES', 'Y', '1'], true)} ${truth(['FALSE', 'F', 'NO', 'N', '0'], false)} END`;
    }
  }
}

function ruleCondition(
  rule: RowRule,
  params: Record<string, unknown>,
  types: Record<string, unknown>,
  i: number,
): { column: string; rule: string; when: string } {
  switch (rule.kind) {
    case 'in_delivery_month':
      return {
        column: rule.column,
        rule: RULE_TEXT.in_delivery_month,
        when: `v_${rule.column} NOT BETWEEN CAST($month_start AS DATE) AND CAST($month_end AS DATE)`,
      };
    case 'not_after_month_end':
      return {
        column: rule.column,
        rule: RULE_TEXT.not_after_month_end,
        when: `v_${rule.column} > CAST($month_end AS DATE)`,
      };
    case 'not_before':
      return {
        column: rule.column,
        rule: `${RULE_TEXT.not_before} ${rule.other}`,
        when: `CAST(v_${rule.column} AS TIMESTAMP) < CAST(v_${rule.other} AS TIMESTAMP)`,
      };
    case 'required_when':
      return {
        column: rule.column,
        rule: `${RULE_TEXT.required_when} ${rule.when} is`,
        when: `t_${rule.column} IS NULL AND v_${rule.when} IS NOT NULL`,
      };
    case 'blank_unless':
      params[`rule_${i}`] = listValue([...rule.values]);
      types[`rule_${i}`] = LIST(VARCHAR);
      return {
        column: rule.column,
        rule: `${RULE_TEXT.blank_unless} ${rule.other} is ${rule.values.join(' or ')}`,
        when: `t_${rule.column} IS NOT NULL AND NOT coalesce(list_contains($rule_${i}, v_${rule.other}), false)`,
      };
    case 'age_at_month_end': {
      const dob = `v_${rule.column}`;
      const end = 'CAST($month_end AS DATE)';
      const age = `(year(${end}) - year(${dob}) - CASE WHEN month(${end}) * 100 + day(${end}) < month(${dob}) * 100 + day(${dob}) THEN 1 ELSE 0 END)`;
      return {
        column: rule.column,
        rule: `${RULE_TEXT.age_at_month_end} ${rule.min}-${rule.max}`,
        when: `${age} NOT BETWEEN ${Number(rule.min)} AND ${Number(rule.max)}`,
      };
    }
  }
}

/**
 * Compiles a schema into one DuckDB statement that types every cell and lists, per row, the
 * numbers of the checks it fails. Doing this in SQL keeps the load near DuckDB's own CSV speed.
 * `rowExpression` gives each row's number as a spreadsheet shows it (header = row 1).
 */
export function validationPlan(
  schema: ExtractSchema,
  header: HeaderMap,
  rowExpression: string,
  options: PlanOptions = {},
): ValidationPlan {
  const { params, types, checks, whens, texts, typed } = rowChecks(schema, header);
  const conditions = whens.map((when, i) => `CASE WHEN ${when} THEN ${i} END`);
  const sql = `CREATE OR REPLACE TEMP TABLE checked AS
WITH texts AS (SELECT ${rowExpression} AS __row, ${texts.join(', ')} FROM raw),
typed AS (SELECT *, ${typed.join(', ')} FROM texts)
SELECT *, list_filter([${conditions.join(', ')}], lambda e: e IS NOT NULL) AS __errors, CAST(NULL AS VARCHAR) AS __loaded_month FROM typed`;
  // The key checks need the whole file; they append their numbers to the rows they find, after
  // the row checks' (so a row's check numbers stay in ascending order). An aggregate and an
  // update in place keep the table in file order, which a window over the key would not.
  const keyNames = schema.key.join('+');
  const present = schema.key.map((k) => `v_${k} IS NOT NULL`).join(' AND ');
  const duplicate = checks.length;
  checks.push({ column: keyNames, rule: RULE_TEXT.duplicate });
  const followUp = [
    `UPDATE checked SET __errors = list_append(__errors, ${duplicate})
FROM (
  SELECT ${schema.key.map((k) => `v_${k}`).join(', ')}, min(__row) AS __first
  FROM checked WHERE ${present} GROUP BY ALL HAVING count(*) > 1
) AS repeated
WHERE ${schema.key.map((k) => `checked.v_${k} = repeated.v_${k}`).join(' AND ')} AND checked.__row > repeated.__first`,
  ];
  if (options.otherMonths) {
    const loaded = checks.length;
    checks.push({ column: keyNames, rule: LOADED_FOR_MONTH, detail: '__loaded_month' });
    followUp.push(`UPDATE checked SET __errors = list_append(__errors, ${loaded}), __loaded_month = loaded_keys.__loaded_month
FROM loaded_keys
WHERE ${schema.key.map((k) => `CAST(checked.v_${k} AS VARCHAR) = loaded_keys.__key_${k}`).join(' AND ')}`);
  }
  return { sql, followUp, params, types, checks };
}

/** Error message of a row that breaks a rule inside {@link cleanCopyPlan}'s statement. */
export const ROW_BREAKS_A_RULE = 'panelpack: a row breaks a rule';

/** One statement that writes a file's rows as the warehouse stores them, if they are all valid. */
export interface CleanCopyPlan {
  /** A query of the warehouse columns that fails with {@link ROW_BREAKS_A_RULE} at a bad row. */
  readonly sql: string;
  readonly params: Record<string, unknown>;
  readonly types: Record<string, unknown>;
}

/**
 * The fast path of a load, for the usual file where every row is valid: the same typing and
 * row-level checks as {@link validationPlan}, streamed from `source` (a `read_csv` call) straight
 * to the warehouse columns, in file order, with no table in between. The first row that breaks
 * a rule stops the statement (the caller then takes the full path, which names every reject).
 * The key checks that need the whole file (duplicates, other months) are the caller's, on the
 * written rows.
 */
export function cleanCopyPlan(
  schema: ExtractSchema,
  header: HeaderMap,
  source: string,
): CleanCopyPlan {
  const { params, types, whens, texts, typed } = rowChecks(schema, header);
  const breaks = whens.map((when) => `(${when})`).join(' OR ');
  const sql = `WITH texts AS (SELECT ${texts.join(', ')} FROM ${source}),
typed AS (SELECT *, ${typed.join(', ')} FROM texts)
SELECT ${warehouseColumns(schema)} FROM typed
WHERE CASE WHEN coalesce(${breaks}, false) THEN error('${ROW_BREAKS_A_RULE}') ELSE true END`;
  return { sql, params, types };
}

/**
 * The checks one row can fail on its own (values, types, codes, minimums, row rules), in the
 * order their numbers run, with the text and typed expressions they read.
 */
function rowChecks(
  schema: ExtractSchema,
  header: HeaderMap,
): {
  params: Record<string, unknown>;
  types: Record<string, unknown>;
  checks: Check[];
  whens: string[];
  texts: string[];
  typed: string[];
} {
  const params: Record<string, unknown> = {};
  const types: Record<string, unknown> = {};
  const checks: Check[] = [];
  const whens: string[] = [];
  const add = (column: string, rule: string, when: string) => {
    whens.push(when);
    checks.push({ column, rule });
  };

  schema.columns.forEach((column, i) => {
    const t = `t_${column.name}`;
    const v = `v_${column.name}`;
    if (column.required) add(column.name, RULE_TEXT.required, `${t} IS NULL`);
    if (column.type === 'code') {
      const codes = column.codes ?? [];
      params[`canon_${i}`] = listValue([...codes]);
      params[`upper_${i}`] = listValue(codes.map((c) => c.toUpperCase()));
      types[`canon_${i}`] = LIST(VARCHAR);
      types[`upper_${i}`] = LIST(VARCHAR);
      add(
        column.name,
        `${RULE_TEXT.code} (${codes.join(' ')})`,
        `${t} IS NOT NULL AND ${v} IS NULL`,
      );
    } else if (column.type !== 'string') {
      add(column.name, RULE_TEXT[column.type], `${t} IS NOT NULL AND ${v} IS NULL`);
    }
    if (column.min !== undefined) {
      add(column.name, `${RULE_TEXT.min} ${Number(column.min)}`, `${v} < ${Number(column.min)}`);
    }
  });
  schema.rules.forEach((rule, i) => {
    const { column, rule: text, when } = ruleCondition(rule, params, types, i);
    add(column, text, when);
  });
  const texts = schema.columns.map((c, i) => `${TEXT(header.positions[i]!)} AS t_${c.name}`);
  const typed = schema.columns.map((c, i) => `${typedExpression(c, i)} AS v_${c.name}`);
  return { params, types, checks, whens, texts, typed };
}

/** Warehouse column list with types, for the Parquet the loader writes. */
export function warehouseColumns(schema: ExtractSchema): string {
  return schema.columns
    .map((c) => `CAST(v_${c.name} AS ${WAREHOUSE_TYPE[c.type]}) AS ${c.name}`)
    .join(', ');
}
