import type { SqlParam } from '../query-engine.js';
import { sqlSegments } from './sql-segments.js';

/** SQL with `?` placeholders and the values to bind to them, in order. */
export interface PositionalSql {
  readonly sql: string;
  readonly values: readonly SqlParam[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Converts DuckDB-style `$name` placeholders to `?` in order of appearance, for Athena, whose
 * execution parameters are positional only. A name used twice yields two `?` and two values.
 * `$` inside string literals, quoted identifiers and comments is left alone.
 *
 * Throws (naming the parameter, never its value) when a placeholder has no value, and on
 * placeholder forms only one engine understands: bare `?`, `$1`, `$$dollar quoting$$`.
 * Values the SQL does not use are ignored.
 */
export function toPositional(
  sql: string,
  params: Readonly<Record<string, SqlParam>> = {},
): PositionalSql {
  const values: SqlParam[] = [];
  const out = sqlSegments(sql).map((segment) =>
    segment.kind === 'code' ? rewriteCode(segment.text, params, values) : segment.text,
  );
  return { sql: out.join(''), values };
}

/**
 * The distinct parameter names a statement uses, in order of first appearance. DuckDB rejects
 * named values that a statement does not use, so its engine can pass only these.
 */
export function parameterNames(sql: string): string[] {
  const names: string[] = [];
  for (const segment of sqlSegments(sql)) {
    if (segment.kind !== 'code') continue;
    for (const match of segment.text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const name = match[1]!;
      if (!names.includes(name)) names.push(name);
    }
  }
  return names;
}

function rewriteCode(
  code: string,
  params: Readonly<Record<string, SqlParam>>,
  values: SqlParam[],
): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const ch = code[i];
    if (ch === '?') {
      throw new Error('SQL uses a positional ? placeholder; use $name parameters');
    }
    if (ch !== '$') {
      out += ch;
      i += 1;
      continue;
    }
    const rest = code.slice(i + 1);
    if (rest.startsWith('$')) {
      throw new Error('SQL uses $$ dollar quoting, which Trino does not support');
    }
    const name = NAME.exec(rest)?.[0];
    if (name === undefined) {
      throw new Error('SQL has a $ that is not a $name parameter (positional $1 is not portable)');
    }
    if (!Object.hasOwn(params, name)) {
      throw new Error(`SQL parameter $${name} has no value`);
    }
    values.push(params[name] as SqlParam);
    out += '?';
    i += 1 + name.length;
  }
  return out;
}
