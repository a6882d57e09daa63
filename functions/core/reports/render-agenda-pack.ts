import { silentLogger } from '../logger.js';
import { agendaModel, type PackReport } from './agenda-model.js';
import { chooseMeetingDate } from './meeting-date.js';
import { mergeTaggedPdfs } from './merge-tagged-pdfs.js';
import {
  buildReportModel,
  checkScope,
  meetingFolder,
  printPage,
  type RenderScope,
  reportContext,
} from './render-reports.js';
import { isReportId, type ReportId, reportDefinition } from './report-catalogue.js';
import { loadReportConfig } from './report-config.js';
import type { CommonModel } from './report-model.js';
import { loadTemplates } from './report-templates.js';

export interface RenderAgendaPackOptions extends RenderScope {
  /** The committee's key in the LA's config, e.g. `children-and-families-advisory-panel`. */
  readonly committee: string;
  /** Default: the committee's next meeting after the data month (its config calendar). */
  readonly meetingDate?: string;
}

/** An agenda pack written, with where each report sits in it. */
export interface RenderedAgendaPack {
  readonly laCode: string;
  readonly asOf: string;
  readonly committeeId: string;
  readonly committee: string;
  readonly meetingDate: string;
  readonly pdfKey: string;
  readonly htmlKey: string;
  readonly pages: number;
  readonly frontSheetPages: number;
  readonly items: readonly {
    readonly itemNumber: number;
    readonly reportId: ReportId;
    readonly from: number;
    readonly to: number;
  }[];
}

/** How many times to re-lay the front sheet before giving up (it settles in one or two). */
const MAX_PASSES = 5;

/**
 * Renders a committee's agenda pack: the "Notice of Meeting" front sheet listing each report
 * with its pages, then the reports with "Agenda Item N" on their first page and page numbers
 * running on through the pack, merged into one tagged PDF with a bookmark per item. The page
 * ranges are the printed pages, not estimates: the front sheet is printed until its own
 * length matches the length the ranges assumed.
 */
export async function renderAgendaPack(
  options: RenderAgendaPackOptions,
): Promise<RenderedAgendaPack> {
  checkScope(options);
  const logger = options.logger ?? silentLogger;
  const config = options.config ?? (await loadReportConfig(options.laCode));
  const templates = options.templates ?? (await loadTemplates());
  const committee = config.committees[options.committee];
  if (!committee) {
    throw new Error(
      `LA ${options.laCode} has no committee "${options.committee}": expected one of ${Object.keys(config.committees).join(', ')}`,
    );
  }
  const meetingDate = options.meetingDate ?? chooseMeetingDate(committee, options.asOf);
  const ids = Object.entries(config.reports)
    .filter(([id, meta]) => meta.committee === options.committee && isReportId(id))
    .map(([id]) => id as ReportId);
  if (ids.length === 0) {
    throw new Error(`no report goes to ${committee.name} in config/reports/${options.laCode}.json`);
  }

  const firstItem = config.standardItems.length + 1;
  const models: { id: ReportId; model: CommonModel }[] = [];
  for (const id of ids) {
    const context = reportContext(config, id, { ...options, meetingDate });
    models.push({
      id,
      model: await buildReportModel(options.engine, reportDefinition(id), context),
    });
  }
  const printReport = (i: number, firstPageNumber: number) => {
    const { id, model } = models[i]!;
    return printPage(
      options.browser,
      templates.render(id, { ...model, agendaItem: firstItem + i, firstPageNumber }),
    );
  };

  // The reports are numbered on from a guess at the front sheet's length, then the front sheet
  // is printed with their page ranges; when it turns out longer or shorter than guessed, both
  // are printed again (one page at a time: Lambda's Chrome runs as a single process).
  let frontPages = 2;
  for (let pass = 0; ; pass += 1) {
    if (pass === MAX_PASSES) {
      throw new Error(`the agenda pack for ${committee.name} did not settle on a page layout`);
    }
    const numbered: { pdf: Uint8Array; pages: number }[] = [];
    let next = frontPages + 1;
    for (let i = 0; i < models.length; i += 1) {
      const printed = await printReport(i, next);
      numbered.push(printed);
      next += printed.pages;
    }
    const counts: PackReport[] = models.map(({ id }, i) => ({
      reportId: id,
      pages: numbered[i]!.pages,
    }));
    const front = agendaModel({
      config,
      committee,
      meetingDate,
      reports: counts,
      frontSheetPages: frontPages,
    });
    const frontHtml = templates.render('agenda-pack', front);
    const frontPdf = await printPage(options.browser, frontHtml);
    if (frontPdf.pages !== frontPages) {
      frontPages = frontPdf.pages;
      continue;
    }
    const bookmarks = front.items.filter((it) => it.reportId !== null);
    const pdf = await mergeTaggedPdfs(
      [
        { pdf: frontPdf.pdf, bookmark: `Agenda: ${committee.name}, ${meetingDate}` },
        ...numbered.map((r, i) => ({
          pdf: r.pdf,
          bookmark: `Item ${bookmarks[i]!.itemNumber}: ${config.reports[ids[i]!]!.title}`,
        })),
      ],
      { title: front.documentTitle, lang: 'en-GB' },
    );
    const folder = meetingFolder(options.laCode, options.committee, meetingDate);
    const pdfKey = `${folder}/agenda-pack.pdf`;
    const htmlKey = `${folder}/agenda-pack.html`;
    await options.output.put(htmlKey, frontHtml);
    await options.output.put(pdfKey, pdf);
    const pages = frontPages + numbered.reduce((sum, r) => sum + r.pages, 0);
    logger.info('rendered agenda pack', {
      la_code: options.laCode,
      as_of: options.asOf,
      pages,
      key: pdfKey,
    });
    return {
      laCode: options.laCode,
      asOf: options.asOf,
      committeeId: options.committee,
      committee: committee.name,
      meetingDate,
      pdfKey,
      htmlKey,
      pages,
      frontSheetPages: frontPages,
      items: bookmarks.map((it) => ({
        itemNumber: it.itemNumber,
        reportId: it.reportId!,
        from: it.pages!.from,
        to: it.pages!.to,
      })),
    };
  }
}
