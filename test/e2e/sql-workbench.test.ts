/**
 * The analysts' workbench: `panelpack sql --out` writes CSV, JSON and Parquet files that hold
 * exactly what the query returns (the real CLI over a generated warehouse), Athena results are
 * written to Parquet with their own types (Athena mocked at the SDK, DuckDB real), and the
 * prompt keeps a history that later sessions recall with the up arrow.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { DuckDBInstance } from '@duckdb/node-api';
import { mockClient } from 'aws-sdk-client-mock';
import { exportQuery, type SqlFlags, sqlPlan, sqlPrompt } from '../../bin/commands/sql.js';
import { type Terminal, UserError } from '../../bin/terminal.js';
import { AthenaEngine } from '../../functions/core/engine/athena-engine.js';
import { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { packagePath } from '../../functions/core/package-root.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: { path: string; remove: () => Promise<void> };
let env: Record<string, string>;
const cli = (args: string[], input?: string) =>
  runCli(args, { cwd: dir.path, env, ...(input === undefined ? {} : { input }) });

/** Reads a Parquet file back with DuckDB: its column types and its rows as JSON values. */
async function readParquet(path: string) {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const types = await connection.runAndReadAll(
      'SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($path))',
      { path },
    );
    const rows = await connection.runAndReadAll('SELECT * FROM read_parquet($path)', { path });
    return {
      types: Object.fromEntries(types.getRows().map(([name, type]) => [name, type])),
      rows: rows.getRowObjectsJson(),
    };
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

beforeAll(async () => {
  dir = await tempDir('panelpack-sql-');
  env = { PANELPACK_CACHE_DIR: join(dir.path, 'cache'), PANELPACK_DUCKDB_THREADS: '1' };
  const generated = await cli([
    'generate',
    ...['--from', '2019-10', '--to', '2019-11', '--out', 'landing', '--la', '921'],
  ]);
  expect(generated.code).toBe(0);
  expect((await cli(['load', 'landing'])).code).toBe(0);
});
afterAll(() => dir.remove());

const MONTHLY =
  "select la_code, month, count(*) as contacts, min(contact_date) as first_contact, avg(CASE WHEN case_status = 'new' THEN 1.0 ELSE 0.0 END) as share_new from contacts group by la_code, month order by month";

describe('panelpack sql --out', () => {
  test('csv, json and parquet files hold what the query prints, with Parquet keeping types', async () => {
    const printed = await cli(['sql', MONTHLY, '--format', 'json']);
    expect(printed.code).toBe(0);
    const expected = JSON.parse(printed.stdout) as Record<string, unknown>[];
    expect(expected.map((r) => r.month)).toEqual(['2019-10', '2019-11']);

    for (const file of ['monthly.csv', 'monthly.json', 'monthly.parquet']) {
      const run = await cli(['sql', MONTHLY, '--out', file]);
      expect(run).toMatchObject({ code: 0, stdout: '' });
      expect(run.stderr).toContain(`wrote 2 rows to ${file}`);
    }
    expect(JSON.parse(await readFile(join(dir.path, 'monthly.json'), 'utf8'))).toEqual(expected);
    const csv = (await readFile(join(dir.path, 'monthly.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe('la_code,month,contacts,first_contact,share_new');
    expect(csv[1]).toBe(
      `921,2019-10,${expected[0]!.contacts},${expected[0]!.first_contact},${expected[0]!.share_new}`,
    );

    const parquet = await readParquet(join(dir.path, 'monthly.parquet'));
    expect(parquet.types).toEqual({
      la_code: 'VARCHAR',
      month: 'VARCHAR',
      contacts: 'BIGINT',
      first_contact: 'DATE',
      share_new: 'DOUBLE',
    });
    expect(
      parquet.rows.map((r) => ({ ...r, contacts: Number(r.contacts), share_new: r.share_new })),
    ).toEqual(expected);
  });

  test('a cell a spreadsheet would run is written inert; --format overrides the extension', async () => {
    const run = await cli([
      'sql',
      "select '=HYPERLINK(\"http://x\")' as link, '+44 1632' as tel, -3 as n",
      '--out',
      'export.txt',
      '--format',
      'csv',
    ]);
    expect(run.code).toBe(0);
    expect(await readFile(join(dir.path, 'export.txt'), 'utf8')).toBe(
      'link,tel,n\r\n"\'=HYPERLINK(""http://x"")",\'+44 1632,-3\r\n',
    );
  });

  test('an example query runs from its file; a failing query leaves the old file whole', async () => {
    const out = join(dir.path, 'timeliness.parquet');
    const file = packagePath('sql', 'analyst', 'assessment_timeliness_by_month.sql');
    const run = await cli(['sql', '--file', file, '--out', out]);
    expect(run.code).toBe(0);
    const written = await readParquet(out);
    expect(written.rows.length).toBeGreaterThan(0);
    expect(written.types.assessments_completed).toBe('BIGINT');
    const before = await readFile(out);

    const failed = await cli(['sql', 'select nope from contacts', '--out', out]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^SQL error: Binder Error: Referenced column "nope"/);
    expect(failed.stderr).toContain('LINE 1:');
    expect((await readFile(out)).equals(before)).toBe(true);
  });

  test('usage problems exit 2 naming the flag, before any file is written', async () => {
    const cases: [SqlFlags, RegExp][] = [
      [{ query: 'select 1 as x', out: 'x.xlsx' }, /name a \.csv, \.json or \.parquet file/],
      [{ query: 'select 1 as x', format: 'parquet' }, /--format parquet writes a file/],
      [{ out: 'x.csv' }, /--out needs a QUERY or --file/],
      [{ query: 'select 1 as x', file: 'a.sql' }, /a QUERY or --file, not both/],
      [{ file: join(dir.path, 'missing.sql') }, /missing\.sql: cannot read it \(ENOENT\)/],
      [{ query: 'select 1 as x', out: 'x.csv', format: 'table' }, /not table/],
    ];
    for (const [flags, message] of cases) {
      await expect(sqlPlan(flags)).rejects.toThrow(message);
      await expect(sqlPlan(flags)).rejects.toBeInstanceOf(UserError);
    }
    expect(await sqlPlan({ query: 'select 1 as x', out: 'X.PARQUET' })).toMatchObject({
      kind: 'export',
      format: 'parquet',
    });
    // The CLI turns them into exit 2 without opening the warehouse or writing the file.
    const run = await cli(['sql', 'select 1 as x', '--out', 'x.xlsx']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^panelpack: --out x\.xlsx: name a \.csv/);
    await expect(stat(join(dir.path, 'x.xlsx'))).rejects.toThrow(/ENOENT/);
  });
});

describe('Athena results to Parquet', () => {
  const athena = mockClient(AthenaClient);
  afterAll(() => athena.restore());

  const columns = [
    ['la_code', 'varchar'],
    ['month', 'date'],
    ['referrals', 'bigint'],
    ['pct_rereferrals', 'double'],
    ['is_partial_year', 'boolean'],
    ['decided_at', 'timestamp'],
  ].map(([Name, Type]) => ({ Name, Label: Name, Type }));
  const cells = (...values: (string | undefined)[]) => ({
    Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
  });

  const athenaEngine = () => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        QueryExecutionId: 'q-1',
        StatementType: 'DML',
        Status: { State: 'SUCCEEDED' },
      },
    });
    return new AthenaEngine({
      client: new AthenaClient({ region: 'eu-west-2' }),
      workgroup: 'panelpack',
      database: 'panelpack_warehouse',
      warehouseStore: new LocalStore(dir.path),
      warehouseS3Uri: 's3://warehouse-bucket/wh',
    });
  };

  test('each column keeps the type Athena gave it, nulls included', async () => {
    const engine = athenaEngine();
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns },
        Rows: [
          cells(...columns.map((c) => c.Name)),
          cells('850', '2019-11-01', '612', '21.5', 'false', '2019-11-04 09:15:00.000'),
          cells('921', '2019-11-01', '97', undefined, 'true', undefined),
        ],
      },
    });
    const duckdb = await DuckDBInstance.create(':memory:');
    try {
      const out = join(dir.path, 'athena.parquet');
      const rows = await exportQuery(engine, duckdb, 'select ...', out, 'parquet');
      expect(rows).toBe(2);
      const written = await readParquet(out);
      expect(written.types).toEqual({
        la_code: 'VARCHAR',
        month: 'DATE',
        referrals: 'BIGINT',
        pct_rereferrals: 'DOUBLE',
        is_partial_year: 'BOOLEAN',
        decided_at: 'TIMESTAMP',
      });
      expect(written.rows).toEqual([
        {
          la_code: '850',
          month: '2019-11-01',
          referrals: '612',
          pct_rereferrals: 21.5,
          is_partial_year: false,
          decided_at: '2019-11-04 09:15:00',
        },
        {
          la_code: '921',
          month: '2019-11-01',
          referrals: '97',
          pct_rereferrals: null,
          is_partial_year: true,
          decided_at: null,
        },
      ]);
    } finally {
      duckdb.closeSync();
    }
  });

  test('a column name that is not a plain identifier is refused, not spliced into SQL', async () => {
    const engine = athenaEngine();
    const name = 'x" varchar); drop table la; --';
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: [{ Name: name, Label: name, Type: 'varchar' }] },
        Rows: [cells(name), cells('1')],
      },
    });
    const duckdb = await DuckDBInstance.create(':memory:');
    try {
      await expect(
        exportQuery(engine, duckdb, 'select ...', join(dir.path, 'bad.parquet'), 'parquet'),
      ).rejects.toThrow(/rename it with AS/);
      await expect(stat(join(dir.path, 'bad.parquet'))).rejects.toThrow(/ENOENT/);
    } finally {
      duckdb.closeSync();
    }
  });
});

describe('the prompt history', () => {
  test('statements are kept one per line across sessions, each ready to run again', async () => {
    const first = await cli(
      ['sql'],
      '.tables\nselect count(*) as n\n  from la;\nselect 1 as one;\n.quit\n',
    );
    expect(first.code).toBe(0);
    const history = join(dir.path, 'cache', 'sql_history');
    expect(await readFile(history, 'utf8')).toBe(
      '.tables\nselect count(*) as n from la;\nselect 1 as one;\n',
    );
    expect((await stat(history)).mode & 0o077).toBe(0);

    const second = await cli(['sql'], 'select 2 as two;\n.quit\n');
    expect(second.code).toBe(0);
    expect(await readFile(history, 'utf8')).toBe(
      '.tables\nselect count(*) as n from la;\nselect 1 as one;\nselect 2 as two;\n',
    );
  });

  test('on a terminal the up arrow brings back an earlier session statement, which runs', async () => {
    const cacheDir = join(dir.path, 'tty-cache');
    const historyFile = join(cacheDir, 'sql_history');
    const duckdb = await DuckDBInstance.create(':memory:');
    const engine = await DuckDBEngine.open({ duckdb, warehouseDir: join(dir.path, 'none') });
    const session = async (keys: string) => {
      const printed: string[] = [];
      const terminal: Terminal = {
        out: (text) => printed.push(text),
        err: () => undefined,
        progress: () => undefined,
        done: () => undefined,
      };
      const input = new PassThrough();
      const output = new PassThrough().resume();
      input.end(keys);
      await sqlPrompt(engine, 'csv', terminal, historyFile, { input, output, tty: true });
      return printed.join('');
    };
    try {
      expect(await session('select 40 + 2 as answer;\r.quit\r')).toBe('answer\r\n42\r\n');
      // A new session: the up arrow recalls the statement (`.quit` is not kept), Enter runs it.
      expect(await session('\x1b[A\r.quit\r')).toBe('answer\r\n42\r\n');
      expect(await readFile(historyFile, 'utf8')).toBe('select 40 + 2 as answer;\n');
    } finally {
      await engine.close();
      duckdb.closeSync();
    }
  });
});
