import type { QueryEngine } from '../core/engine/query-engine.js';
import type { Logger } from '../core/logger.js';
import {
  configuredLaCodes,
  loadReportConfig,
  loadTemplates,
  type RenderedAgendaPack,
  type RenderedReport,
  type ReportBrowser,
  renderAgendaPack,
  renderReports,
} from '../core/reports/index.js';
import type { ObjectStore } from '../core/store/index.js';
import { warehouseLaCodes } from '../core/tables/index.js';
import { recordRendered } from './report-manifest.js';

/** What a month's render wrote, in counts (the clerks' message names the documents). */
export interface MonthRenderSummary {
  readonly month: string;
  readonly laCodes: readonly string[];
  readonly reports: number;
  readonly agendaPacks: number;
  /** Reports and packs together: what the clerks can download. */
  readonly documents: number;
}

export interface RenderMonthOptions {
  /** An engine over the report tables built for `month`. */
  readonly engine: QueryEngine;
  /** Where papers go: `reports/<la>-<committee>/<meeting-date>/` inside it. */
  readonly output: ObjectStore;
  readonly month: string;
  readonly browser: ReportBrowser;
  readonly logger: Logger;
}

/**
 * The monthly job's render: for every LA with both a report config and data, every report
 * its config lists and an agenda pack for each committee receiving one, then a manifest per
 * meeting folder for the clerks' page.
 */
export async function renderMonth(options: RenderMonthOptions): Promise<MonthRenderSummary> {
  const withData = new Set(await warehouseLaCodes(options.engine));
  const laCodes = (await configuredLaCodes()).filter((la) => withData.has(la));
  if (laCodes.length === 0) {
    throw new Error(
      'no LA has both extracts in the warehouse and a report config (config/reports/<la>.json)',
    );
  }
  const templates = await loadTemplates();
  const reports: RenderedReport[] = [];
  const packs: RenderedAgendaPack[] = [];
  for (const laCode of laCodes) {
    const scope = {
      engine: options.engine,
      laCode,
      asOf: options.month,
      output: options.output,
      browser: options.browser,
      config: await loadReportConfig(laCode),
      templates,
      logger: options.logger,
    };
    const rendered = await renderReports(scope);
    reports.push(...rendered);
    for (const committee of new Set(rendered.map((r) => r.committeeId))) {
      packs.push(await renderAgendaPack({ ...scope, committee }));
    }
  }
  await recordRendered(options.output, reports, packs);
  return {
    month: options.month,
    laCodes,
    reports: reports.length,
    agendaPacks: packs.length,
    documents: reports.length + packs.length,
  };
}
