import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  type QueryExecutionState,
  type Row,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { DuckDBInstance } from '@duckdb/node-api';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaEngine, AthenaQueryError } from '../../../functions/core/engine/athena-engine.js';
import {
  assertIdentifier,
  athenaExecutionParameters,
  parameterNames,
  singleStatement,
  toPositional,
} from '../../../functions/core/engine/dialect/index.js';
import type {
  Lock,
  ObjectStore,
  StoredObject,
} from '../../../functions/core/store/object-store.js';

const athena = mockClient(AthenaClient);
const WAREHOUSE = 's3://warehouse-bucket/wh';

/** The ObjectStore contract over a Map, standing in for S3 where Athena's output would land. */
class MemoryStore implements ObjectStore {
  readonly localRoot = undefined;
  readonly objects = new Map<string, Buffer>();
  constructor(readonly location = WAREHOUSE) {}

  async put(key: string, body: Uint8Array | string): Promise<void> {
    this.objects.set(key, Buffer.from(body));
  }
  async putFile(key: string, localPath: string): Promise<void> {
    this.objects.set(key, await readFile(localPath));
  }
  async get(key: string): Promise<Buffer | undefined> {
    const body = this.objects.get(key);
    return body === undefined ? undefined : Buffer.from(body);
  }
  async getFile(key: string, localPath: string): Promise<boolean> {
    const body = this.objects.get(key);
    if (body === undefined) return false;
    await writeFile(localPath, body);
    return true;
  }
  async list(prefix: string): Promise<StoredObject[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, body]) => ({ key, size: body.length, version: String(body.length) }));
  }
  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }
  async lock(): Promise<Lock> {
    return { release: async () => undefined };
  }
}

const column = (Name: string, Type: string): ColumnInfo => ({ Name, Label: Name, Type });
const row = (...values: (string | undefined)[]): Row => ({
  Data: values.map((value) => (value === undefined ? {} : { VarCharValue: value })),
});
const header = (columns: ColumnInfo[]) => row(...columns.map((c) => c.Name));
const resultPage = (
  columns: ColumnInfo[],
  rows: Row[],
  NextToken?: string,
): GetQueryResultsOutput => ({
  ResultSet: { ResultSetMetadata: { ColumnInfo: columns }, Rows: rows },
  NextToken,
});
const execution = (
  State: QueryExecutionState,
  extra: Record<string, unknown> = {},
  StatementType: 'DML' | 'DDL' | 'UTILITY' = 'DML',
) => ({
  QueryExecution: { QueryExecutionId: 'q-1', StatementType, Status: { State, ...extra } },
});

interface Harness {
  engine: AthenaEngine;
  sleeps: number[];
  store: MemoryStore;
}

function harness(options: { timeoutMs?: number; store?: MemoryStore } = {}): Harness {
  let clock = 0;
  const sleeps: number[] = [];
  const store = options.store ?? new MemoryStore();
  const engine = new AthenaEngine({
    client: new AthenaClient({ region: 'eu-west-2' }),
    workgroup: 'panelpack',
    database: 'panelpack_warehouse',
    warehouseStore: store,
    warehouseS3Uri: WAREHOUSE,
    timeoutMs: options.timeoutMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
  });
  return { engine, sleeps, store };
}

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
});

describe('AthenaEngine.query', () => {
  it('types every value from the result metadata', async () => {
    const columns = [
      column('t', 'tinyint'),
      column('s', 'smallint'),
      column('i', 'integer'),
      column('b', 'bigint'),
      column('dec', 'decimal'),
      column('dbl', 'double'),
      column('r', 'real'),
      column('flag', 'boolean'),
      column('d', 'date'),
      column('ts', 'timestamp'),
      column('v', 'varchar'),
      column('c', 'char'),
      column('arr', 'array'),
    ];
    athena
      .on(GetQueryResultsCommand)
      .resolves(
        resultPage(columns, [
          header(columns),
          row(
            '1',
            '-2',
            '3',
            '9007199254740991',
            '12.50',
            '0.1',
            '1.5E-4',
            'true',
            '2020-01-31',
            '2020-01-31 13:45:00.000',
            'text',
            'ab',
            '[1, 2]',
          ),
          row(
            undefined,
            '0',
            '0',
            '0',
            '0',
            'NaN',
            'Infinity',
            'false',
            undefined,
            '2020-02-01 00:00:00.125',
            '',
            undefined,
            undefined,
          ),
        ]),
      );
    const { engine } = harness();

    const result = await engine.query('SELECT 1');

    expect(result.columns).toEqual(columns.map((c) => ({ name: c.Name, type: c.Type })));
    expect(result.rows).toEqual([
      {
        t: 1,
        s: -2,
        i: 3,
        b: 9007199254740991,
        dec: 12.5,
        dbl: 0.1,
        r: 0.00015,
        flag: true,
        d: '2020-01-31',
        ts: '2020-01-31T13:45:00',
        v: 'text',
        c: 'ab',
        arr: '[1, 2]',
      },
      {
        t: null,
        s: 0,
        i: 0,
        b: 0,
        dec: 0,
        dbl: Number.NaN,
        r: Number.POSITIVE_INFINITY,
        flag: false,
        d: null,
        ts: '2020-02-01T00:00:00.125',
        v: '',
        c: null,
        arr: null,
      },
    ]);
  });

  it('pages through results, skipping the header row of the first page only', async () => {
    const columns = [column('name', 'varchar'), column('n', 'bigint')];
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(resultPage(columns, [header(columns), row('a', '1'), row('b', '2')], 't-2'))
      // A later page starting with a row that looks like labels is data, not a header.
      .resolvesOnce(resultPage(columns, [row('name', '3'), row('c', '4')], 't-3'))
      .resolvesOnce(resultPage(columns, [row('d', '5')]));
    const { engine } = harness();

    const result = await engine.query('SELECT name, n FROM t');

    expect(result.rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    expect(result.rows[2]).toEqual({ name: 'name', n: 3 });
    const calls = athena.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 't-2' },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 't-3' },
    ]);
  });

  it('keeps the first row of a utility statement, which has no header row', async () => {
    const columns = [column('tab_name', 'varchar')];
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED', {}, 'UTILITY'));
    athena.on(GetQueryResultsCommand).resolves(resultPage(columns, [row('contacts'), row('la')]));
    const { engine } = harness();

    const result = await engine.query('SHOW TABLES');

    expect(result.rows).toEqual([{ tab_name: 'contacts' }, { tab_name: 'la' }]);
  });

  it('polls with doubling waits capped at 5 s', async () => {
    const running = athena.on(GetQueryExecutionCommand);
    for (let i = 0; i < 8; i += 1) running.resolvesOnce(execution(i < 2 ? 'QUEUED' : 'RUNNING'));
    running.resolves(execution('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultPage([column('x', 'integer')], []));
    const { engine, sleeps } = harness();

    await engine.query('SELECT 1 AS x');

    expect(sleeps).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(9);
  });

  it('passes parameters as ordered execution parameters, in the workgroup and database', async () => {
    athena.on(GetQueryResultsCommand).resolves(resultPage([column('x', 'integer')], []));
    const { engine } = harness();
    const injection = "'; DROP TABLE x; --";

    await engine.query(
      "SELECT x FROM t WHERE la = $la AND m >= $month AND note <> '$la' AND m < $month AND n = $n AND ok = $ok AND z IS $z AND s = $s",
      { month: '2020-01', la: '850', n: 2.5, ok: true, z: null, s: injection, unused: 'x' },
    );

    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input).toEqual({
      QueryString:
        "SELECT x FROM t WHERE la = ? AND m >= ? AND note <> '$la' AND m < ? AND n = ? AND ok = ? AND z IS ? AND s = ?",
      QueryExecutionContext: { Database: 'panelpack_warehouse', Catalog: 'AwsDataCatalog' },
      WorkGroup: 'panelpack',
      ExecutionParameters: [
        "'850'",
        "'2020-01'",
        "'2020-01'",
        '2.5',
        'TRUE',
        'NULL',
        "'''; DROP TABLE x; --'",
      ],
    });
    expect(input).not.toHaveProperty('ResultConfiguration');
  });

  it('sends no ExecutionParameters for a statement without parameters', async () => {
    athena.on(GetQueryResultsCommand).resolves(resultPage([column('x', 'integer')], []));
    const { engine } = harness();

    await engine.query('SELECT 1 AS x;');

    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.ExecutionParameters).toBeUndefined();
    expect(input.QueryString).toBe('SELECT 1 AS x');
  });

  it("surfaces Athena's reason, error codes and the execution id when a query fails", async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
        AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false },
      }),
    );
    const { engine } = harness();

    const error = await engine
      .query('SELECT nope FROM t WHERE child_id = $id', { id: 'CHILD-SECRET-42' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AthenaQueryError);
    const failure = error as AthenaQueryError;
    expect(failure.message).toBe(
      "Athena query q-1 failed (category 2, type 1006): COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
    );
    expect(failure).toMatchObject({
      queryExecutionId: 'q-1',
      state: 'FAILED',
      errorCategory: 2,
      errorType: 1006,
    });
    expect(JSON.stringify({ ...failure, message: failure.message })).not.toContain('CHILD-SECRET');
  });

  it('reports a cancelled query clearly', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(execution('CANCELLED', { StateChangeReason: 'Query cancelled by user' }));
    const { engine } = harness();

    await expect(engine.query('SELECT 1')).rejects.toThrow(
      'Athena query q-1 was cancelled: Query cancelled by user',
    );
  });

  it('stops a query that runs past the timeout', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const { engine, sleeps } = harness({ timeoutMs: 10_000 });

    const error = await engine.query('SELECT 1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as AthenaQueryError).state).toBe('TIMED_OUT');
    expect((error as Error).message).toMatch(/q-1 did not finish within 10000 ms and was stopped/);
    expect(sleeps).toEqual([200, 400, 800, 1600, 3200, 3800]);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryExecutionId: 'q-1',
    });
  });

  it('names a missing parameter without running anything', async () => {
    const { engine } = harness();

    await expect(engine.query('SELECT 1 WHERE a = $month', {})).rejects.toThrow(
      'SQL parameter $month has no value',
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

describe('AthenaEngine.materialise', () => {
  const prefix = 'report_tables/frontdoor_contacts_monthly/la_code=850/as_of=2020-01';
  const columns = [
    column('la_code', 'varchar'),
    column('as_of', 'varchar'),
    column('month', 'date'),
    column('contacts_total', 'bigint'),
    column('pct_resolved', 'double'),
  ];
  let parquet: Buffer[] = [];

  beforeAll(async () => {
    // Real Parquet files (ZSTD, as UNLOAD writes them) so the footer row count is tested on
    // the format itself rather than on a hand-made imitation.
    const dir = await mkdtemp(join(tmpdir(), 'athena-engine-'));
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    parquet = [];
    for (const [index, rows] of [3, 2, 0].entries()) {
      const path = join(dir, `f${index}.parquet`);
      await connection.run(
        `COPY (SELECT DATE '2020-01-01' + CAST(i AS INTEGER) AS month, i AS contacts_total, 0.5 AS pct_resolved FROM range(${rows}) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      parquet.push(await readFile(path));
    }
    // Wide, many row groups, every common type: the footer holds far more before num_rows'
    // neighbours, so the Thrift skipping is exercised on a realistic schema.
    const wide = join(dir, 'wide.parquet');
    await connection.run(
      `COPY (SELECT i, 'child-' || i AS s, DATE '2019-01-01' + CAST(i % 900 AS INTEGER) AS d, i % 2 = 0 AS b, CAST(i AS DECIMAL(12, 2)) AS dec, TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (i) SECOND AS ts, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5 END AS f FROM range(123457) t(i)) TO '${wide}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 10000)`,
    );
    parquet.push(await readFile(wide));
    connection.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  /** Mocks Athena so that an UNLOAD writes `files` where its TO clause says. */
  function athenaWithUnload(store: MemoryStore, files: Buffer[]) {
    athena.on(StartQueryExecutionCommand).callsFake(async (input: { QueryString: string }) => {
      const to = /\) TO '(s3:\/\/[^']+)'/.exec(input.QueryString);
      if (to) {
        const folder = to[1]!.slice(`${WAREHOUSE}/`.length);
        for (const [index, body] of files.entries()) {
          store.objects.set(`${folder}2020_q_${index}`, body);
        }
        return { QueryExecutionId: 'q-unload' };
      }
      return { QueryExecutionId: 'q-probe' };
    });
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-probe' })
      .resolves(resultPage(columns, [header(columns)]));
  }

  it('UNLOADs the columns not in the path and publishes the files under the prefix', async () => {
    const store = new MemoryStore();
    store.objects.set(`${prefix}/part-00000.parquet`, Buffer.from('old 0'));
    store.objects.set(`${prefix}/part-00001.parquet`, Buffer.from('old 1'));
    store.objects.set(`${prefix}/part-00002.parquet`, Buffer.from('old 2'));
    store.objects.set(`${prefix}/data_0.parquet`, Buffer.from('old from duckdb'));
    store.objects.set(`${prefix}0/part-00000.parquet`, Buffer.from('a sibling partition'));
    store.objects.set('contacts/la_code=850/month=2020-01/part-0.parquet', Buffer.from('data'));
    athenaWithUnload(store, parquet.slice(0, 3));
    const { engine } = harness({ store });

    const rows = await engine.materialise(
      'SELECT * FROM final WHERE la_code = $la_code AND as_of = $as_of -- trailing comment;\n',
      { la_code: '850', as_of: '2020-01' },
      `${prefix}/`,
    );

    expect(rows).toBe(5);
    const [probe, unload] = athena
      .commandCalls(StartQueryExecutionCommand)
      .map((call) => call.args[0].input);
    expect(probe!.QueryString).toMatch(/^SELECT \* FROM \(\n.*\n\) AS src LIMIT 0$/s);
    expect(probe!.ExecutionParameters).toEqual(["'850'", "'2020-01'"]);
    expect(unload!.QueryString).toMatch(
      new RegExp(
        String.raw`^UNLOAD \(\nSELECT "month", "contacts_total", "pct_resolved" FROM \(\n` +
          String.raw`SELECT \* FROM final WHERE la_code = \? AND as_of = \? -- trailing comment;\n\) AS src\n\) ` +
          String.raw`TO 's3://warehouse-bucket/wh/_tmp/[0-9a-f-]{36}/' WITH \(format = 'PARQUET', compression = 'ZSTD'\)$`,
      ),
    );
    expect(unload!.ExecutionParameters).toEqual(["'850'", "'2020-01'"]);
    expect(unload!.WorkGroup).toBe('panelpack');

    expect([...store.objects.keys()].sort()).toEqual([
      'contacts/la_code=850/month=2020-01/part-0.parquet',
      `${prefix}/part-00000.parquet`,
      `${prefix}/part-00001.parquet`,
      `${prefix}/part-00002.parquet`,
      `${prefix}0/part-00000.parquet`,
    ]);
    expect(store.objects.get(`${prefix}/part-00000.parquet`)).toEqual(parquet[0]);
    expect(store.objects.get(`${prefix}/part-00001.parquet`)).toEqual(parquet[1]);
    expect(store.objects.get(`${prefix}/part-00002.parquet`)).toEqual(parquet[2]);
  });

  it('replaces a larger previous set and leaves nothing in _tmp', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 4; i += 1) {
      store.objects.set(`${prefix}/part-0000${i}.parquet`, Buffer.from(`old ${i}`));
    }
    athenaWithUnload(store, [parquet[1]!]);
    const { engine } = harness({ store });

    expect(await engine.materialise('SELECT * FROM final', {}, prefix)).toBe(2);

    expect([...store.objects.keys()]).toEqual([`${prefix}/part-00000.parquet`]);
  });

  it('counts rows from the footers of large multi-row-group files', async () => {
    const store = new MemoryStore();
    athenaWithUnload(store, [parquet[3]!, parquet[0]!]);
    const { engine } = harness({ store });

    expect(await engine.materialise('SELECT * FROM final', {}, prefix)).toBe(123457 + 3);
  });

  it('leaves the published data alone and cleans up when the UNLOAD fails', async () => {
    const store = new MemoryStore();
    store.objects.set(`${prefix}/part-00000.parquet`, Buffer.from('previous good data'));
    athenaWithUnload(store, [parquet[0]!]);
    athena
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'q-unload' })
      .resolves(execution('FAILED', { StateChangeReason: 'HIVE_WRITER_CLOSE_ERROR' }));
    const { engine } = harness({ store });

    await expect(engine.materialise('SELECT * FROM final', {}, prefix)).rejects.toThrow(
      /failed: HIVE_WRITER_CLOSE_ERROR/,
    );

    expect([...store.objects.entries()]).toEqual([
      [`${prefix}/part-00000.parquet`, Buffer.from('previous good data')],
    ]);
  });

  it('refuses output that is not Parquet before touching the prefix', async () => {
    const store = new MemoryStore();
    store.objects.set(`${prefix}/part-00000.parquet`, Buffer.from('previous good data'));
    athenaWithUnload(store, [parquet[0]!, Buffer.from('{"not":"parquet"}')]);
    const { engine } = harness({ store });

    await expect(engine.materialise('SELECT * FROM final', {}, prefix)).rejects.toThrow(
      /is not a Parquet file/,
    );

    expect([...store.objects.keys()]).toEqual([`${prefix}/part-00000.parquet`]);
  });

  it('rejects a prefix inside _tmp or climbing out of the warehouse', async () => {
    const { engine } = harness();

    for (const bad of ['', '/', '_tmp/x', 'a/../b', 'a//b']) {
      await expect(engine.materialise('SELECT 1 AS x', {}, bad)).rejects.toThrow(
        /Not a publishable warehouse prefix/,
      );
    }
  });
});

describe('AthenaEngine construction', () => {
  it('refuses a warehouse URI that is not the store the engine publishes through', () => {
    expect(
      () =>
        new AthenaEngine({
          client: new AthenaClient({ region: 'eu-west-2' }),
          workgroup: 'w',
          database: 'd',
          warehouseStore: new MemoryStore('s3://other-bucket/wh'),
          warehouseS3Uri: WAREHOUSE,
        }),
    ).toThrow(/is not the warehouse store's root/);
  });
});

describe('dialect: named parameters and literals', () => {
  it('converts $name placeholders in order, skipping strings, identifiers and comments', () => {
    const sql = [
      "SELECT \"$odd col\", 'it''s $not' AS s, $a AS a -- $comment",
      '/* $block ; */ FROM t WHERE x = $b AND y = $a',
    ].join('\n');

    const positional = toPositional(sql, { a: 1, b: 'two' });

    expect(positional.sql).toBe(
      [
        "SELECT \"$odd col\", 'it''s $not' AS s, ? AS a -- $comment",
        '/* $block ; */ FROM t WHERE x = ? AND y = ?',
      ].join('\n'),
    );
    expect(positional.values).toEqual([1, 'two', 1]);
    expect(parameterNames(sql)).toEqual(['a', 'b']);
  });

  it('renders injection attempts as inert string literals', () => {
    const attacks = ["'; DROP TABLE x; --", "\\'; DROP TABLE x; --", "''", "O'Brien"];

    expect(athenaExecutionParameters(attacks)).toEqual([
      "'''; DROP TABLE x; --'",
      "'\\''; DROP TABLE x; --'",
      "''''''",
      "'O''Brien'",
    ]);
    // Each literal is exactly one Trino string token: quotes only ever come in doubled pairs.
    for (const literal of athenaExecutionParameters(attacks)!) {
      expect(literal.slice(1, -1).replaceAll("''", '')).not.toContain("'");
    }
  });

  it('refuses placeholders and values only one engine understands', () => {
    expect(() => toPositional('SELECT ? AS x')).toThrow(/positional \? placeholder/);
    expect(() => toPositional('SELECT $1 AS x', {})).toThrow(/not a \$name parameter/);
    expect(() => toPositional('SELECT $$x$$ AS x')).toThrow(/dollar quoting/);
    expect(() => toPositional("SELECT 'open")).toThrow(/unterminated string/);
    expect(() => athenaExecutionParameters([Number.NaN])).toThrow(/finite number/);
    expect(() => athenaExecutionParameters(['x'.repeat(2000)])).toThrow(/1024-character limit/);
  });

  it('accepts one statement with a trailing semicolon and refuses two', () => {
    expect(singleStatement('SELECT 1; -- done\n')).toBe('SELECT 1 -- done');
    expect(singleStatement("SELECT ';' AS s")).toBe("SELECT ';' AS s");
    expect(() => singleStatement('SELECT 1; SELECT 2')).toThrow(/more than one statement/);
    expect(() => singleStatement('-- nothing\n')).toThrow(/empty/);
  });

  it('accepts only lower-case identifiers', () => {
    expect(assertIdentifier('frontdoor_contacts_monthly')).toBe('frontdoor_contacts_monthly');
    for (const bad of ['Contacts', '1x', 'a-b', 'a"; DROP TABLE x; --', '', 'x'.repeat(129)]) {
      expect(() => assertIdentifier(bad)).toThrow(/identifier/);
    }
  });
});
