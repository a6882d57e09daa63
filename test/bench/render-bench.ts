import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueryEngine } from '../../functions/core/engine/query-engine.js';
import {
  buildReportModel,
  isReportId,
  launchChrome,
  loadReportConfig,
  loadTemplates,
  openBrowser,
  type ReportId,
  renderReports,
  reportContext,
  reportDefinition,
} from '../../functions/core/reports/index.js';
import { LocalStore } from '../../functions/core/store/index.js';
import { type Summary, summarise } from './stats.js';
import { timed } from './timing.js';

export interface ReportFigures {
  readonly reportId: ReportId;
  readonly pages: number;
  readonly htmlBytes: number;
  /** `renderReports` for this report alone with a warm browser: tables -> model -> HTML -> PDF -> files. */
  readonly warm: Summary;
  /** Of which: reading the report tables into the view model. */
  readonly model: Summary;
  /** Of which: the renderer's print (`ReportBrowser.pdf`: page, no scripts, tagged PDF, outline). */
  readonly print: Summary;
  /** Chromium printing the same HTML and nothing else: a fresh page, setContent, page.pdf. */
  readonly limit: Summary;
}

export interface RenderFigures {
  readonly laCode: string;
  readonly asOf: string;
  /** `openBrowser()` alone. */
  readonly launch: Summary;
  /** `openBrowser()` and the first report: what a cold renderer (a fresh Lambda) costs. */
  readonly coldFirstReport: Summary;
  readonly reports: readonly ReportFigures[];
}

/** Rendering against the limit of Chromium's own print, for every report the LA's config lists. */
export async function benchRender(options: {
  readonly engine: QueryEngine;
  readonly laCode: string;
  readonly asOf: string;
  readonly out: string;
  readonly runs: number;
  readonly log: (line: string) => void;
}): Promise<RenderFigures> {
  const { engine, laCode, asOf } = options;
  const config = await loadReportConfig(laCode);
  const templates = await loadTemplates();
  const output = new LocalStore(options.out);
  const ids = Object.keys(config.reports).filter(isReportId);
  const scope = { engine, laCode, asOf, output, config, templates };

  const launch: number[] = [];
  const cold: number[] = [];
  for (let run = 1; run <= options.runs; run++) {
    const start = performance.now();
    const browser = await openBrowser();
    launch.push(performance.now() - start);
    try {
      await renderReports({ ...scope, browser, reports: [ids[0]!] });
      cold.push(performance.now() - start);
    } finally {
      await browser.close();
    }
    options.log(`render cold start ${run}/${options.runs}: ${Math.round(cold.at(-1)!)} ms`);
  }

  const reports: ReportFigures[] = [];
  const browser = await openBrowser();
  // The limit's browser: launched as the renderer's is (same flags and fonts), used bare.
  const plain = await launchChrome();
  try {
    for (const id of ids) {
      // One render first: warms the templates' and the browser's caches for this report.
      const [first] = await renderReports({ ...scope, browser, reports: [id] });
      const html = await readFile(join(options.out, first!.htmlKey), 'utf8');
      const definition = reportDefinition(id);
      const samples = { warm: [] as number[], model: [] as number[], print: [] as number[] };
      const limit: number[] = [];
      for (let run = 1; run <= options.runs; run++) {
        const whole = await timed(() => renderReports({ ...scope, browser, reports: [id] }));
        const model = await timed(() =>
          buildReportModel(engine, definition, reportContext(config, id, { laCode, asOf })),
        );
        const print = await timed(() => browser.pdf(html));
        const bare = await timed(async () => {
          const page = await plain.newPage();
          try {
            await page.setContent(html, { waitUntil: 'load' });
            return await page.pdf({
              tagged: true,
              outline: true,
              printBackground: true,
              preferCSSPageSize: true,
            });
          } finally {
            await page.close();
          }
        });
        samples.warm.push(whole.wallMs);
        samples.model.push(model.wallMs);
        samples.print.push(print.wallMs);
        limit.push(bare.wallMs);
      }
      reports.push({
        reportId: id,
        pages: first!.pages,
        htmlBytes: Buffer.byteLength(html),
        warm: summarise(samples.warm),
        model: summarise(samples.model),
        print: summarise(samples.print),
        limit: summarise(limit),
      });
      options.log(
        `render ${id}: warm ${Math.round(summarise(samples.warm).median)} ms, limit ${Math.round(summarise(limit).median)} ms`,
      );
    }
  } finally {
    await browser.close();
    await plain.close();
  }
  return {
    laCode,
    asOf,
    launch: summarise(launch),
    coldFirstReport: summarise(cold),
    reports,
  };
}
