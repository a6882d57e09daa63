import { assertIdentifier } from '../engine/dialect/index.js';
import type { QueryEngine, SqlValue } from '../engine/query-engine.js';

/** A report-table row as the engine returns it (see QueryEngine's value contract). */
export type Row = Readonly<Record<string, SqlValue>>;

/** What a report reads from one report table: the columns it needs and the row order. */
export interface TableRead {
  readonly columns: readonly string[];
  readonly orderBy: readonly string[];
}

/** The tables a report reads, by report-table name (SPEC 4). */
export type TableReads = Readonly<Record<string, TableRead>>;

/** Reads rows of a declared table for the report's LA, or for a named partner LA. */
export type TableReader = (table: string, laCode?: string) => Promise<readonly Row[]>;

/**
 * A reader limited to the tables and columns a report declares, always filtered to one LA and
 * build month by parameters (`$la_code`, `$as_of`): a report cannot read what its catalogue
 * entry does not name, which is what the lineage test checks against `sql/reports`.
 */
export function tableReader(
  engine: QueryEngine,
  reads: TableReads,
  scope: { readonly laCode: string; readonly asOf: string },
): TableReader {
  const cache = new Map<string, Promise<readonly Row[]>>();
  return (table, laCode = scope.laCode) => {
    const read = reads[table];
    if (!read) throw new Error(`report reads table ${table} without declaring it`);
    const key = `${table}/${laCode}`;
    let rows = cache.get(key);
    if (!rows) {
      const columns = read.columns.map(assertIdentifier).join(', ');
      const order = read.orderBy.map(assertIdentifier).join(', ');
      // Names are checked identifiers from the catalogue; values travel as parameters.
      const sql = `SELECT ${columns} FROM ${assertIdentifier(table)} WHERE la_code = $la_code AND as_of = $as_of${order ? ` ORDER BY ${order}` : ''}`;
      rows = engine.query(sql, { la_code: laCode, as_of: scope.asOf }).then(
        (r) => r.rows,
        (error: Error) => {
          // DuckDB has no view for a report table until a build has written it.
          if (/does not exist|not found/i.test(error.message)) {
            throw new Error(
              `report table ${table} has not been built: run \`panelpack tables --month ${scope.asOf}\` first`,
            );
          }
          throw error;
        },
      );
      cache.set(key, rows);
    }
    return rows;
  };
}

/** A numeric cell, or null. */
export function num(row: Row | undefined, column: string): number | null {
  const value = row?.[column];
  return typeof value === 'number' ? value : null;
}

/** A numeric cell that must be there (counts are never null in the report tables). */
export function count(row: Row | undefined, column: string): number {
  return num(row, column) ?? 0;
}

/** A text or date cell, or null. */
export function str(row: Row | undefined, column: string): string | null {
  const value = row?.[column];
  return value === null || value === undefined ? null : String(value);
}
