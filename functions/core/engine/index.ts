export { AthenaEngine, type AthenaEngineOptions, AthenaQueryError } from './athena-engine.js';
export {
  assertIdentifier,
  normaliseTimestamp,
  normaliseTypeName,
  parameterNames,
  quoteIdentifier,
  toPositional,
} from './dialect/index.js';
export { DuckDBEngine, type DuckDBEngineOptions } from './duckdb-engine.js';
export { type DuckDBSettings, openDuckDB } from './duckdb-instance.js';
export type { QueryEngine, QueryResult, ResultColumn, SqlParam, SqlValue } from './query-engine.js';
export {
  compileSqlModel,
  loadSqlModels,
  SQL_LAYERS,
  type SqlLayer,
  type SqlModel,
} from './sql-models.js';
