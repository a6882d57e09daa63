import type { SqlParam } from '../query-engine.js';

/** Athena rejects an execution parameter longer than this (StartQueryExecution API limit). */
const MAX_EXECUTION_PARAMETER_LENGTH = 1024;

/**
 * Renders one value as a Trino literal. Athena parses each execution parameter as a literal,
 * so a string must arrive quoted (`'it''s'`) or it would be read as SQL; doubling `'` is the
 * only escape Trino string literals have (a backslash is an ordinary character).
 */
export function trinoLiteral(value: SqlParam): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return sqlStringLiteral(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new Error('SQL parameter is not a finite number; NaN and Infinity have no literal');
      }
      // Integers print as Trino integer literals, fractions as decimal or E-notation literals.
      return String(value);
    default:
      throw new Error(`SQL parameter has unsupported type ${typeof value}`);
  }
}

/**
 * The values of a `toPositional` result as `StartQueryExecution.ExecutionParameters`.
 * Returns undefined for no values, because the API rejects an empty list.
 */
export function athenaExecutionParameters(values: readonly SqlParam[]): string[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((value, index) => {
    const literal = trinoLiteral(value);
    if (literal.length > MAX_EXECUTION_PARAMETER_LENGTH) {
      throw new Error(
        `SQL parameter ${index + 1} is longer than Athena's ${MAX_EXECUTION_PARAMETER_LENGTH}-character limit`,
      );
    }
    return literal;
  });
}

/**
 * A single-quoted SQL string literal, valid on both engines. For text the engine itself
 * generates (an UNLOAD location), never for user values: those go through parameters.
 */
export function sqlStringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
