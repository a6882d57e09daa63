import type { DuckDBConnection } from '@duckdb/node-api';
import { loadReferenceTable, type ReferenceDataOptions } from './load-reference-table.js';
import { REFERENCE_TABLES } from './reference-tables.js';

/**
 * Creates `bank_holidays`, `la` and `calendar` as tables in the connection's current schema,
 * replacing any of the same name, so SQL under test can join to them as report SQL does against
 * the warehouse.
 */
export async function createReferenceTables(
  connection: DuckDBConnection,
  options: ReferenceDataOptions = {},
): Promise<void> {
  for (const table of REFERENCE_TABLES) {
    await loadReferenceTable(connection, table, table.name, options);
  }
}
