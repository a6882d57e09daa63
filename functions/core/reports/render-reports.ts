import type { QueryEngine } from '../engine/query-engine.js';
import { type Logger, silentLogger } from '../logger.js';
import type { ObjectStore } from '../store/object-store.js';
import { disclosureFor } from './disclosure/disclosure-options.js';
import { chooseMeetingDate } from './meeting-date.js';
import type { PrintedPdf, ReportBrowser } from './report-browser.js';
import {
  isReportId,
  type ReportDefinition,
  type ReportId,
  reportDefinition,
} from './report-catalogue.js';
import { loadReportConfig, type ReportConfig } from './report-config.js';
import type { CommonModel, ReportContext } from './report-model.js';
import { tableReader } from './report-tables.js';
import { loadTemplates, type ReportTemplates } from './report-templates.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** What every render needs: the tables, the LA and month, and where the files go. */
export interface RenderScope {
  readonly engine: QueryEngine;
  readonly laCode: string;
  /** The report tables' build month, YYYY-MM. */
  readonly asOf: string;
  /** Where PDFs and HTML are written: a LocalStore on `--out`, or the reports bucket. */
  readonly output: ObjectStore;
  /** A browser from `openBrowser()`; the caller closes it. */
  readonly browser: ReportBrowser;
  /** The LA's report metadata; default `config/reports/<laCode>.json`. */
  readonly config?: ReportConfig;
  /** Compiled templates; default the package's `templates/`. */
  readonly templates?: ReportTemplates;
  readonly logger?: Logger;
  /**
   * Published papers: statistical disclosure control on for every report (threshold from the
   * config, default 5). Without it, the config's `disclosureControl` decides (default off).
   */
  readonly publish?: boolean;
}

export interface RenderReportsOptions extends RenderScope {
  /** Default: every report the LA's config lists. */
  readonly reports?: readonly string[];
  /** Overrides the meeting the config's calendar chooses for each report's committee. */
  readonly meetingDate?: string;
  readonly onReport?: (report: RenderedReport, done: number, total: number) => void;
}

/** One report written: where, for which meeting, and how long. */
export interface RenderedReport {
  readonly reportId: ReportId;
  readonly laCode: string;
  readonly asOf: string;
  readonly committeeId: string;
  readonly committee: string;
  readonly meetingDate: string;
  readonly title: string;
  readonly pdfKey: string;
  readonly htmlKey: string;
  readonly pages: number;
  /** The disclosure control threshold the paper was published with; null when internal. */
  readonly disclosureThreshold?: number | null;
}

/**
 * The folder of one meeting's papers: `reports/<la_code>-<committee>/<meeting-date>`. The LA
 * code leads the committee folder so that two LAs' papers for same-named committees (each
 * has a Cabinet) never collide.
 */
export function meetingFolder(laCode: string, committeeId: string, meetingDate: string): string {
  return `reports/${laCode}-${committeeId}/${meetingDate}`;
}

/** Checks a render's scope before any work, with messages that name the bad value. */
export function checkScope(scope: { laCode: string; asOf: string; meetingDate?: string }): void {
  if (!/^\d{3}$/.test(scope.laCode))
    throw new Error(`LA ${scope.laCode}: expected a 3-digit DfE LA number`);
  if (!MONTH.test(scope.asOf)) throw new Error(`month ${scope.asOf}: expected YYYY-MM`);
  if (scope.meetingDate !== undefined && !DATE.test(scope.meetingDate)) {
    throw new Error(`meeting date ${scope.meetingDate}: expected YYYY-MM-DD`);
  }
}

/** The context of one report: its metadata, committee and meeting. */
export function reportContext(
  config: ReportConfig,
  reportId: ReportId,
  scope: { laCode: string; asOf: string; meetingDate?: string; publish?: boolean },
): ReportContext {
  const meta = config.reports[reportId];
  if (!meta) {
    throw new Error(
      `LA ${scope.laCode} has no metadata for report ${reportId}: add it under "reports" in config/reports/${scope.laCode}.json`,
    );
  }
  const committee = config.committees[meta.committee]!;
  return {
    laCode: scope.laCode,
    asOf: scope.asOf,
    config,
    meta,
    committeeId: meta.committee,
    committee,
    meetingDate: scope.meetingDate ?? chooseMeetingDate(committee, scope.asOf),
    disclosure: disclosureFor(config, reportId, scope.publish),
  };
}

/** Builds a report's view model from its report tables. */
export async function buildReportModel(
  engine: QueryEngine,
  definition: ReportDefinition,
  context: ReportContext,
): Promise<CommonModel> {
  const read = tableReader(engine, definition.tables, {
    laCode: context.laCode,
    asOf: context.asOf,
  });
  try {
    return await definition.model(read, context);
  } catch (error) {
    throw new Error(
      `${definition.id} for LA ${context.laCode} as of ${context.asOf}: ${(error as Error).message}`,
    );
  }
}

/** Prints a page of HTML; the result knows its page count. */
export function printPage(browser: ReportBrowser, html: string): Promise<PrintedPdf> {
  return browser.pdf(html);
}

/**
 * Renders reports for one LA and build month: each view model from the report tables, its
 * HTML from the templates, its PDF from the browser; writes `<report-id>.pdf` and the HTML
 * beside it under {@link meetingFolder}.
 */
export async function renderReports(options: RenderReportsOptions): Promise<RenderedReport[]> {
  checkScope(options);
  const logger = options.logger ?? silentLogger;
  const config = options.config ?? (await loadReportConfig(options.laCode));
  const templates = options.templates ?? (await loadTemplates());
  const ids = options.reports ?? Object.keys(config.reports).filter(isReportId);
  for (const id of ids) reportDefinition(id);
  const rendered: RenderedReport[] = [];
  for (const id of ids as ReportId[]) {
    const definition = reportDefinition(id);
    const context = reportContext(config, id, options);
    const model = await buildReportModel(options.engine, definition, context);
    const html = templates.render(id, model);
    const { pdf, pages } = await printPage(options.browser, html);
    const folder = meetingFolder(options.laCode, context.committeeId, context.meetingDate);
    const pdfKey = `${folder}/${id}.pdf`;
    const htmlKey = `${folder}/${id}.html`;
    await options.output.put(htmlKey, html);
    await options.output.put(pdfKey, pdf);
    const report: RenderedReport = {
      reportId: id,
      laCode: options.laCode,
      asOf: options.asOf,
      committeeId: context.committeeId,
      committee: context.committee.name,
      meetingDate: context.meetingDate,
      title: context.meta.title,
      pdfKey,
      htmlKey,
      pages,
      disclosureThreshold: context.disclosure?.threshold ?? null,
    };
    rendered.push(report);
    logger.info('rendered report', {
      report: id,
      la_code: options.laCode,
      as_of: options.asOf,
      pages,
      key: pdfKey,
      disclosure_threshold: context.disclosure?.threshold,
    });
    options.onReport?.(report, rendered.length, ids.length);
  }
  return rendered;
}
