/**
 * Everything that differs between DuckDB and Athena (Trino) at the TypeScript level. Report
 * SQL itself stays inside the portable subset in README.md and needs no rewriting apart from
 * its `$name` placeholders.
 */
export { assertIdentifier, quoteIdentifier } from './identifier.js';
export { type PositionalSql, parameterNames, toPositional } from './named-parameters.js';
export { athenaValue, normaliseTimestamp, normaliseTypeName } from './result-values.js';
export { type SqlSegment, sqlSegments } from './sql-segments.js';
export { athenaExecutionParameters, sqlStringLiteral, trinoLiteral } from './trino-literal.js';
export {
  asSubquery,
  athenaUnload,
  columnsOnly,
  selectColumns,
  singleStatement,
} from './wrap-query.js';
