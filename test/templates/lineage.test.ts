/**
 * Lineage (STYLE principle 8): every template names only partials, helpers and view-model
 * fields that exist, and every view model reads only report tables and columns that
 * `sql/reports` documents. Fails naming the template line or the column.
 */
import { readFile } from 'node:fs/promises';
import type { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { packagePath } from '../../functions/core/package-root.js';
import { agendaModel } from '../../functions/core/reports/agenda-model.js';
import { buildReportModel, reportContext } from '../../functions/core/reports/render-reports.js';
import { REPORT_CATALOGUE } from '../../functions/core/reports/report-catalogue.js';
import { loadReportConfig } from '../../functions/core/reports/report-config.js';
import {
  readTemplateSources,
  type TemplateSources,
} from '../../functions/core/reports/report-templates.js';
import { templateLineage } from '../../functions/core/reports/template-lineage.js';
import { openFixtureEngine, reportTableRows } from '../fixtures/report-tables.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Long histories for full papers, and a short one so branches for missing figures are walked too. */
const BUILDS = [
  { las: ['850', '921'], from: '2014-04', asOf: '2019-11' },
  { las: ['850', '921'], from: '2014-04', asOf: '2019-12' },
  { las: ['850'], from: '2018-11', asOf: '2019-02' },
];

let dir: { path: string; remove: () => Promise<void> };
let fixture: { engine: DuckDBEngine; close: () => Promise<void> };
let sources: TemplateSources;

beforeAll(async () => {
  dir = await tempDir('panelpack-lineage-');
  fixture = await openFixtureEngine(dir.path, BUILDS);
  sources = await readTemplateSources();
});
afterAll(async () => {
  await fixture?.close();
  await dir?.remove();
});

/** Columns documented in a report table's header comments (`-- name: meaning`). */
async function documentedColumns(table: string): Promise<Set<string>> {
  const sql = await readFile(packagePath('sql', 'reports', `${table}.sql`), 'utf8');
  const names = sql
    .split('\n')
    .filter((line) => line.startsWith('--'))
    .map((line) => /^--\s*([a-z_][a-z0-9_]*):/.exec(line)?.[1])
    .filter((n): n is string => n !== undefined);
  return new Set(names);
}

describe('template lineage', () => {
  test.each(REPORT_CATALOGUE.map((r) => r.id))(
    '%s names only fields, partials and helpers that exist',
    async (id) => {
      const definition = REPORT_CATALOGUE.find((r) => r.id === id)!;
      for (const build of BUILDS) {
        for (const la of build.las) {
          const config = await loadReportConfig(la);
          const context = reportContext(config, id, { laCode: la, asOf: build.asOf });
          const model = await buildReportModel(fixture.engine, definition, context);
          expect(templateLineage(sources, id, model)).toEqual([]);
          const packed = { ...model, agendaItem: 6, firstPageNumber: 3 };
          expect(templateLineage(sources, id, packed)).toEqual([]);
        }
      }
    },
  );

  test('the agenda front sheet names only fields that exist', async () => {
    for (const la of ['850', '921']) {
      const config = await loadReportConfig(la);
      for (const [committeeId, committee] of Object.entries(config.committees)) {
        const reports = Object.entries(config.reports)
          .filter(([, r]) => r.committee === committeeId)
          .map(([reportId], i) => ({ reportId: reportId as never, pages: i + 1 }));
        const model = agendaModel({
          config,
          committee,
          meetingDate: '2020-02-04',
          reports,
          frontSheetPages: 2,
        });
        expect(templateLineage(sources, 'agenda-pack', model)).toEqual([]);
      }
    }
  });

  test('a template that names a missing field, partial or helper fails, naming the line', async () => {
    const config = await loadReportConfig('850');
    const context = reportContext(config, 'fostering-update', { laCode: '850', asOf: '2019-11' });
    const model = await buildReportModel(fixture.engine, REPORT_CATALOGUE[1]!, context);
    const broken: TemplateSources = {
      ...sources,
      reports: new Map([
        [
          'fostering-update',
          '{{#> panel}}\n<p>{{latest.registred}}</p>\n{{> no-such-partial}}\n{{#each approvals}}{{number}}{{financialYeer}}{{/each}}\n{{/panel}}',
        ],
      ]),
      partials: new Map([...sources.partials, ['header-block', '<p>{{header.committe}}</p>']]),
    };
    expect(templateLineage(broken, 'fostering-update', model)).toEqual([
      'partials/header-block.hbs:1: "header.committe" is not in the view model',
      'reports/fostering-update.hbs:2: "latest.registred" is not in the view model',
      'reports/fostering-update.hbs:3: no partial or layout "no-such-partial"',
      'reports/fostering-update.hbs:4: "financialYeer" is not in the view model',
      'reports/fostering-update.hbs:4: helper "number" used as a field (no arguments)',
    ]);
  });
});

describe('view-model lineage', () => {
  test.each(REPORT_CATALOGUE.map((r) => r.id))(
    '%s reads only report tables and columns that sql/reports documents',
    async (id) => {
      const definition = REPORT_CATALOGUE.find((r) => r.id === id)!;
      const missing: string[] = [];
      for (const [table, read] of Object.entries(definition.tables)) {
        const documented = await documentedColumns(table).catch(() => undefined);
        if (!documented) {
          missing.push(`${table} (no sql/reports/${table}.sql)`);
          continue;
        }
        for (const column of [...read.columns, ...read.orderBy, 'la_code', 'as_of']) {
          if (!documented.has(column)) missing.push(`${table}.${column}`);
        }
      }
      expect(missing).toEqual([]);
    },
  );

  test('the test fixture holds every column the view models read', () => {
    const tables = reportTableRows('850', '2018-01', '2019-11');
    for (const definition of REPORT_CATALOGUE) {
      for (const [table, read] of Object.entries(definition.tables)) {
        const row = tables[table]?.[0] ?? {};
        expect({ table, missing: read.columns.filter((c) => !(c in row)) }).toEqual({
          table,
          missing: [],
        });
      }
    }
  });
});
