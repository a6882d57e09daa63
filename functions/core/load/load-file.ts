import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { csvLine } from '../csv-text.js';
import { parameterNames } from '../engine/dialect/index.js';
import type { ExtractSchema } from '../extracts/schema.js';
import { RULE_TEXT } from '../extracts/schema.js';
import { type Logger, silentLogger } from '../logger.js';
import type { Lock, ObjectStore } from '../store/object-store.js';
import { appendRows, type TextRow } from './append-rows.js';
import { csvRecords } from './csv-records.js';
import { type DeliveryName, monthBounds, parseDeliveryName } from './delivery.js';
import { FileRejectedError, type HeaderMap, mapHeader, NUL_BYTES } from './header-map.js';
import { keysLoadedElsewhere, loadOtherMonthKeys, otherMonthFiles } from './other-months.js';
import {
  type Check,
  cleanCopyPlan,
  ROW_BREAKS_A_RULE,
  validationPlan,
  warehouseColumns,
} from './validation-sql.js';

/** What happened to one delivered file; this is also the load manifest's content. */
export interface LoadResult {
  readonly file: string;
  /** `loaded`: published; `not_replaced`: every row rejected, previous data kept; `rejected`: unreadable as a whole. */
  readonly status: 'loaded' | 'not_replaced' | 'rejected';
  readonly delivery_id?: string;
  readonly extract?: string;
  readonly la_code?: string;
  readonly month?: string;
  readonly file_sha256?: string;
  readonly rows_read: number;
  readonly rows_loaded: number;
  readonly rows_rejected: number;
  readonly months_replaced: readonly string[];
  readonly columns_dropped: readonly string[];
  readonly columns_not_recorded: readonly string[];
  /** Count of rejects per `column: rule`, for the summary. */
  readonly reject_reasons: Readonly<Record<string, number>>;
  readonly rejects_key?: string;
  readonly message?: string;
  readonly loaded_at?: string;
  /** A workbook's results, one per list and month it delivered (`loadPaths` lists these). */
  readonly deliveries?: readonly LoadResult[];
}

/** What a load needs from its surroundings. */
export interface LoadContext {
  readonly store: ObjectStore;
  readonly duckdb: DuckDBInstance;
  readonly logger?: Logger;
  /** LA codes a delivery may name (the `la` reference table); no check when undefined. */
  readonly knownLaCodes?: ReadonlySet<string>;
  /** Clock for `loaded_at`. */
  readonly now?: () => Date;
  /**
   * Where an S3 warehouse's partitions read by the cross-month key check are kept between
   * loads (only changed objects are downloaded); without it they are downloaded for each load.
   */
  readonly cacheDir?: string;
}

/** One reject line as the rejects file holds it. */
interface Reject {
  readonly row: number;
  readonly column: string;
  readonly rule: string;
  readonly value: string | null;
}

const HEAD_BYTES = 1 << 16;

/** Locks whose release failed (the store was unreachable), by store and lock name. */
const unreleased = new Map<string, Lock>();

/**
 * Takes the lock a delivery's load holds. An event extract's keys are unique across the LA's
 * months, so all loads of one LA's event extract share a lock (the cross-month key check must
 * see the other months settled); a snapshot load locks its month only. A lock this process
 * could not release earlier is released first, so a re-run after an outage does not wait for
 * its own abandoned lock to go stale.
 */
async function lockDelivery(store: ObjectStore, delivery: DeliveryName): Promise<Lock> {
  const { schema, laCode, month } = delivery;
  const name =
    laCode === undefined
      ? schema.name
      : schema.kind === 'event'
        ? `${schema.name}_${laCode}`
        : `${schema.name}_${laCode}_${month}`;
  const id = `${store.location}\n${name}`;
  const abandoned = unreleased.get(id);
  if (abandoned) {
    await abandoned.release().then(
      () => unreleased.delete(id),
      () => undefined,
    );
  }
  const lock = await store.lock(name);
  return {
    release: () =>
      lock.release().catch((error: unknown) => {
        unreleased.set(id, lock);
        throw error;
      }),
  };
}

/** Rejects-file rule for a row whose quoting is broken (the reason follows it). */
const QUOTING_RULE = 'structure: broken quoting';

/** Warehouse key of a month's data for an LA: `<extract>/la_code=<nnn>/month=<YYYY-MM>/`. */
export function partitionPrefix(extract: string, laCode: string, month: string): string {
  return `${extract}/la_code=${laCode}/month=${month}/`;
}

/**
 * Loads one delivered CSV into the warehouse (SPEC 3, issue "warehouse foundation"): validates
 * every row, publishes the accepted rows as that LA's month (replacing the month atomically),
 * writes the rejects and a manifest. A file unreadable as a whole returns status `rejected` and
 * writes nothing.
 */
export async function loadFile(path: string, context: LoadContext): Promise<LoadResult> {
  if (/\.xlsx$/i.test(path)) {
    // Imported on demand: exceljs is large, and most deliveries are CSV.
    const { loadWorkbook } = await import('./load-workbook.js');
    return loadWorkbook(path, context);
  }
  const logger = context.logger ?? silentLogger;
  const file = basename(path);
  try {
    const delivery = parseName(path);
    if (delivery.laCode && context.knownLaCodes && !context.knownLaCodes.has(delivery.laCode)) {
      throw new FileRejectedError(
        file,
        `LA ${delivery.laCode} is not in the LA list (sql/reference/la.csv)`,
      );
    }
    const header = mapHeader(file, await readHead(path), delivery.schema);
    // Hashing (which also finds NUL bytes past the header) runs while DuckDB reads the file;
    // nothing is written before it is done.
    const identity = hashFile(path).then((sha256) => ({
      sha256,
      deliveryId: `${file.replace(/\.csv$/i, '')}.${sha256.slice(0, 12)}`,
    }));
    identity.catch(() => undefined);
    const lock = await lockDelivery(context.store, delivery);
    try {
      const result = await validateAndPublish(path, file, delivery, header, identity, context);
      logger.info('loaded', {
        file,
        status: result.status,
        rows_read: result.rows_read,
        rows_loaded: result.rows_loaded,
        rows_rejected: result.rows_rejected,
      });
      return result;
    } finally {
      await lock.release();
    }
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    logger.warn('file rejected', { file, problem: error.problem });
    return rejectedResult(file, error.message);
  }
}

/** The result of a file rejected whole: nothing of it was read into the warehouse. */
export function rejectedResult(file: string, message: string): LoadResult {
  return {
    file,
    status: 'rejected',
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    months_replaced: [],
    columns_dropped: [],
    columns_not_recorded: [],
    reject_reasons: {},
    message,
  };
}

function parseName(path: string): DeliveryName {
  try {
    return parseDeliveryName(path);
  } catch (error) {
    const message = (error as Error).message;
    throw new FileRejectedError(basename(path), message.slice(message.indexOf(': ') + 2));
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch(() => {
    throw new FileRejectedError(basename(path), 'the file cannot be opened');
  });
  try {
    const size = (await handle.stat()).size;
    if (size > HEAD_BYTES) {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      // A header longer than the sniff window is read whole rather than cut mid-name.
      if (buffer.subarray(0, bytesRead).some((b) => b === 0x0a || b === 0x0d)) {
        return buffer.subarray(0, bytesRead);
      }
    }
    return await readFile(path);
  } finally {
    await handle.close();
  }
}

/** The file's SHA-256; the same pass finds NUL bytes past the header sniff window. */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    if ((chunk as Buffer).includes(0)) {
      throw new FileRejectedError(basename(path), NUL_BYTES);
    }
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

async function validateAndPublish(
  path: string,
  file: string,
  delivery: DeliveryName,
  header: HeaderMap,
  identity: Promise<DeliveryIdentity>,
  context: LoadContext,
  rows?: readonly TextRow[],
): Promise<LoadResult> {
  const { schema, laCode, month } = delivery;
  const work = await mkdtemp(join(tmpdir(), 'panelpack-load-'));
  const connection = await context.duckdb.connect();
  const local = join(work, 'part-0.parquet');
  try {
    const checked = await checkRows(path, delivery, header, context, connection, work, local, rows)
      // A file with NUL bytes can fail in DuckDB first; it is rejected for what it is.
      .catch(async (error: unknown) => {
        await identity;
        throw error;
      });
    const { sha256, deliveryId } = await identity;
    const { rowsRead, okRows, rejects, written } = checked;
    const rejectedRows = rowsRead - okRows;
    // Every row rejected: keep the month as it was rather than replace good data with nothing.
    const publish = okRows > 0 || rowsRead === 0;
    const monthsReplaced: string[] = [];
    if (publish) {
      // `checked` is in file order (built from `raw` in order, the key checks update it in
      // place), so its rows are written in file order and each re-load writes the same bytes.
      const select = `SELECT ${warehouseColumns(schema)} FROM checked WHERE len(__errors) = 0`;
      if (schema.kind === 'reference') {
        await mergeReference(connection, context.store, schema, select, local, work);
        await context.store.putFile(`${schema.name}/part-0.parquet`, local);
      } else {
        if (!written) await copyToParquet(connection, select, local);
        const prefix = partitionPrefix(schema.name, laCode!, month!);
        const key = `${prefix}part-0.parquet`;
        await context.store.putFile(key, local);
        const stale = (await context.store.list(prefix)).map((o) => o.key).filter((k) => k !== key);
        await context.store.delete(stale);
        monthsReplaced.push(month!);
      }
    }
    const rejectsKey = rejects.length > 0 ? `_rejects/${deliveryId}.csv` : undefined;
    if (rejectsKey) {
      const lines = rejects.map((r) => csvLine([file, r.row, r.column, r.rule, r.value]));
      await context.store.put(
        rejectsKey,
        csvLine(['file', 'row', 'column', 'rule', 'value']) + lines.join(''),
      );
    }
    const reasons: Record<string, number> = {};
    for (const r of rejects)
      reasons[`${r.column}: ${r.rule}`] = (reasons[`${r.column}: ${r.rule}`] ?? 0) + 1;
    const result: LoadResult = {
      file,
      status: publish ? 'loaded' : 'not_replaced',
      delivery_id: deliveryId,
      extract: schema.name,
      ...(laCode ? { la_code: laCode, month } : {}),
      file_sha256: sha256,
      rows_read: rowsRead,
      rows_loaded: publish ? okRows : 0,
      rows_rejected: rejectedRows,
      months_replaced: monthsReplaced,
      columns_dropped: header.dropped,
      columns_not_recorded: header.missingOptional,
      reject_reasons: reasons,
      ...(rejectsKey ? { rejects_key: rejectsKey } : {}),
      ...(publish
        ? {}
        : { message: `${file}: every row was rejected; the month was not replaced` }),
      loaded_at: (context.now?.() ?? new Date()).toISOString(),
    };
    await context.store.put(`_loads/${deliveryId}.json`, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await connection
      .run(
        'DROP TABLE IF EXISTS checked; DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS loaded_keys',
      )
      .catch(() => {});
    connection.closeSync();
    await rm(work, { recursive: true, force: true });
  }
}

/** A delivery's hash and the id its rejects and manifest are filed under. */
interface DeliveryIdentity {
  readonly sha256: string;
  readonly deliveryId: string;
}

/** What validation found: counts, rejects, and whether the rows are already in `local`. */
interface CheckedRows {
  readonly rowsRead: number;
  readonly okRows: number;
  readonly rejects: readonly Reject[];
  /** The fast path wrote every row to the Parquet file; otherwise the temp table `checked` holds them. */
  readonly written: boolean;
}

/**
 * Validates the delivery's rows. A CSV whose rows are all valid (the usual delivery) is written
 * straight to `local` in one streamed statement; any other file (a row breaking a rule, a
 * duplicate or already loaded key, a file DuckDB's strict reader refuses) goes through the full
 * path, which builds the temp table `checked` with every check of every row.
 */
async function checkRows(
  path: string,
  delivery: DeliveryName,
  header: HeaderMap,
  context: LoadContext,
  connection: DuckDBConnection,
  work: string,
  local: string,
  rows: readonly TextRow[] | undefined,
): Promise<CheckedRows> {
  const { schema, laCode, month } = delivery;
  if (rows === undefined && schema.kind !== 'reference' && !header.blankBeforeHeader) {
    const written = await copyIfClean(connection, path, delivery, header, context, work, local);
    if (written !== undefined) {
      return { rowsRead: written, okRows: written, rejects: [], written: true };
    }
  }
  const structural = rows
    ? await appendRows(connection, rows, header.width).then(() => ({
        fastPath: false,
        rejects: [],
      }))
    : await readRaw(connection, path, header);
  const otherMonths =
    schema.kind === 'event' && laCode !== undefined && month !== undefined
      ? await loadOtherMonthKeys(
          connection,
          context.store,
          schema,
          header,
          laCode,
          month,
          work,
          context.cacheDir,
        )
      : false;
  const plan = validationPlan(schema, header, structural.fastPath ? 'rowid + 2' : '__row', {
    otherMonths,
  });
  const bounds = month ? monthBounds(month) : { start: '1900-01-01', end: '2999-12-31' };
  // DuckDB refuses a named parameter the statement does not use, so pass only those it does.
  const offered: Record<string, unknown> = {
    ...plan.params,
    month_start: bounds.start,
    month_end: bounds.end,
  };
  const used = Object.fromEntries(parameterNames(plan.sql).map((name) => [name, offered[name]]));
  await connection.run(plan.sql, used as never, plan.types as never);
  for (const statement of plan.followUp) await connection.run(statement);
  const counts = (
    await connection.runAndReadAll(
      'SELECT count(*) AS total, sum(CASE WHEN len(__errors) = 0 THEN 1 ELSE 0 END) AS ok FROM checked',
    )
  ).getRowObjectsJS()[0] as { total: bigint; ok: bigint | null };
  const checkedRows = Number(counts.total);
  const okRows = Number(counts.ok ?? 0);
  const rejects = [
    ...structural.rejects,
    ...(await readRejects(connection, schema, plan.checks)),
  ].sort((a, b) => a.row - b.row);
  const rowsRead = checkedRows + structural.rejects.length;
  return { rowsRead, okRows, rejects, written: false };
}

/** What DuckDB must match in an error to mean "its strict reader refuses this file". */
const CSV_REFUSED = /CSV Error|unicode|Invalid Input/i;

/** DuckDB's strict reading of a delivery with `width` header fields, all as text (`$path`). */
function csvSource(width: number): string {
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return `read_csv($path, header = true, auto_detect = false, columns = {${columns}}, delim = ',', quote = '"', escape = '"', strict_mode = true, encoding = 'utf-8')`;
}

/**
 * The fast path: streams the CSV through the row checks straight into `local` as the
 * warehouse stores it, then checks the written keys for duplicates and against the LA's other
 * months. Returns the rows written, or undefined (and `local` removed) when any row breaks a
 * rule, any key repeats or is already loaded, or DuckDB's strict reader refuses the file: the
 * full path then names every reject.
 */
async function copyIfClean(
  connection: DuckDBConnection,
  path: string,
  delivery: DeliveryName,
  header: HeaderMap,
  context: LoadContext,
  work: string,
  local: string,
): Promise<number | undefined> {
  const { schema, laCode, month } = delivery;
  const plan = cleanCopyPlan(schema, header, csvSource(header.width));
  const bounds = month ? monthBounds(month) : { start: '1900-01-01', end: '2999-12-31' };
  const offered: Record<string, unknown> = {
    ...plan.params,
    month_start: bounds.start,
    month_end: bounds.end,
    path,
  };
  const used = Object.fromEntries(parameterNames(plan.sql).map((name) => [name, offered[name]]));
  let written: number;
  try {
    const target = local.replaceAll("'", "''");
    const reader = await connection.runAndReadAll(
      `COPY (${plan.sql}) TO '${target}' (FORMAT parquet, COMPRESSION zstd)`,
      used as never,
      plan.types as never,
    );
    written = Number(reader.getRows()[0]?.[0] ?? 0);
  } catch (error) {
    const message = (error as Error).message;
    if (!message.includes(ROW_BREAKS_A_RULE) && !CSV_REFUSED.test(message)) throw error;
    await rm(local, { force: true });
    return undefined;
  }
  const otherMonths =
    schema.kind === 'event' && laCode !== undefined && month !== undefined
      ? await otherMonthFiles(context.store, schema, laCode, month, work, context.cacheDir)
      : [];
  if (
    (await hasDuplicateKeys(connection, schema, local)) ||
    (await keysLoadedElsewhere(connection, schema, local, otherMonths))
  ) {
    await rm(local, { force: true });
    return undefined;
  }
  return written;
}

/** Whether two rows written to `local` share a key (rows with a blank key part never do). */
async function hasDuplicateKeys(
  connection: DuckDBConnection,
  schema: ExtractSchema,
  local: string,
): Promise<boolean> {
  // Key column names come from the schema files (validated identifiers), never from a delivery.
  const keys = schema.key.join(', ');
  const present = schema.key.map((k) => `${k} IS NOT NULL`).join(' AND ');
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FROM (SELECT ${keys} FROM read_parquet($local) WHERE ${present} GROUP BY ${keys} HAVING count(*) > 1 LIMIT 1)`,
    { local },
  );
  return Number(reader.getRows()[0]?.[0] ?? 0) > 0;
}

/**
 * Reads the file into the temp table `raw` (all text). DuckDB's strict reader does it fast; a
 * file it refuses (a row with the wrong number of fields, bytes that are not UTF-8) is read
 * record by record instead, so that only the broken rows are rejected.
 */
async function readRaw(
  connection: DuckDBConnection,
  path: string,
  header: HeaderMap,
): Promise<{ fastPath: boolean; rejects: Reject[] }> {
  // DuckDB would take a blank first line for the header: such a file is read record by record.
  if (!header.blankBeforeHeader) {
    try {
      await connection.run(
        `CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM ${csvSource(header.width)}`,
        { path },
      );
      return { fastPath: true, rejects: [] };
    } catch (error) {
      if (!CSV_REFUSED.test((error as Error).message)) throw error;
    }
  }
  const rejects: Reject[] = [];
  const names = Array.from({ length: header.width }, (_, i) => `c${i} VARCHAR`);
  await connection.run(`CREATE OR REPLACE TEMP TABLE raw (__row BIGINT, ${names.join(', ')})`);
  const appender = await connection.createAppender('raw');
  const bytes = await readFile(path);
  const body = header.hasBom ? bytes.subarray(3) : bytes;
  for (const record of csvRecords(body)) {
    if (record.row === 1) continue;
    if (!record.fields) {
      rejects.push({ row: record.row, column: '(row)', rule: RULE_TEXT.encoding, value: null });
      continue;
    }
    if (record.malformed) {
      rejects.push({
        row: record.row,
        column: '(row)',
        rule: `${QUOTING_RULE}: ${record.malformed}`,
        value: null,
      });
      continue;
    }
    // Trailing empty fields (trailing commas) are not data; DuckDB's reader ignores them too.
    const extra = record.fields.slice(header.width);
    if (record.fields.length < header.width || extra.some((field) => field !== '')) {
      rejects.push({
        row: record.row,
        column: '(row)',
        rule: `${RULE_TEXT.fields}: ${record.fields.length} where the header has ${header.width}`,
        value: null,
      });
      continue;
    }
    appender.appendBigInt(BigInt(record.row));
    for (const field of record.fields.slice(0, header.width)) appender.appendVarchar(field);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  return { fastPath: false, rejects };
}

async function readRejects(
  connection: DuckDBConnection,
  schema: ExtractSchema,
  checks: readonly Check[],
): Promise<Reject[]> {
  const details = [...new Set(checks.flatMap((c) => (c.detail ? [c.detail] : [])))];
  const texts = [...schema.columns.map((c) => `t_${c.name}`), ...details].join(', ');
  const rows = (
    await connection.runAndReadAll(
      `SELECT __row, unnest(__errors) AS check_no, ${texts} FROM checked WHERE len(__errors) > 0 ORDER BY __row, check_no`,
    )
  ).getRowObjectsJS() as Record<string, unknown>[];
  return rows.map((row) => {
    const check = checks[Number(row.check_no)]!;
    const firstColumn = check.column.split('+')[0]!;
    const value =
      schema.key.length > 1 && check.column.includes('+')
        ? schema.key.map((k) => row[`t_${k}`]).join('+')
        : row[`t_${firstColumn}`];
    return {
      row: Number(row.__row),
      column: check.column,
      rule: check.detail ? `${check.rule} ${row[check.detail]}` : check.rule,
      value: (value as string | null) ?? null,
    };
  });
}

/** COPY's target cannot be a parameter; the path is one this process made with mkdtemp. */
async function copyToParquet(
  connection: DuckDBConnection,
  select: string,
  localPath: string,
): Promise<void> {
  const target = localPath.replaceAll("'", "''");
  await connection.run(`COPY (${select}) TO '${target}' (FORMAT parquet, COMPRESSION zstd)`);
}

/** Reference data: new rows replace loaded rows with the same key; the rest is kept. */
async function mergeReference(
  connection: DuckDBConnection,
  store: ObjectStore,
  schema: ExtractSchema,
  select: string,
  localPath: string,
  work: string,
): Promise<void> {
  const previous = join(work, 'previous.parquet');
  const had = await store.getFile(`${schema.name}/part-0.parquet`, previous);
  if (!had) return copyToParquet(connection, select, localPath);
  const columns = schema.columns.map((c) => c.name).join(', ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE incoming AS ${select}`);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE previous AS SELECT ${columns} FROM read_parquet($previous)`,
    { previous },
  );
  await copyToParquet(
    connection,
    `SELECT ${columns} FROM previous ANTI JOIN incoming USING (${schema.key.join(', ')}) UNION ALL SELECT ${columns} FROM incoming`,
    localPath,
  );
  await connection.run('DROP TABLE incoming; DROP TABLE previous');
}

/** A delivery whose rows another reader (an Annex A workbook) has already turned into text. */
export interface RowsDelivery {
  /** How the delivery is named in rejects and manifests, e.g. `annex-a_850_2024-01.xlsx [List 1]`. */
  readonly file: string;
  readonly delivery: DeliveryName;
  /** How each row's fields line up with the schema. */
  readonly header: HeaderMap;
  /** SHA-256 of the file the rows came from. */
  readonly sha256: string;
  readonly deliveryId: string;
  readonly rows: readonly TextRow[];
}

/**
 * Loads rows read by another reader exactly as `loadFile` loads a CSV: the same lock, the same
 * validation SQL, the same atomic month replacement, rejects and manifest.
 */
export async function loadRows(source: RowsDelivery, context: LoadContext): Promise<LoadResult> {
  const logger = context.logger ?? silentLogger;
  const lock = await lockDelivery(context.store, source.delivery);
  try {
    const result = await validateAndPublish(
      '',
      source.file,
      source.delivery,
      source.header,
      Promise.resolve({ sha256: source.sha256, deliveryId: source.deliveryId }),
      context,
      source.rows,
    );
    logger.info('loaded', {
      file: source.file,
      status: result.status,
      rows_read: result.rows_read,
      rows_loaded: result.rows_loaded,
      rows_rejected: result.rows_rejected,
    });
    return result;
  } finally {
    await lock.release();
  }
}
