import { join, relative } from 'node:path';
import type { QueryEngine } from '../../functions/core/engine/query-engine.js';
import {
  configuredLaCodes,
  isReportId,
  loadReportConfig,
  loadTemplates,
  openBrowser,
  REPORT_IDS,
  type RenderedAgendaPack,
  type RenderedReport,
  type ReportBrowser,
  renderAgendaPack,
  renderReports,
} from '../../functions/core/reports/index.js';
import { renderMonth } from '../../functions/core/reports/render-month.js';
import { recordRendered } from '../../functions/core/reports/report-manifest.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { warehouseLaCodes } from '../../functions/core/tables/index.js';
import type { Terminal } from '../terminal.js';
import { UserError } from '../terminal.js';

export interface RenderFlags {
  /** A report id, or `agenda-pack`. */
  readonly report: string;
  readonly month: string;
  readonly la?: readonly string[];
  readonly meetingDate?: string;
  readonly committee?: string;
  readonly out: string;
  /** Published papers: statistical disclosure control on (docs/security.md). */
  readonly publish?: boolean;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Checks `render`'s flags: a usage error (exit 2) names the flag and what it expects. */
export function checkRenderFlags(flags: RenderFlags): void {
  if (flags.report !== 'agenda-pack' && !isReportId(flags.report)) {
    throw new UserError(
      `unknown report "${flags.report}": expected one of ${REPORT_IDS.join(', ')} or agenda-pack`,
    );
  }
  if (!MONTH.test(flags.month)) throw new UserError(`--month ${flags.month}: expected YYYY-MM`);
  if (flags.meetingDate !== undefined && !DATE.test(flags.meetingDate)) {
    throw new UserError(`--meeting-date ${flags.meetingDate}: expected YYYY-MM-DD`);
  }
  for (const la of flags.la ?? []) {
    if (!/^\d{3}$/.test(la)) throw new UserError(`--la ${la}: expected a 3-digit DfE LA number`);
  }
  if (flags.report === 'agenda-pack' && !flags.committee) {
    throw new UserError('render agenda-pack needs --committee (a committee key of the LA config)');
  }
}

/**
 * The LAs to render: those named, else every LA with both a report config and data in the
 * warehouse.
 */
export async function renderLaCodes(
  engine: QueryEngine,
  named: readonly string[] | undefined,
): Promise<string[]> {
  const configured = await configuredLaCodes();
  if (named && named.length > 0) {
    const missing = named.filter((la) => !configured.includes(la));
    if (missing.length > 0) {
      throw new UserError(
        `no report config for LA ${missing.join(', ')}: add config/reports/<la>.json (see docs/reports.md)`,
      );
    }
    return [...named];
  }
  const withData = new Set(await warehouseLaCodes(engine));
  const las = configured.filter((la) => withData.has(la));
  if (las.length === 0) {
    throw new Error(
      'no LA has both extracts in the warehouse and a report config: load extracts first (panelpack load)',
    );
  }
  return las;
}

/** What a render writes, as paths under the output folder the user gave. */
export interface RenderedFile {
  readonly path: string;
  readonly pages: number;
}

/** Renders every report (and every committee's agenda pack) for the LAs, in one browser. */
export async function renderEverything(options: {
  readonly engine: QueryEngine;
  readonly las: readonly string[];
  readonly asOf: string;
  readonly out: string;
  readonly packs: boolean;
  readonly terminal: Terminal;
  readonly browser?: ReportBrowser;
  /** Published papers: statistical disclosure control on for every report. */
  readonly publish?: boolean;
}): Promise<RenderedFile[]> {
  const browser = options.browser ?? (await openBrowser());
  try {
    const summary = await renderMonth({
      engine: options.engine,
      output: new LocalStore(options.out),
      month: options.asOf,
      browser,
      laCodes: options.las,
      agendaPacks: options.packs,
      onProgress: (text) => options.terminal.progress(text),
      ...(options.publish ? { publish: true } : {}),
    });
    return summary.files.map((f) => ({ path: join(options.out, f.key), pages: f.pages }));
  } finally {
    options.terminal.done();
    if (!options.browser) await browser.close();
  }
}

/** Prints one line per PDF: its path (relative to the working folder) and pages. */
export function printRendered(files: readonly RenderedFile[], terminal: Terminal): void {
  for (const f of files) {
    terminal.out(`${relative(process.cwd(), f.path) || f.path}  (${f.pages} pages)`);
  }
}

/** `panelpack render REPORT --month` and `panelpack render agenda-pack --committee`. */
export async function renderCommand(
  flags: RenderFlags,
  engine: QueryEngine,
  terminal: Terminal,
): Promise<number> {
  checkRenderFlags(flags);
  const output = new LocalStore(flags.out);
  const templates = await loadTemplates();
  const browser = await openBrowser();
  const files: RenderedFile[] = [];
  const rendered: RenderedReport[] = [];
  const packs: RenderedAgendaPack[] = [];
  try {
    if (flags.report === 'agenda-pack') {
      const committee = flags.committee!;
      const named = flags.la && flags.la.length > 0 ? [...flags.la] : undefined;
      let las = await renderLaCodes(engine, named);
      if (!named) {
        const configs = await Promise.all(las.map((la) => loadReportConfig(la)));
        las = las.filter((_, i) => committee in configs[i]!.committees);
        if (las.length === 0) throw new UserError(`no LA config has a committee "${committee}"`);
      }
      for (const laCode of las) {
        const pack = await renderAgendaPack({
          engine,
          laCode,
          asOf: flags.month,
          committee,
          output,
          browser,
          templates,
          ...(flags.publish ? { publish: true } : {}),
          ...(flags.meetingDate ? { meetingDate: flags.meetingDate } : {}),
        });
        packs.push(pack);
        files.push({ path: join(flags.out, pack.pdfKey), pages: pack.pages });
      }
    } else {
      for (const laCode of await renderLaCodes(engine, flags.la)) {
        const reports = await renderReports({
          engine,
          laCode,
          asOf: flags.month,
          output,
          browser,
          templates,
          reports: [flags.report],
          ...(flags.publish ? { publish: true } : {}),
          ...(flags.meetingDate ? { meetingDate: flags.meetingDate } : {}),
        });
        rendered.push(...reports);
        for (const r of reports) files.push({ path: join(flags.out, r.pdfKey), pages: r.pages });
      }
    }
    await recordRendered(output, rendered, packs);
  } finally {
    await browser.close();
  }
  printRendered(files, terminal);
  return 0;
}
