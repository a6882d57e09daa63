/**
 * Regenerates report-table-columns.json from sql/reports (run after changing report SQL):
 *   npx tsx infra/catalogue/generate-report-table-columns.ts
 * test/infra/report-table-columns.test.ts fails while the file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describeReportTables } from './describe-report-tables.js';

const target = fileURLToPath(new URL('./report-table-columns.json', import.meta.url));
const tables = await describeReportTables();
await writeFile(target, `${JSON.stringify({ tables }, null, 2)}\n`);
process.stdout.write(`wrote ${tables.length} report tables to ${target}\n`);
