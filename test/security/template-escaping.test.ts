/**
 * SPEC 8: templates escape everything. No template bypasses Handlebars' escaping, and a report
 * whose metadata (the LA's config) and data (text columns of the report tables, such as a
 * benchmark area an analyst typed or a referral source group) hold markup renders that markup
 * as text: escaped in the HTML, printed literally in the PDF, never run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { packagePath } from '../../functions/core/package-root.js';
import {
  loadReportConfig,
  openBrowser,
  parseReportConfig,
  type ReportBrowser,
  type ReportConfig,
  readTemplateSources,
  renderAgendaPack,
  renderReports,
} from '../../functions/core/reports/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { writeReportTables } from '../fixtures/report-tables.js';
import { plain, readPdf } from '../helpers/pdf-read.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCRIPT = '<script>alert("x")</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const HOSTILE = `${SCRIPT}${IMG}`;
/** Handlebars' escaping of HOSTILE: every <, >, ", ' , `, = replaced by an entity. */
const ESCAPED =
  '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;';

/**
 * Templates that insert text unescaped (`{{{...}}}` or `{{&...}}`), by path. None do: charts are
 * SVG elements drawn from numbers computed in chart-model.ts, each attribute escaped. Adding one
 * here needs a reason in docs/security.md: only markup the product generates from numbers.
 */
const UNESCAPED_ALLOWED: readonly string[] = [];

async function templateFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(hbs|html)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

test('no template inserts a value without escaping it', async () => {
  const root = packagePath('templates');
  const files = await templateFiles(root);
  expect(files.length).toBeGreaterThan(10);
  const unescaped: string[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    if (/\{\{\{|\{\{~?\s*&/.test(source)) unescaped.push(relative(root, file));
  }
  expect(unescaped).toEqual(UNESCAPED_ALLOWED);
});

test('the stylesheet, the one partial copied verbatim, cannot close its <style> element', async () => {
  const { css } = await readTemplateSources();
  expect(css.length).toBeGreaterThan(1000);
  expect(css).not.toMatch(/<\/?style|<script|<!--/i);
});

describe('a report whose metadata and data hold markup', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let engine: DuckDBEngine;
  let duckdb: DuckDBInstance;
  let browser: ReportBrowser;
  let config: ReportConfig;

  beforeAll(async () => {
    dir = await tempDir('panelpack-escaping-');
    const warehouse = join(dir.path, 'warehouse');
    await writeReportTables(warehouse, ['921'], '2014-04', '2019-12');
    duckdb = await DuckDBInstance.create(':memory:', { threads: '1' });
    // Text columns of the report tables that the papers print, each turned hostile.
    const connection = await duckdb.connect();
    const poison = async (table: string, column: string, where: string) => {
      const file = join(
        warehouse,
        'report_tables',
        table,
        'la_code=921',
        'as_of=2019-12',
        'part-0.parquet',
      );
      const copy = `${file}.tmp`;
      await connection.run(
        `COPY (SELECT * REPLACE (CASE WHEN ${where} THEN $hostile ELSE ${column} END AS ${column}) FROM read_parquet($file)) TO '${copy}' (FORMAT parquet)`,
        { hostile: HOSTILE, file },
      );
      await connection.run(
        `COPY (SELECT * FROM read_parquet($copy)) TO '${file}' (FORMAT parquet)`,
        {
          copy,
        },
      );
    };
    await poison('care_leavers_in_touch_quarterly', 'benchmark_area', 'true');
    await poison('frontdoor_referral_sources_annual', 'source_group', "source_group = 'Police'");
    await poison('fostering_deregistrations', 'reason', "reason = 'other'");
    await poison(
      'care_leavers_profile',
      'category',
      "category = 'OOTH' OR category = 'Other ethnic group'",
    );
    connection.closeSync();
    engine = await DuckDBEngine.open({ duckdb, warehouseDir: warehouse });

    const raw = JSON.parse(JSON.stringify(await loadReportConfig('921'))) as Record<string, never>;
    const c = raw as unknown as {
      council: Record<string, unknown>;
      committees: Record<string, Record<string, unknown>>;
      reports: Record<string, Record<string, unknown>>;
      standardItems: { title: string; text: string }[];
    };
    c.council.name = `Isle of Wight Council ${HOSTILE}`;
    c.council.shortName = `Island ${HOSTILE}`;
    c.council.inPlace = `on the Island ${HOSTILE}`;
    c.council.climateChange = `Climate ${HOSTILE}`;
    c.council.filmingNotice = `Filming ${HOSTILE}`;
    c.standardItems[0]!.text = `Apologies ${HOSTILE}`;
    for (const committee of Object.values(c.committees)) {
      committee.name = `${committee.name} ${HOSTILE}`;
      committee.place = `Chamber ${HOSTILE}`;
    }
    for (const report of Object.values(c.reports)) {
      report.title = `${report.title} ${HOSTILE}`;
      report.reportFrom = `Director ${HOSTILE}`;
      report.recommendations = [`That the panel notes ${HOSTILE}`];
      report.contact = {
        ...(report.contact as object),
        name: `Officer ${HOSTILE}`,
        tel: `0300 ${HOSTILE}`,
      };
      report.agendaSummary = `To receive ${HOSTILE}`;
      report.equalitiesStatement = `Equalities ${HOSTILE}`;
    }
    config = parseReportConfig(raw, 'hostile 921 config');
    browser = await openBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
    duckdb?.closeSync();
    await dir?.remove();
  });

  test('every report and the agenda pack print it as text, escaped in the HTML', async () => {
    const output = new LocalStore(join(dir.path, 'out'));
    const scope = { engine, laCode: '921', asOf: '2019-12', output, browser, config };
    const reports = await renderReports(scope);
    expect(reports.map((r) => r.reportId).sort()).toEqual([
      'annual-safeguarding',
      'care-leavers-annual',
      'crt-mash-update',
      'fostering-update',
    ]);
    const pack = await renderAgendaPack({ ...scope, committee: reports[0]!.committeeId });
    const documents = [
      ...reports.map((r) => ({ html: r.htmlKey, pdf: r.pdfKey })),
      { html: pack.htmlKey, pdf: pack.pdfKey },
    ];
    for (const { html: htmlKey, pdf: pdfKey } of documents) {
      const html = await readFile(join(dir.path, 'out', htmlKey), 'utf8');
      expect({ htmlKey, hasEscaped: html.includes(ESCAPED) }).toEqual({
        htmlKey,
        hasEscaped: true,
      });
      // The only markup is the product's own: no script, no img, no event handler anywhere.
      expect(html).not.toMatch(/<script|<img|\sonerror\s*=|javascript:/i);
      expect(html).not.toContain(SCRIPT);
      expect(html).not.toContain(IMG);
      const pdf = await readPdf(await readFile(join(dir.path, 'out', pdfKey)));
      expect(plain(pdf.text)).toContain(plain(HOSTILE));
    }
    const crt = await readFile(
      join(dir.path, 'out', reports.find((r) => r.reportId === 'crt-mash-update')!.htmlKey),
      'utf8',
    );
    // Inside the charts' SVG too (titles and descriptions name the council).
    expect(crt).toMatch(new RegExp(`<desc id="chart-contacts-desc">[^<]*${escapeRegExp(ESCAPED)}`));
    // Data values as well as metadata: the analysts' benchmark area and a source group.
    const leavers = await readFile(
      join(dir.path, 'out', reports.find((r) => r.reportId === 'care-leavers-annual')!.htmlKey),
      'utf8',
    );
    expect(leavers).toContain(`<th scope="col">${ESCAPED}</th>`);
    const cabinet = await readFile(
      join(dir.path, 'out', reports.find((r) => r.reportId === 'annual-safeguarding')!.htmlKey),
      'utf8',
    );
    expect(cabinet).toContain(`<th scope="row">${ESCAPED}</th>`);
  }, 300_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
