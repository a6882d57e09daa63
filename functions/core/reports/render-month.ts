import type { QueryEngine } from '../engine/query-engine.js';
import type { Logger } from '../logger.js';
import type { ObjectStore } from '../store/index.js';
import { warehouseLaCodes } from '../tables/index.js';
import {
  configuredLaCodes,
  loadReportConfig,
  loadTemplates,
  type RenderedAgendaPack,
  type RenderedReport,
  type ReportBrowser,
  renderAgendaPack,
  renderReports,
} from './index.js';
import { recordRendered } from './report-manifest.js';

/** What a month's render wrote, in counts (the clerks' message names the documents). */
export interface MonthRenderSummary {
  readonly month: string;
  readonly laCodes: readonly string[];
  readonly reports: number;
  readonly agendaPacks: number;
  /** Reports and packs together: what the clerks can download. */
  readonly documents: number;
  /** Every PDF written, as its key in the output store and its page count. */
  readonly files: readonly { readonly key: string; readonly pages: number }[];
}

export interface RenderMonthOptions {
  /** An engine over the report tables built for `month`. */
  readonly engine: QueryEngine;
  /** Where papers go: `reports/<la>-<committee>/<meeting-date>/` inside it. */
  readonly output: ObjectStore;
  readonly month: string;
  readonly browser: ReportBrowser;
  readonly logger?: Logger;
  /** LAs to render; default every LA with both a report config and data. */
  readonly laCodes?: readonly string[];
  /** Whether to print an agenda pack per committee (default true). */
  readonly agendaPacks?: boolean;
  /** Progress text for a terminal. */
  readonly onProgress?: (text: string) => void;
  /** Published papers: statistical disclosure control on for every report (docs/security.md). */
  readonly publish?: boolean;
}

/**
 * The monthly job's render: for every LA with both a report config and data, every report
 * its config lists and an agenda pack for each committee receiving one, then a manifest per
 * meeting folder for the clerks' page.
 */
export async function renderMonth(options: RenderMonthOptions): Promise<MonthRenderSummary> {
  const withData = new Set(await warehouseLaCodes(options.engine));
  const laCodes = options.laCodes ?? (await configuredLaCodes()).filter((la) => withData.has(la));
  if (laCodes.length === 0) {
    throw new Error(
      'no LA has both extracts in the warehouse and a report config (config/reports/<la>.json)',
    );
  }
  const templates = await loadTemplates();
  const reports: RenderedReport[] = [];
  const packs: RenderedAgendaPack[] = [];
  const files: { key: string; pages: number }[] = [];
  for (const laCode of laCodes) {
    const scope = {
      engine: options.engine,
      laCode,
      asOf: options.month,
      output: options.output,
      browser: options.browser,
      config: await loadReportConfig(laCode),
      templates,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.publish ? { publish: true } : {}),
    };
    const rendered = await renderReports({
      ...scope,
      onReport: (r, done, total) =>
        options.onProgress?.(`rendering LA ${laCode} ${done}/${total} ${r.reportId}`),
    });
    reports.push(...rendered);
    files.push(...rendered.map((r) => ({ key: r.pdfKey, pages: r.pages })));
    if (options.agendaPacks === false) continue;
    for (const committee of new Set(rendered.map((r) => r.committeeId))) {
      options.onProgress?.(`rendering LA ${laCode} agenda pack ${committee}`);
      const pack = await renderAgendaPack({ ...scope, committee });
      packs.push(pack);
      files.push({ key: pack.pdfKey, pages: pack.pages });
    }
  }
  await recordRendered(options.output, reports, packs);
  return {
    month: options.month,
    laCodes,
    reports: reports.length,
    agendaPacks: packs.length,
    documents: reports.length + packs.length,
    files,
  };
}
