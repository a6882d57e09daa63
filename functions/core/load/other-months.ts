import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { ExtractSchema } from '../extracts/schema.js';
import { mirrorToLocal } from '../store/mirror.js';
import type { ObjectStore } from '../store/object-store.js';
import type { HeaderMap } from './header-map.js';
import { rawText } from './validation-sql.js';

/** A published partition file and the month in its key. */
const PARTITION_FILE = /\/month=(\d{4}-\d{2})\/part-\d+\.parquet$/;
/** The month in a local path of such a file, as a DuckDB regular expression (either slash). */
const MONTH_IN_PATH = 'month=([0-9]{4}-[0-9]{2})[/\\\\]part-[0-9]+[.]parquet$';

/**
 * An event extract's key is unique within the LA (SPEC 3), and every event is dated in its
 * delivery month, so a key that another month of the same LA already holds is a second record
 * of one event. This fills the temp table `loaded_keys` (`__key_<column>` per key column and
 * `__loaded_month`, the earliest month holding the key) from the LA's other published months,
 * reading only the key columns of their Parquet files. Returns false, creating nothing, when
 * the LA has no other month of the extract. Reads the temp table `raw` (the delivery's rows).
 *
 * Local warehouses are read in place. S3 partitions are mirrored into `cacheDir` (only changed
 * objects are downloaded) or, without one, downloaded into `work` for this load alone.
 */
export async function loadOtherMonthKeys(
  connection: DuckDBConnection,
  store: ObjectStore,
  schema: ExtractSchema,
  header: HeaderMap,
  laCode: string,
  month: string,
  work: string,
  cacheDir: string | undefined,
): Promise<boolean> {
  const files = await otherMonthFiles(store, schema, laCode, month, work, cacheDir);
  if (files.length === 0) return false;
  // Key column names come from the schema files (validated identifiers), never from a delivery.
  const names = schema.key.map((k) => `__key_${k}`);
  const delivered = schema.key.map((k, i) => `${rawText(header, schema, k)} AS ${names[i]}`);
  const stored = schema.key.map((k, i) => `CAST(${k} AS VARCHAR) AS ${names[i]}`);
  // Only the delivery's own keys are looked up, so the month is parsed for a few rows at most.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE loaded_keys AS
WITH delivered AS (SELECT DISTINCT ${delivered.join(', ')} FROM raw),
stored AS (SELECT ${stored.join(', ')}, filename FROM read_parquet($files, filename = true))
SELECT ${names.join(', ')}, min(regexp_extract(filename, $month_pattern, 1)) AS __loaded_month
FROM stored SEMI JOIN delivered USING (${names.join(', ')})
GROUP BY ALL`,
    { files: listValue(files), month_pattern: MONTH_IN_PATH },
    { files: LIST(VARCHAR), month_pattern: VARCHAR },
  );
  return true;
}

/**
 * Local paths of the Parquet files of the LA's other published months of an extract (none when
 * it has none). Local warehouses are read in place; S3 partitions are mirrored into `cacheDir`
 * or, without one, downloaded into `work` for this load alone.
 */
export async function otherMonthFiles(
  store: ObjectStore,
  schema: ExtractSchema,
  laCode: string,
  month: string,
  work: string,
  cacheDir: string | undefined,
): Promise<string[]> {
  const prefix = `${schema.name}/la_code=${laCode}/`;
  const others = (await store.list(prefix))
    .map((object) => object.key)
    .filter((key) => {
      const found = PARTITION_FILE.exec(key);
      return found !== null && found[1] !== month;
    });
  if (others.length === 0) return [];
  let root: string;
  if (store.localRoot !== undefined) root = store.localRoot;
  else if (cacheDir !== undefined) root = await mirrorToLocal(store, [prefix], cacheDir);
  else {
    root = join(work, 'other-months');
    for (const key of others) await store.getFile(key, join(root, ...key.split('/')));
  }
  return others.map((key) => join(root, ...key.split('/')));
}

/**
 * Whether any key of the rows written to `written` (a Parquet file of warehouse columns) is
 * held by one of `files` (other months): the fast path's form of the check above, compared as
 * text as that one compares them. Reads the key columns only.
 */
export async function keysLoadedElsewhere(
  connection: DuckDBConnection,
  schema: ExtractSchema,
  written: string,
  files: readonly string[],
): Promise<boolean> {
  if (files.length === 0) return false;
  // Key column names come from the schema files (validated identifiers), never from a delivery.
  const on = schema.key
    .map((k) => `CAST(stored.${k} AS VARCHAR) = CAST(delivered.${k} AS VARCHAR)`)
    .join(' AND ');
  const keys = schema.key.join(', ');
  // The delivery's key range, as a constant filter the Parquet reader checks against each row
  // group's min/max: months whose keys lie outside it are skipped unread. Text keys only, whose
  // order is that of the equality below; the join still decides.
  const textKeys = schema.key.filter((k) =>
    ['string', 'code'].includes(schema.columns.find((c) => c.name === k)?.type ?? ''),
  );
  const inRange = textKeys.map(
    (k) =>
      `${k} BETWEEN (SELECT min(${k}) FROM read_parquet($written)) AND (SELECT max(${k}) FROM read_parquet($written))`,
  );
  const reader = await connection.runAndReadAll(
    `SELECT count(*) AS found FROM (
  SELECT ${keys} FROM (
    SELECT ${keys} FROM read_parquet($files)${inRange.length > 0 ? ` WHERE ${inRange.join(' AND ')}` : ''}
  ) AS stored
  SEMI JOIN (SELECT ${keys} FROM read_parquet($written)) AS delivered ON ${on}
  LIMIT 1
)`,
    { files: listValue([...files]), written },
    { files: LIST(VARCHAR), written: VARCHAR },
  );
  return Number(reader.getRows()[0]?.[0] ?? 0) > 0;
}
