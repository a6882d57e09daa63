/**
 * Statistical disclosure control in rendered papers. The Isle of Wight's report tables are
 * given one small count, three referrals from the police in November 2019 on new cases, and the
 * CRT/MASH update is printed by Chrome: published (`publish: true`), the count reads "<5" and
 * its column loses another figure so the total cannot give it back, while the total itself is
 * still the true total; internal (the default), every figure is printed. Every report and an
 * agenda pack also render published for both LAs, naming only fields their models have.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import {
  buildReportModel,
  loadReportConfig,
  openBrowser,
  parseReportConfig,
  REPORT_CATALOGUE,
  type ReportBrowser,
  readTemplateSources,
  renderAgendaPack,
  renderReports,
  reportContext,
} from '../../functions/core/reports/index.js';
import { templateLineage } from '../../functions/core/reports/template-lineage.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { writeReportTables } from '../fixtures/report-tables.js';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf-read.js';
import { tempDir } from '../helpers/temp-dir.js';

const AS_OF = '2019-12';
const SMALL = 3;

let dir: { path: string; remove: () => Promise<void> };
let duckdb: DuckDBInstance;
let engine: DuckDBEngine;
let browser: ReportBrowser;
/** The true Nov 2019 figures of 921's contact sources after the change. */
let november: Record<string, number>;

beforeAll(async () => {
  dir = await tempDir('panelpack-sdc-');
  const warehouse = join(dir.path, 'warehouse');
  await writeReportTables(warehouse, ['850', '921'], '2014-04', AS_OF);
  duckdb = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await duckdb.connect();
  const file = join(
    warehouse,
    'report_tables/frontdoor_contacts_monthly/la_code=921',
    `as_of=${AS_OF}`,
    'part-0.parquet',
  );
  // Police contacts on new cases in November 2019 become 3; "other" takes the rest, so the
  // sources still add up to the contacts on new cases, as the report SQL guarantees.
  await connection.run(
    `COPY (SELECT * REPLACE (
        CASE WHEN month = DATE '2019-11-01' THEN ${SMALL} ELSE source_police END AS source_police,
        CASE WHEN month = DATE '2019-11-01' THEN source_other + source_police - ${SMALL} ELSE source_other END AS source_other)
      FROM read_parquet($file)) TO '${file}.new' (FORMAT parquet)`,
    { file },
  );
  await connection.run(`COPY (SELECT * FROM read_parquet($p)) TO '${file}' (FORMAT parquet)`, {
    p: `${file}.new`,
  });
  const reader = await connection.runAndReadAll(
    "SELECT source_education, source_health, source_police, source_other, contacts_new_cases FROM read_parquet($file) WHERE month = DATE '2019-11-01'",
    { file },
  );
  const [row] = reader.getRowObjectsJson() as Record<string, number | string>[];
  november = Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
  connection.closeSync();
  engine = await DuckDBEngine.open({ duckdb, warehouseDir: warehouse });
  browser = await openBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await engine?.close();
  duckdb?.closeSync();
  await dir?.remove();
});

/** The cells of one row of a data table in the HTML, by its row header. */
function tableRowCells(html: string, tableId: string, header: string): string[] {
  const table = html.slice(html.indexOf(`id="${tableId}"`));
  const body = table.slice(0, table.indexOf('</table>'));
  const row = new RegExp(`<th scope="row">${header}</th>(.*?)</tr>`).exec(body);
  if (!row) throw new Error(`no row ${header} in ${tableId}`);
  return [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
}

async function renderCrt(options: { publish?: boolean; config?: object }) {
  const out = join(dir.path, `out-${Math.random().toString(36).slice(2)}`);
  const [report] = await renderReports({
    engine,
    laCode: '921',
    asOf: AS_OF,
    output: new LocalStore(out),
    browser,
    reports: ['crt-mash-update'],
    ...(options.publish ? { publish: true } : {}),
    ...(options.config ? { config: options.config as never } : {}),
  });
  const html = await readFile(join(out, report!.htmlKey), 'utf8');
  const pdf = await readPdf(await readFile(join(out, report!.pdfKey)));
  return { report: report!, html, pdf };
}

test('published: the small count prints "<5" and its column total cannot give it back', async () => {
  const { report, html, pdf } = await renderCrt({ publish: true });
  expect(report.disclosureThreshold).toBe(5);
  // November is the 11th month column of the 2019 tables.
  const nov = 10;
  const sources = ['Education', 'Health', 'Police', 'Other'].map(
    (name) => tableRowCells(html, 'contact-sources-2019', name)[nov]!,
  );
  const total = tableRowCells(html, 'contact-sources-2019', 'Total')[nov]!;
  expect(sources[2]).toBe('&lt;5');
  // The total is the true total...
  expect(total).toBe(november.contacts_new_cases!.toLocaleString('en-GB'));
  // ...and at least one more source is withheld, so total minus the shown sources is the
  // police count plus another unknown, not the police count.
  const withheld = sources.filter((cell) => cell === '&lt;5' || cell === '[c]');
  expect(withheld.length).toBeGreaterThanOrEqual(2);
  const shown = sources
    .filter((cell) => /^[\d,]+$/.test(cell))
    .reduce((sum, cell) => sum + Number(cell.replaceAll(',', '')), 0);
  expect(november.contacts_new_cases! - shown).toBeGreaterThan(SMALL);
  // The other months print as they are.
  expect(tableRowCells(html, 'contact-sources-2019', 'Police')[nov - 1]).toMatch(/^[\d,]+$/);
  // What the PDF says: the statement under the header, "<5", "[c]" and the table's note.
  expect(pdf.text).toContain('Published with statistical disclosure control');
  expect(pdf.text).toContain('<5');
  expect(pdf.text).toContain('[c]');
  expect(pdf.text).toContain(
    '<5: fewer than 5; [c]: withheld so that a small number cannot be worked out.',
  );
  expect(pdf.text).not.toMatch(new RegExp(`Police(?: [\\d,]+){10} ${SMALL} `));
}, 300_000);

test('internal (the default): every figure is printed, the small one included', async () => {
  const { report, html, pdf } = await renderCrt({});
  expect(report.disclosureThreshold).toBeNull();
  expect(tableRowCells(html, 'contact-sources-2019', 'Police')[10]).toBe(String(SMALL));
  expect(html).not.toContain('[c]');
  expect(pdf.text).not.toContain('statistical disclosure control');
});

test("the LA's config turns control on, with its own threshold; a report can opt out", async () => {
  const raw = JSON.parse(JSON.stringify(await loadReportConfig('921'))) as Record<string, unknown>;
  const strict = parseReportConfig({ ...raw, disclosureControl: { threshold: 10 } }, 'test');
  const { report, html } = await renderCrt({ config: strict });
  expect(report.disclosureThreshold).toBe(10);
  expect(tableRowCells(html, 'contact-sources-2019', 'Police')[10]).toBe('&lt;10');
  const reports = raw.reports as Record<string, Record<string, unknown>>;
  const optOut = parseReportConfig(
    {
      ...raw,
      disclosureControl: { threshold: 10 },
      reports: {
        ...reports,
        'crt-mash-update': { ...reports['crt-mash-update'], disclosureControl: false },
      },
    },
    'test',
  );
  const internal = await renderCrt({ config: optOut });
  expect(internal.report.disclosureThreshold).toBeNull();
  // --publish wins over an opt-out: what is published is controlled.
  const published = await renderCrt({ config: optOut, publish: true });
  expect(published.report.disclosureThreshold).toBe(10);
}, 300_000);

test('every report and agenda pack renders published for both LAs, naming only fields that exist', async () => {
  const sources = await readTemplateSources();
  for (const la of ['850', '921']) {
    const config = await loadReportConfig(la);
    for (const definition of REPORT_CATALOGUE) {
      const context = reportContext(config, definition.id, {
        laCode: la,
        asOf: AS_OF,
        publish: true,
      });
      const model = await buildReportModel(engine, definition, context);
      expect({
        id: definition.id,
        problems: templateLineage(sources, definition.id, model),
      }).toEqual({
        id: definition.id,
        problems: [],
      });
    }
  }
  const output = new LocalStore(join(dir.path, 'published'));
  const scope = { engine, laCode: '921', asOf: AS_OF, output, browser, publish: true };
  const reports = await renderReports(scope);
  expect(reports).toHaveLength(4);
  for (const r of reports) {
    const pdf = await readPdf(await readFile(join(dir.path, 'published', r.pdfKey)));
    expect(pdf.text).toContain('Published with statistical disclosure control');
  }
  const pack = await renderAgendaPack({ ...scope, committee: reports[0]!.committeeId });
  const packPdf = await readPdf(await readFile(join(dir.path, 'published', pack.pdfKey)));
  expect(packPdf.text).toContain('Published with statistical disclosure control');
}, 600_000);

test('`panelpack render --publish` prints the published paper; without it the internal one', async () => {
  const env = {
    PANELPACK_WAREHOUSE: join(dir.path, 'warehouse'),
    PANELPACK_CACHE_DIR: join(dir.path, 'cache'),
  };
  const args = ['render', 'crt-mash-update', '--month', AS_OF, '--la', '921'];
  const published = await runCli([...args, '--publish', '--out', 'cli-published'], {
    cwd: dir.path,
    env,
  });
  expect(published.stderr).toBe('');
  expect(published.code).toBe(0);
  const internal = await runCli([...args, '--out', 'cli-internal'], { cwd: dir.path, env });
  expect(internal.code).toBe(0);
  // Each prints the PDF's path; the HTML is beside it.
  const html = (run: { stdout: string }) =>
    readFile(join(dir.path, run.stdout.split('  (')[0]!.replace(/\.pdf$/, '.html')), 'utf8');
  const publishedHtml = await html(published);
  expect(tableRowCells(publishedHtml, 'contact-sources-2019', 'Police')[10]).toBe('&lt;5');
  const internalHtml = await html(internal);
  expect(tableRowCells(internalHtml, 'contact-sources-2019', 'Police')[10]).toBe(String(SMALL));
}, 300_000);
