import { randomUUID } from 'node:crypto';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  type Row,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { ObjectStore } from '../store/object-store.js';
import {
  athenaExecutionParameters,
  athenaUnload,
  athenaValue,
  columnsOnly,
  normaliseTypeName,
  singleStatement,
  toPositional,
} from './dialect/index.js';
import type { QueryEngine, QueryResult, ResultColumn, SqlParam, SqlValue } from './query-engine.js';

export interface AthenaEngineOptions {
  readonly client: AthenaClient;
  /** The workgroup; it enforces the result location and encryption, so none is passed here. */
  readonly workgroup: string;
  /** The Glue database holding the warehouse and report tables. */
  readonly database: string;
  /** Default `AwsDataCatalog`. */
  readonly catalog?: string;
  /** The warehouse as an ObjectStore: where `materialise` publishes. */
  readonly warehouseStore: ObjectStore;
  /** The same warehouse as `s3://bucket/prefix`, the form UNLOAD needs. */
  readonly warehouseS3Uri: string;
  /** First wait between status checks (ms). Default 200. */
  readonly pollIntervalMs?: number;
  /** The wait doubles up to this (ms). Default 5 000. */
  readonly maxPollIntervalMs?: number;
  /** A query still running after this is stopped and reported as failed (ms). Default 15 minutes. */
  readonly timeoutMs?: number;
  /** Injected so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected alongside `sleep` so tests can move time on. */
  readonly now?: () => number;
  /** Destroy the client on `close()`: set when the engine was handed a client nobody else uses. */
  readonly ownsClient?: boolean;
}

/**
 * A query that Athena failed, cancelled or that ran out of time. Carries Athena's reason and
 * error codes but never the SQL parameter values, which may be record-level data.
 */
export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
  constructor(
    message: string,
    readonly queryExecutionId: string,
    readonly state: 'FAILED' | 'CANCELLED' | 'TIMED_OUT',
    readonly errorCategory?: number,
    readonly errorType?: number,
  ) {
    super(message);
  }
}

const RESULTS_PAGE_SIZE = 1000;
const TMP_PREFIX = '_tmp';

/**
 * Runs report and ad-hoc SQL on Amazon Athena (engine v3) over the Glue tables of the
 * warehouse. SQL arrives in the shared portable subset with `$name` parameters; the dialect
 * module turns those into Athena execution parameters and types the text results.
 */
export class AthenaEngine implements QueryEngine {
  readonly name = 'athena' as const;
  private readonly client: AthenaClient;
  private readonly workgroup: string;
  private readonly database: string;
  private readonly catalog: string;
  private readonly store: ObjectStore;
  private readonly warehouseUri: string;
  private readonly pollIntervalMs: number;
  private readonly maxPollIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly ownsClient: boolean;

  constructor(options: AthenaEngineOptions) {
    this.client = options.client;
    this.workgroup = options.workgroup;
    this.database = options.database;
    this.catalog = options.catalog ?? 'AwsDataCatalog';
    this.store = options.warehouseStore;
    this.warehouseUri = warehouseUri(options.warehouseS3Uri, options.warehouseStore);
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 15 * 60_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.ownsClient = options.ownsClient ?? false;
  }

  async query(sql: string, params: Readonly<Record<string, SqlParam>> = {}): Promise<QueryResult> {
    const statement = toPositional(singleStatement(sql), params);
    const { id, statementType } = await this.execute(statement.sql, statement.values);
    return this.results(id, statementType);
  }

  /**
   * UNLOADs the query as ZSTD Parquet into a fresh `_tmp/<uuid>/` folder of the warehouse, then
   * publishes the files as `<prefix>/part-NNNNN.parquet` and deletes whatever else was under
   * `prefix`. Columns named by the prefix's `name=value` folders (`la_code`, `as_of`) are left
   * out of the files, because the Hive-style path already holds them and Athena would otherwise
   * see each twice.
   *
   * The row count comes from the footers of the Parquet files published: exact, free, and it
   * describes the very files readers see. (UNLOAD returns no result rows; a second
   * `count(*)` query would scan the data again and could count a different moment of it; and
   * GetQueryRuntimeStatistics documents OutputRows only as "rows returned by the query" and
   * omits it under Lake Formation row filters.)
   */
  async materialise(
    sql: string,
    params: Readonly<Record<string, SqlParam>>,
    prefix: string,
  ): Promise<number> {
    const target = publishPrefix(prefix);
    const inPath = partitionColumns(target);
    const probe = await this.query(columnsOnly(sql), params);
    const columns = probe.columns.map((column) => column.name).filter((name) => !inPath.has(name));
    if (columns.length === 0) {
      throw new Error(`Query for ${target} has no columns beyond those in its partition path`);
    }

    const tmp = `${TMP_PREFIX}/${randomUUID()}/`;
    const unload = toPositional(athenaUnload(sql, columns, `${this.warehouseUri}/${tmp}`), params);
    let published = false;
    try {
      await this.execute(unload.sql, unload.values);
      const rows = await this.publish(tmp, target);
      published = true;
      return rows;
    } finally {
      // After a failure the original error matters more than a failed clean-up; after a
      // publish, a clean-up failure is reported so the leftovers get noticed.
      await this.removeAll(tmp).catch((error: unknown) => {
        if (published) throw error;
      });
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  /** Starts the statement and waits for it to succeed. */
  private async execute(
    sql: string,
    values: readonly SqlParam[],
  ): Promise<{ id: string; statementType: string | undefined }> {
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Database: this.database, Catalog: this.catalog },
        WorkGroup: this.workgroup,
        ExecutionParameters: athenaExecutionParameters(values),
      }),
    );
    const id = started.QueryExecutionId;
    if (id === undefined) throw new Error('Athena started a query but returned no execution id');
    const execution = await this.waitForSuccess(id);
    return { id, statementType: execution.StatementType };
  }

  private async waitForSuccess(id: string): Promise<QueryExecution> {
    const deadline = this.now() + this.timeoutMs;
    let delay = this.pollIntervalMs;
    for (;;) {
      const remaining = deadline - this.now();
      if (remaining <= 0) {
        await this.client
          .send(new StopQueryExecutionCommand({ QueryExecutionId: id }))
          .catch(() => undefined);
        throw new AthenaQueryError(
          `Athena query ${id} did not finish within ${this.timeoutMs} ms and was stopped`,
          id,
          'TIMED_OUT',
        );
      }
      await this.sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, this.maxPollIntervalMs);

      const { QueryExecution: execution } = await this.client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      const status = execution?.Status;
      switch (status?.State) {
        case 'SUCCEEDED':
          return execution!;
        case 'FAILED': {
          const error = status.AthenaError;
          const codes = [
            error?.ErrorCategory === undefined ? '' : `category ${error.ErrorCategory}`,
            error?.ErrorType === undefined ? '' : `type ${error.ErrorType}`,
          ].filter(Boolean);
          throw new AthenaQueryError(
            `Athena query ${id} failed${codes.length ? ` (${codes.join(', ')})` : ''}: ` +
              (status.StateChangeReason ?? error?.ErrorMessage ?? 'no reason given'),
            id,
            'FAILED',
            error?.ErrorCategory,
            error?.ErrorType,
          );
        }
        case 'CANCELLED':
          throw new AthenaQueryError(
            `Athena query ${id} was cancelled${status.StateChangeReason ? `: ${status.StateChangeReason}` : ''}`,
            id,
            'CANCELLED',
          );
        default:
          // QUEUED or RUNNING: keep waiting.
          break;
      }
    }
  }

  private async results(id: string, statementType: string | undefined): Promise<QueryResult> {
    let columns: ResultColumn[] = [];
    const rows: Record<string, SqlValue>[] = [];
    let token: string | undefined;
    let firstPage = true;
    do {
      const page = await this.client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          MaxResults: RESULTS_PAGE_SIZE,
          NextToken: token,
        }),
      );
      let pageRows = page.ResultSet?.Rows ?? [];
      if (firstPage) {
        columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((info) => ({
          name: info.Name ?? '',
          type: normaliseTypeName(info.Type ?? 'varchar'),
        }));
        // SELECT results start with a row of column labels; SHOW and DESCRIBE results do not.
        const first = pageRows[0];
        if (first && (statementType === 'DML' || isLabelRow(first, columns))) {
          pageRows = pageRows.slice(1);
        }
      }
      for (const row of pageRows) {
        rows.push(
          Object.fromEntries(
            columns.map((column, index) => [
              column.name,
              athenaValue(column.type, row.Data?.[index]?.VarCharValue),
            ]),
          ),
        );
      }
      token = page.NextToken;
      firstPage = false;
    } while (token);
    return { columns, rows };
  }

  /**
   * Copies the UNLOAD output under `target`, then removes what was there before and is not
   * overwritten. Every file is read and checked first, so a bad file stops the publish before
   * anything under `target` has changed.
   */
  private async publish(tmp: string, target: string): Promise<number> {
    const produced = (await this.store.list(tmp)).filter((object) => !object.key.endsWith('/'));
    const files: { key: string; body: Buffer }[] = [];
    let rows = 0;
    for (const [index, object] of produced.entries()) {
      const body = await this.store.get(object.key);
      if (body === undefined)
        throw new Error(`UNLOAD output ${object.key} vanished before publish`);
      rows += parquetRowCount(body, object.key);
      files.push({ key: `${target}/part-${String(index).padStart(5, '0')}.parquet`, body });
    }
    const previous = await this.store.list(`${target}/`);
    for (const file of files) await this.store.put(file.key, file.body);
    const written = new Set(files.map((file) => file.key));
    const stale = previous.map((object) => object.key).filter((key) => !written.has(key));
    if (stale.length > 0) await this.store.delete(stale);
    return rows;
  }

  private async removeAll(prefix: string): Promise<void> {
    const leftovers = await this.store.list(prefix);
    if (leftovers.length > 0) await this.store.delete(leftovers.map((object) => object.key));
  }
}

function isLabelRow(row: Row, columns: readonly ResultColumn[]): boolean {
  return columns.every((column, index) => row.Data?.[index]?.VarCharValue === column.name);
}

/** `s3://bucket/prefix` without a trailing slash, checked against the store it must match. */
function warehouseUri(uri: string, store: ObjectStore): string {
  const trimmed = uri.replace(/\/+$/, '');
  if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^'\s]+)?$/.test(trimmed)) {
    throw new Error(`warehouseS3Uri must look like s3://bucket/prefix, got ${uri}`);
  }
  const storeRoot = store.location.replace(/\/+$/, '');
  // UNLOAD writes to the URI and publish reads through the store: if they named different
  // places, publish would find nothing and replace the table with an empty one.
  if (storeRoot.startsWith('s3://') && storeRoot !== trimmed) {
    throw new Error(`warehouseS3Uri ${trimmed} is not the warehouse store's root ${storeRoot}`);
  }
  return trimmed;
}

function publishPrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  const segments = trimmed.split('/');
  if (
    trimmed === '' ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..') ||
    segments[0] === TMP_PREFIX
  ) {
    throw new Error(`Not a publishable warehouse prefix: ${prefix}`);
  }
  return trimmed;
}

/** The column names a Hive-style path holds, e.g. `la_code` and `as_of` in `.../la_code=850/as_of=2020-01`. */
function partitionColumns(prefix: string): Set<string> {
  const names = prefix
    .split('/')
    .map((segment) => /^([a-z_][a-z0-9_]*)=/.exec(segment)?.[1])
    .filter((name): name is string => name !== undefined);
  return new Set(names);
}

/**
 * The number of rows in a Parquet file, read from its footer: the last 8 bytes are the footer
 * length and `PAR1`; the footer is a Thrift compact-protocol FileMetaData whose field 3 is
 * `num_rows` (i64). Only field 2 (the schema) precedes it in practice, but any field is skipped
 * generically so a writer's field order does not matter.
 */
function parquetRowCount(file: Uint8Array, key: string): number {
  const magic = (at: number) => String.fromCharCode(...file.subarray(at, at + 4));
  if (file.length < 12 || magic(0) !== 'PAR1' || magic(file.length - 4) !== 'PAR1') {
    throw new Error(`UNLOAD output ${key} is not a Parquet file`);
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const footerLength = view.getUint32(file.length - 8, true);
  const start = file.length - 8 - footerLength;
  if (start < 4) throw new Error(`UNLOAD output ${key} has a corrupt Parquet footer`);
  const rows = new CompactReader(file, start, file.length - 8).topLevelI64(3);
  if (rows === undefined) throw new Error(`UNLOAD output ${key} has no row count in its footer`);
  return rows;
}

/** Just enough of the Thrift compact protocol to find one top-level integer field. */
class CompactReader {
  constructor(
    private readonly bytes: Uint8Array,
    private position: number,
    private readonly end: number,
  ) {}

  topLevelI64(fieldId: number): number | undefined {
    let lastId = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return undefined;
      const type = header & 0x0f;
      const delta = header >> 4;
      const id = delta === 0 ? Number(this.zigzag()) : lastId + delta;
      lastId = id;
      if (id === fieldId && type === 6) return Number(this.zigzag());
      this.skip(type);
    }
  }

  private byte(): number {
    if (this.position >= this.end) throw new Error('Parquet footer ended early');
    return this.bytes[this.position++]!;
  }

  private advance(count: number): void {
    this.position += count;
    if (this.position > this.end) throw new Error('Parquet footer ended early');
  }

  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Error('Parquet footer has an overlong varint');
  }

  private zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  private skip(type: number): void {
    switch (type) {
      case 1: // true, held in the field header
      case 2: // false
        return;
      case 3:
        this.advance(1);
        return;
      case 4:
      case 5:
      case 6:
        this.varint();
        return;
      case 7:
        this.advance(8);
        return;
      case 8:
        this.advance(Number(this.varint()));
        return;
      case 9:
      case 10: {
        const header = this.byte();
        const size = header >> 4 === 15 ? Number(this.varint()) : header >> 4;
        for (let i = 0; i < size; i += 1) this.skipElement(header & 0x0f);
        return;
      }
      case 11: {
        const size = Number(this.varint());
        if (size === 0) return;
        const types = this.byte();
        for (let i = 0; i < size; i += 1) {
          this.skipElement(types >> 4);
          this.skipElement(types & 0x0f);
        }
        return;
      }
      case 12:
        for (let header = this.byte(); header !== 0; header = this.byte()) {
          if (header >> 4 === 0) this.zigzag(); // a long-form field id
          this.skip(header & 0x0f);
        }
        return;
      default:
        throw new Error(`Parquet footer has unknown Thrift type ${type}`);
    }
  }

  /** Booleans inside lists, sets and maps take a byte each, unlike those in field headers. */
  private skipElement(type: number): void {
    if (type === 1 || type === 2) this.advance(1);
    else this.skip(type);
  }
}
