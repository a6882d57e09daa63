/**
 * `panelpack serve`: the clerks' page over a local folder of rendered papers, with the same
 * reports API as the AWS deployment, and the analysts' data dictionary beside it.
 *
 * ```ts
 * const server = await startReportsServer({
 *   reportsRoot: 'out/reports',
 *   listReports: () => listReports(new LocalStore('out')),   // the AWS API's own listing
 *   assets: await clerksPageAssets(),
 *   config: { apiBase: LOCAL_API_BASE, auth: null, councils, dictionaryUrl: 'data-dictionary.html' },
 *   dictionaryPage: async () => dictionaryPage(await buildDataDictionary(duckdb)),
 * });
 * ```
 */
export { dictionaryPage } from './dictionary-page.js';
export { SITE_FILES, writeClerksSite } from './export-site.js';
export type { ListedReport, ReportListing } from './page/report-groups.js';
export type { SignInConfig, SiteConfig } from './page/site-config.js';
export { clerksPageAssets } from './page-assets.js';
export {
  isLoopbackAddress,
  LOCAL_API_BASE,
  type PageAsset,
  type ReportsServerOptions,
  type RunningReportsServer,
  startReportsServer,
} from './reports-server.js';
