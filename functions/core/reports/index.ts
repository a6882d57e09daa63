/**
 * Committee reports (SPEC 5): view models built from the report tables, Handlebars templates
 * in the house style, PDFs printed by headless Chrome, agenda packs merged with pdf-lib.
 *
 * The whole API a caller needs (the CLI's `render` and `run`, the `render` Lambda):
 *
 * ```ts
 * const browser = await openBrowser({ lambda: true });          // one per batch
 * try {
 *   await renderReports({ engine, laCode: '850', asOf: '2019-11', output, browser });
 *   await renderAgendaPack({ engine, laCode: '850', asOf: '2019-11',
 *     committee: 'children-and-families-advisory-panel', output, browser });
 * } finally {
 *   await browser.close();
 * }
 * ```
 *
 * `engine` is any QueryEngine over the report tables; `output` any ObjectStore (a LocalStore
 * on a folder, or an S3Store on the reports bucket). Files land under
 * `reports/<la_code>-<committee>/<meeting-date>/` as `<report-id>.pdf` and `.html`, and
 * `agenda-pack.pdf` with its front sheet as `agenda-pack.html`. Report metadata (committee,
 * meeting calendar, contacts, recommendations) is read from `config/reports/<la_code>.json`.
 * Nothing here writes to local disk, so `/tmp` is needed only for Chrome itself.
 */
export { type AgendaItem, type AgendaModel, agendaModel } from './agenda-model.js';
export { type ChartInput, type ChartModel, chartModel } from './chart-model.js';
export * from './format.js';
export { formatCell, REPORT_HELPERS } from './helpers.js';
export { chooseMeetingDate } from './meeting-date.js';
export { type MergePart, mergeTaggedPdfs } from './merge-tagged-pdfs.js';
export {
  type RenderAgendaPackOptions,
  type RenderedAgendaPack,
  renderAgendaPack,
} from './render-agenda-pack.js';
export {
  buildReportModel,
  meetingFolder,
  type RenderedReport,
  type RenderReportsOptions,
  type RenderScope,
  renderReports,
  reportContext,
} from './render-reports.js';
export {
  launchChrome,
  type OpenBrowserOptions,
  openBrowser,
  type PrintedPdf,
  type ReportBrowser,
  withBrowser,
} from './report-browser.js';
export {
  isReportId,
  REPORT_CATALOGUE,
  REPORT_IDS,
  type ReportDefinition,
  type ReportId,
  reportDefinition,
} from './report-catalogue.js';
export {
  type CommitteeConfig,
  configuredLaCodes,
  loadReportConfig,
  parseReportConfig,
  type ReportConfig,
  type ReportMetadata,
} from './report-config.js';
export type { CommonModel, DataTable, ReportContext, TableCell } from './report-model.js';
export { type Row, type TableRead, type TableReads, tableReader } from './report-tables.js';
export {
  BUILTIN_HELPERS,
  compileTemplates,
  loadTemplates,
  type ReportTemplates,
  readTemplateSources,
  type TemplateSources,
} from './report-templates.js';
