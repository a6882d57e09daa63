import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { writeReferenceParquet } from '../core/reference/index.js';
import type { Workspace } from '../core/workspace.js';

/** Where reference tables live in the warehouse, as the Glue tables expect them. */
export const REFERENCE_ROOT = 'reference';

/**
 * Publishes the shipped reference tables (`bank_holidays`, `la`, `calendar`) as
 * `reference/<table>/part-0.parquet`, so that Athena (analysts, and the tables step when it
 * runs on Athena) joins to the same reference data DuckDB builds in memory. Idempotent.
 */
export async function publishReferenceTables(workspace: Workspace): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'panelpack-reference-'));
  const connection = await workspace.duckdb.connect();
  try {
    const files = await writeReferenceParquet(connection, work);
    const keys: string[] = [];
    for (const file of files) {
      // The files are <work>/<table>/part-0.parquet; the key keeps that layout.
      const key = `${REFERENCE_ROOT}/${relative(work, file).split(sep).join('/')}`;
      await workspace.store.putFile(key, file);
      keys.push(key);
    }
    return keys;
  } finally {
    connection.closeSync();
    await rm(work, { recursive: true, force: true });
  }
}
