export {
  type BuildOptions,
  type BuiltTable,
  buildReportTables,
  REPORT_TABLES_ROOT,
  reportTablePrefix,
  warehouseLaCodes,
} from './build-report-tables.js';
