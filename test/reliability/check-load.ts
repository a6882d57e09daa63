/**
 * Runs one corpus case against a real warehouse (a LocalStore folder copied from a baseline,
 * DuckDB) and checks what every load must guarantee, whatever the file holds:
 * - the loader returns a result (it never throws for a file's content);
 * - rows_read = rows_loaded + rows_rejected, rows_read is the file's number of data records,
 *   the month's Parquet holds rows_loaded rows and the rejects file names rows_rejected rows,
 *   each with a column and a rule;
 * - a whole-file reject leaves the warehouse byte-identical; a load that replaces nothing
 *   (every row rejected) leaves the month byte-identical; no load touches another month;
 * - the manifest is the result; every cell of the rejects CSV is inert in a spreadsheet;
 * - whatever the case itself expects (status, rejected rows, rules, stored values).
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { extractByName } from '../../functions/core/extracts/index.js';
import { type LoadResult, loadFile, partitionPrefix } from '../../functions/core/load/index.js';
import { LocalStore } from '../../functions/core/store/index.js';
import { type CorpusCase, type CorpusFile, LA, MONTH } from './corpus.js';
import { isInertCell, parseCsv } from './csv-check.js';

/** What broke, by kind: `lost` is data lost (a published month changed when it must not). */
export interface Violation {
  readonly kind: 'crash' | 'lost' | 'count' | 'formula' | 'manifest' | 'expectation';
  readonly detail: string;
}

/** One case's outcome, for the test and the report. */
export interface CaseOutcome {
  readonly id: string;
  readonly category: string;
  readonly extract: string;
  readonly bytes: number;
  readonly status: LoadResult['status'] | 'crashed';
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  /** Cells of product-written CSV checked for formulas. */
  readonly cellsChecked: number;
  readonly violations: readonly Violation[];
}

/** A warehouse folder holding the baseline deliveries, copied for each case. */
export async function buildBaseline(
  duckdb: DuckDBInstance,
  files: readonly CorpusFile[],
): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'panelpack-baseline-'));
  const store = new LocalStore(join(dir, 'warehouse'));
  for (const file of files) {
    const path = join(dir, file.name);
    await writeFile(path, file.bytes);
    const result = await loadFile(path, { store, duckdb });
    if (result.status !== 'loaded' || result.rows_rejected > 0) {
      throw new Error(`baseline ${file.name} did not load cleanly: ${JSON.stringify(result)}`);
    }
  }
  return { path: join(dir, 'warehouse'), remove: () => rm(dir, { recursive: true, force: true }) };
}

async function snapshot(store: LocalStore): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const object of await store.list('')) {
    const bytes = await readFile(join(store.localRoot, ...object.key.split('/')));
    hashes.set(object.key, createHash('sha256').update(bytes).digest('hex'));
  }
  return hashes;
}

async function parquetRows(
  duckdb: DuckDBInstance,
  path: string,
  sql: string,
  params: Record<string, string> = {},
): Promise<Record<string, unknown>[]> {
  const connection = await duckdb.connect();
  try {
    return (
      await connection.runAndReadAll(sql.replace('$file', '$path'), { ...params, path })
    ).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

/** Loads a case's file into a fresh copy of the baseline and checks everything. */
export async function runCase(
  item: CorpusCase,
  duckdb: DuckDBInstance,
  baseline: string,
): Promise<CaseOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'panelpack-case-'));
  const violations: Violation[] = [];
  const fail = (kind: Violation['kind'], detail: string) => violations.push({ kind, detail });
  let result: LoadResult | undefined;
  let cellsChecked = 0;
  try {
    await cp(baseline, join(dir, 'warehouse'), { recursive: true });
    const store = new LocalStore(join(dir, 'warehouse'));
    await mkdir(join(dir, 'before'));
    for (const [i, file] of (item.before ?? []).entries()) {
      await mkdir(join(dir, 'before', String(i)));
      const path = join(dir, 'before', String(i), file.name);
      await writeFile(path, file.bytes);
      const before = await loadFile(path, { store, duckdb });
      if (before.status !== 'loaded')
        fail('expectation', `before-file ${file.name}: ${before.status}`);
    }
    const hashes = await snapshot(store);
    const path = join(dir, item.file.name);
    await writeFile(path, item.file.bytes);
    try {
      result = await loadFile(path, { store, duckdb });
    } catch (error) {
      fail('crash', (error as Error).message.slice(0, 300));
    }
    const after = await snapshot(store);
    if (result) {
      cellsChecked = await checkResult(item, result, store, duckdb, hashes, after, fail);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    id: item.id,
    category: item.category,
    extract: item.extract,
    bytes: item.file.bytes.length,
    status: result?.status ?? 'crashed',
    rowsRead: result?.rows_read ?? 0,
    rowsLoaded: result?.rows_loaded ?? 0,
    rowsRejected: result?.rows_rejected ?? 0,
    cellsChecked,
    violations,
  };
}

async function checkResult(
  item: CorpusCase,
  result: LoadResult,
  store: LocalStore,
  duckdb: DuckDBInstance,
  before: Map<string, string>,
  after: Map<string, string>,
  fail: (kind: Violation['kind'], detail: string) => void,
): Promise<number> {
  const expect = item.expect;
  if (!['loaded', 'not_replaced', 'rejected'].includes(result.status)) {
    fail('expectation', `unknown status ${result.status}`);
  }
  if (expect.status && !expect.status.includes(result.status)) {
    fail(
      'expectation',
      `status ${result.status}, expected ${expect.status.join('/')}: ${result.message ?? ''}`,
    );
  }
  const monthKey = `${partitionPrefix(item.extract, LA, MONTH)}part-0.parquet`;
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (key) => before.get(key) !== after.get(key),
  );
  if (result.status === 'rejected') {
    if (changed.length > 0) fail('lost', `whole-file reject changed ${changed.join(', ')}`);
    if (result.rows_read + result.rows_loaded + result.rows_rejected !== 0) {
      fail('count', 'whole-file reject reports rows');
    }
    if (!result.message) fail('expectation', 'whole-file reject without a message');
    if (expect.message && !result.message?.includes(expect.message)) {
      fail('expectation', `message "${result.message}" lacks "${expect.message}"`);
    }
    return 0;
  }
  // Only the month itself, this delivery's manifest and rejects may change.
  const allowed = new Set([
    ...(result.status === 'loaded' ? [monthKey] : []),
    `_loads/${result.delivery_id}.json`,
    `_rejects/${result.delivery_id}.csv`,
  ]);
  for (const key of changed) {
    if (!allowed.has(key)) fail('lost', `${result.status} load changed ${key}`);
  }
  if (result.rows_read !== result.rows_loaded + result.rows_rejected) {
    fail(
      'count',
      `read ${result.rows_read} != loaded ${result.rows_loaded} + rejected ${result.rows_rejected}`,
    );
  }
  if (expect.records !== undefined && result.rows_read !== expect.records) {
    fail('count', `read ${result.rows_read} rows, the file has ${expect.records}`);
  }
  if (expect.rejected !== undefined && result.rows_rejected !== expect.rejected) {
    fail(
      'expectation',
      `rejected ${result.rows_rejected}, expected ${expect.rejected}: ${JSON.stringify(result.reject_reasons).slice(0, 400)}`,
    );
  }
  for (const name of expect.dropped ?? []) {
    if (!result.columns_dropped.includes(name)) fail('expectation', `column ${name} not dropped`);
  }
  const manifest = await store.get(`_loads/${result.delivery_id}.json`);
  if (
    !manifest ||
    JSON.stringify(JSON.parse(manifest.toString('utf8'))) !== JSON.stringify(result)
  ) {
    fail('manifest', 'the manifest is missing or differs from the result');
  }
  if (result.status === 'loaded') {
    const file = join(store.localRoot, ...monthKey.split('/'));
    const [{ n }] = (await parquetRows(
      duckdb,
      file,
      'SELECT count(*)::INTEGER AS n FROM read_parquet($file)',
    )) as [{ n: number }];
    if (n !== result.rows_loaded)
      fail('count', `the month holds ${n} rows, loaded says ${result.rows_loaded}`);
    if (expect.absent?.length || expect.stored?.length) {
      const schema = extractByName(item.extract)!;
      const rows = await parquetRows(duckdb, file, 'SELECT * FROM read_parquet($file)');
      const text = JSON.stringify(rows);
      for (const word of expect.absent ?? []) {
        if (text.includes(word)) fail('expectation', `"${word}" reached the warehouse`);
      }
      for (const { key, column, value } of expect.stored ?? []) {
        const row = rows.find((r) => r[schema.key[0]!] === key);
        if (row?.[column] !== value) {
          fail(
            'expectation',
            `${column} of ${key} is ${JSON.stringify(row?.[column])}, expected ${JSON.stringify(value)}`,
          );
        }
      }
    }
  } else if (before.get(monthKey) !== after.get(monthKey)) {
    fail('lost', 'a load that replaced nothing changed the month');
  }
  return checkRejects(item, result, store, fail);
}

async function checkRejects(
  item: CorpusCase,
  result: LoadResult,
  store: LocalStore,
  fail: (kind: Violation['kind'], detail: string) => void,
): Promise<number> {
  if (!result.rejects_key) {
    if (result.rows_rejected > 0) fail('count', 'rows rejected without a rejects file');
    if (item.expect.rules?.length)
      fail('expectation', `no rejects, expected ${item.expect.rules.join('; ')}`);
    return 0;
  }
  const text = (await store.get(result.rejects_key))?.toString('utf8') ?? '';
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    fail('formula', `the rejects file is not RFC 4180: ${(error as Error).message}`);
    return 0;
  }
  const [header, ...lines] = records;
  if (JSON.stringify(header) !== JSON.stringify(['file', 'row', 'column', 'rule', 'value'])) {
    fail('expectation', `rejects header ${JSON.stringify(header)}`);
  }
  let cells = 0;
  const rows = new Set<number>();
  for (const line of lines) {
    for (const cell of line) {
      cells += 1;
      if (!isInertCell(cell))
        fail(
          'formula',
          `a rejects cell would run as a formula: ${JSON.stringify(cell.slice(0, 60))}`,
        );
    }
    const [file, row, column, rule] = line;
    if (
      line.length !== 5 ||
      file !== item.file.name ||
      !/^\d+$/.test(row ?? '') ||
      Number(row) < 2 ||
      !column ||
      !rule
    ) {
      fail('expectation', `malformed reject line ${JSON.stringify(line).slice(0, 200)}`);
    }
    rows.add(Number(row));
  }
  if (rows.size !== result.rows_rejected) {
    fail(
      'count',
      `the rejects file names ${rows.size} rows, rejected says ${result.rows_rejected}`,
    );
  }
  for (const fragment of item.expect.rules ?? []) {
    if (!lines.some((line) => line[3]?.includes(fragment))) {
      fail(
        'expectation',
        `no reject says "${fragment}": ${[...new Set(lines.map((l) => l[3]))].join('; ').slice(0, 300)}`,
      );
    }
  }
  return cells;
}
