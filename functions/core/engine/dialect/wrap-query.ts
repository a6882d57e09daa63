import { quoteIdentifier } from './identifier.js';
import { sqlSegments } from './sql-segments.js';
import { sqlStringLiteral } from './trino-literal.js';

/**
 * The statement as a parenthesised subquery, ready to be wrapped. A trailing `;` is dropped
 * (DuckDB tolerates it, Trino does not inside parentheses) and the closing parenthesis goes on
 * its own line so a trailing `-- comment` cannot swallow it. Throws when the text holds more
 * than one statement: Athena runs exactly one per query execution.
 */
export function asSubquery(sql: string): string {
  return `(\n${singleStatement(sql)}\n)`;
}

/**
 * The statement without its trailing `;`. Throws on an empty text or on more than one
 * statement.
 */
export function singleStatement(sql: string): string {
  const segments = sqlSegments(sql);
  const semicolons: { segment: number; offset: number }[] = [];
  segments.forEach((segment, index) => {
    if (segment.kind !== 'code') return;
    for (let offset = segment.text.indexOf(';'); offset !== -1; ) {
      semicolons.push({ segment: index, offset });
      offset = segment.text.indexOf(';', offset + 1);
    }
  });
  const hasCode = (from: (typeof segments)[number][]) =>
    from.some((segment) => segment.kind !== 'comment' && segment.text.trim() !== '');
  if (!hasCode(segments)) throw new Error('SQL statement is empty');
  if (semicolons.length === 0) return sql.trim();
  const last = semicolons[semicolons.length - 1]!;
  const lastSegment = segments[last.segment]!;
  const after = [
    { kind: 'code' as const, text: lastSegment.text.slice(last.offset + 1) },
    ...segments.slice(last.segment + 1),
  ];
  if (semicolons.length > 1 || hasCode(after)) {
    throw new Error('SQL holds more than one statement; run one statement at a time');
  }
  const before = [
    ...segments.slice(0, last.segment),
    { kind: 'code' as const, text: lastSegment.text.slice(0, last.offset) },
  ];
  return [...before, ...after]
    .map((segment) => segment.text)
    .join('')
    .trim();
}

/**
 * `SELECT "a", "b" FROM (<sql>) AS src`: an explicit column list, the portable stand-in for
 * DuckDB's `SELECT * EXCLUDE (...)`, which Trino lacks. Columns are validated identifiers.
 */
export function selectColumns(sql: string, columns: readonly string[]): string {
  if (columns.length === 0) throw new Error('Cannot select an empty column list');
  return `SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${asSubquery(sql)} AS src`;
}

/**
 * `SELECT * FROM (<sql>) AS src LIMIT 0`: the statement's columns and types without reading
 * data (Trino plans a zero limit as an empty result, so Athena scans nothing).
 */
export function columnsOnly(sql: string): string {
  return `SELECT * FROM ${asSubquery(sql)} AS src LIMIT 0`;
}

/**
 * Athena's `UNLOAD (...) TO 's3://...' WITH (format = 'PARQUET', compression = 'ZSTD')`, the
 * Athena counterpart of DuckDB's `COPY (...) TO ... (FORMAT parquet)`. The location is text the
 * engine builds, not a user value (UNLOAD cannot take it as a parameter); it must be an
 * `s3://` folder URI ending in `/`, the form UNLOAD requires.
 */
export function athenaUnload(sql: string, columns: readonly string[], s3Folder: string): string {
  if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[^'\s]*\/$/.test(s3Folder)) {
    throw new Error('UNLOAD target must be an s3://bucket/prefix/ folder URI');
  }
  return (
    `UNLOAD (\n${selectColumns(sql, columns)}\n) TO ${sqlStringLiteral(s3Folder)} ` +
    "WITH (format = 'PARQUET', compression = 'ZSTD')"
  );
}
