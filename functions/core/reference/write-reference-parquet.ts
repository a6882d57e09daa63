import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadReferenceTable, type ReferenceDataOptions } from './load-reference-table.js';
import { REFERENCE_TABLES } from './reference-tables.js';

/**
 * Writes each reference table to `<dir>/<table>/part-0.parquet` (zstd), replacing what is there,
 * and returns the paths written in REFERENCE_TABLES order. `dir` is a local folder; the tables
 * pass through session-only temp tables, so the connection's own tables are left alone.
 */
export async function writeReferenceParquet(
  connection: DuckDBConnection,
  dir: string,
  options: ReferenceDataOptions = {},
): Promise<string[]> {
  const written: string[] = [];
  for (const table of REFERENCE_TABLES) {
    const scratch = `panelpack_reference_${table.name}`;
    const path = join(dir, table.name, 'part-0.parquet');
    await mkdir(join(dir, table.name), { recursive: true });
    await loadReferenceTable(connection, table, scratch, { ...options, temporary: true });
    try {
      await connection.run(
        `copy temp.main."${scratch}" to $path (format parquet, compression zstd)`,
        { path },
      );
    } finally {
      await connection.run(`drop table if exists temp.main."${scratch}"`);
    }
    written.push(path);
  }
  return written;
}
