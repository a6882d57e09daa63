/**
 * SPEC 8: SQL is built with parameters or validated identifiers only. Every way a name or a
 * value from outside reaches SQL text or a warehouse key (a report table name, an LA code, a
 * month, a table a report reads, `.schema TABLE`, Athena's UNLOAD location) refuses an
 * injection attempt with an error that says what was expected, before anything runs.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describeTable } from '../../bin/commands/sql.js';
import {
  assertIdentifier,
  athenaUnload,
  quoteIdentifier,
  selectColumns,
} from '../../functions/core/engine/dialect/index.js';
import { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { createReferenceTables } from '../../functions/core/reference/index.js';
import {
  type ReportBrowser,
  renderAgendaPack,
  renderReports,
  tableReader,
} from '../../functions/core/reports/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { buildReportTables, reportTablePrefix } from '../../functions/core/tables/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Names an attacker (or a typo) might pass where an identifier is expected. */
const HOSTILE_NAMES = [
  'contacts; DROP TABLE la',
  'contacts--',
  "contacts' OR '1'='1",
  'contacts/*x*/',
  '"contacts"',
  'Contacts',
  '1contacts',
  'con tacts',
  'contacts\n',
  'contaсts', // a Cyrillic es
  '',
  'a'.repeat(129),
  '../contacts',
];

/** LA codes and months a flag or an event might carry. */
const HOSTILE_LAS = ["850' OR '1'='1", '850;', '85', '8500', '../850', '850\n', 'abc'];
const HOSTILE_MONTHS = ["2019-11' --", '2019-13', '2019-1', '../2019-11', '2019-11/x'];

describe('identifiers', () => {
  test.each(HOSTILE_NAMES)('assertIdentifier and quoteIdentifier refuse %j', (name) => {
    expect(() => assertIdentifier(name)).toThrow(/SQL identifier/);
    expect(() => quoteIdentifier(name)).toThrow(/SQL identifier/);
    expect(() => selectColumns('SELECT 1 AS a', ['a', name])).toThrow(/SQL identifier/);
  });

  test('a lower-case name passes, quoted as both engines read it', () => {
    expect(assertIdentifier('frontdoor_annual')).toBe('frontdoor_annual');
    expect(quoteIdentifier('month')).toBe('"month"');
  });

  test("Athena's UNLOAD location cannot close its string literal", () => {
    for (const folder of [
      "s3://bucket/warehouse/_tmp/x'/",
      "s3://bucket/x/' WITH (format = 'TEXTFILE') --/",
      's3://bucket/x y/',
      'https://bucket/x/',
    ]) {
      expect(() => athenaUnload('SELECT 1 AS a', ['a'], folder)).toThrow(/UNLOAD target/);
    }
  });

  test('report-table prefixes (what a build replaces, and where Athena unloads) are checked part by part', () => {
    expect(reportTablePrefix('frontdoor_annual', '850', '2019-11')).toBe(
      'report_tables/frontdoor_annual/la_code=850/as_of=2019-11/',
    );
    for (const name of HOSTILE_NAMES) {
      expect(() => reportTablePrefix(name, '850', '2019-11')).toThrow(/SQL identifier/);
    }
    for (const la of HOSTILE_LAS) {
      expect(() => reportTablePrefix('frontdoor_annual', la, '2019-11')).toThrow(
        /expected a 3-digit DfE LA number/,
      );
    }
    for (const month of HOSTILE_MONTHS) {
      expect(() => reportTablePrefix('frontdoor_annual', '850', month)).toThrow(/expected YYYY-MM/);
    }
  });
});

describe('against a real warehouse', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let duckdb: DuckDBInstance;
  let engine: DuckDBEngine;
  let warehouse: string;

  beforeAll(async () => {
    dir = await tempDir('panelpack-sql-identifiers-');
    warehouse = join(dir.path, 'warehouse');
    duckdb = await DuckDBInstance.create(':memory:', { threads: '1' });
    engine = await DuckDBEngine.open({
      duckdb,
      warehouseDir: warehouse,
      store: new LocalStore(warehouse),
      setup: (connection) => createReferenceTables(connection),
    });
  });
  afterAll(async () => {
    await engine.close();
    duckdb.closeSync();
    await dir.remove();
  });

  /** Nothing was built: the build refused before it ran a statement. */
  async function nothingWritten(): Promise<void> {
    const written = await readdir(join(warehouse, 'report_tables')).catch(() => []);
    expect(written).toEqual([]);
  }

  test('buildReportTables refuses tables outside the catalogue, and LAs and months of another shape', async () => {
    for (const name of ['frontdoor_annual; DROP TABLE la', 'la', 'contacts', "x' OR '1'='1"]) {
      await expect(
        buildReportTables({ engine, asOf: '2019-11', laCodes: ['850'], tables: [name] }),
      ).rejects.toThrow(/no report table named/);
    }
    for (const la of HOSTILE_LAS) {
      await expect(buildReportTables({ engine, asOf: '2019-11', laCodes: [la] })).rejects.toThrow(
        /expected a 3-digit DfE LA number/,
      );
    }
    for (const month of HOSTILE_MONTHS) {
      await expect(buildReportTables({ engine, asOf: month, laCodes: ['850'] })).rejects.toThrow(
        /expected YYYY-MM/,
      );
    }
    await nothingWritten();
    // The reference table an injection above aimed at is still there.
    expect((await engine.query('SELECT count(*) AS n FROM la')).rows[0]!.n).toBeGreaterThan(100);
  });

  test('render and agenda packs refuse an LA, month or meeting date of another shape', async () => {
    // Refused while checking the scope, before the browser or the engine is used.
    const browser = {} as ReportBrowser;
    const output = new LocalStore(join(dir.path, 'out'));
    const base = { engine, laCode: '850', asOf: '2019-11', output, browser };
    for (const laCode of HOSTILE_LAS) {
      await expect(renderReports({ ...base, laCode })).rejects.toThrow(/3-digit DfE LA number/);
      await expect(renderAgendaPack({ ...base, laCode, committee: 'cabinet' })).rejects.toThrow(
        /3-digit DfE LA number/,
      );
    }
    for (const asOf of HOSTILE_MONTHS) {
      await expect(renderReports({ ...base, asOf })).rejects.toThrow(/expected YYYY-MM/);
    }
    await expect(renderReports({ ...base, meetingDate: "2020-02-04' --" })).rejects.toThrow(
      /expected YYYY-MM-DD/,
    );
    await expect(renderReports({ ...base, reports: ["crt-mash-update' --"] })).rejects.toThrow(
      /no report/,
    );
    await expect(renderAgendaPack({ ...base, committee: '../../etc' })).rejects.toThrow(
      /has no committee/,
    );
  });

  test('a report reads only the tables and columns it declares, by validated name', async () => {
    const scope = { laCode: '850', asOf: '2019-11' };
    const declared = { la: { columns: ['la_code', 'name'], orderBy: ['la_code'] } };
    const read = tableReader(engine, declared, scope);
    expect(() => read('contacts')).toThrow(/without declaring it/);
    for (const name of HOSTILE_NAMES) {
      const hostileTable = tableReader(engine, { [name]: declared.la }, scope);
      expect(() => hostileTable(name)).toThrow(/SQL identifier/);
      const hostileColumn = tableReader(
        engine,
        { la: { columns: ['la_code', name], orderBy: [] } },
        scope,
      );
      expect(() => hostileColumn('la')).toThrow(/SQL identifier/);
      const hostileOrder = tableReader(
        engine,
        { la: { columns: ['la_code'], orderBy: [name] } },
        scope,
      );
      expect(() => hostileOrder('la')).toThrow(/SQL identifier/);
    }
  });

  test('`.schema TABLE` passes the name as a parameter: an injection finds no table', async () => {
    expect(await describeTable(engine, 'la')).toMatch(/la_code/);
    for (const name of ["la' OR '1'='1", "x'; DROP VIEW la; --"]) {
      expect(await describeTable(engine, name)).toBe(`no table named ${name}\n`);
    }
    expect((await engine.query('SELECT count(*) AS n FROM la')).rows[0]!.n).toBeGreaterThan(100);
  });
});

describe('the CLI', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir('panelpack-sql-cli-');
  });
  afterAll(() => dir.remove());

  test('tables and render refuse an injected --la or --month with a message naming it', async () => {
    const env = { PANELPACK_CACHE_DIR: join(dir.path, 'cache') };
    const cases: [string[], RegExp][] = [
      [['tables', '--month', "2019-11' --"], /--month 2019-11' --: expected YYYY-MM/],
      [
        ['tables', '--month', '2019-11', '--la', "850' OR '1'='1"],
        /expected a 3-digit DfE LA number/,
      ],
      [
        ['render', 'crt-mash-update', '--month', '2019-11', '--la', "850'--"],
        /--la 850'--: expected a 3-digit DfE LA number/,
      ],
      [['render', "crt-mash-update'--", '--month', '2019-11'], /unknown report/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { cwd: dir.path, env });
      expect({ args, failed: run.code !== 0 }).toEqual({ args, failed: true });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
