import type { ReportId } from './report-catalogue.js';
import type { CommitteeConfig, ReportConfig } from './report-config.js';

/** One item of the agenda: a standard item (apologies, minutes...) or a report in the pack. */
export interface AgendaItem {
  readonly itemNumber: number;
  readonly title: string;
  readonly summary: string;
  /** The report's pages in the pack; null for items with no paper. */
  readonly pages: { readonly from: number; readonly to: number; readonly single: boolean } | null;
  readonly reportId: ReportId | null;
}

/** The view model of the agenda front sheet (templates/reports/agenda-pack.hbs). */
export interface AgendaModel {
  readonly lang: 'en-GB';
  readonly documentTitle: string;
  readonly firstPageNumber: number;
  readonly council: { readonly name: string; readonly shortName: string };
  readonly meeting: {
    readonly committee: string;
    readonly date: string;
    readonly time: string;
    readonly place: string;
    readonly enquiries: string;
  };
  readonly chiefExecutive: {
    readonly name: string;
    readonly title: string;
    readonly address: string;
  };
  readonly filmingNotice: string;
  readonly items: readonly AgendaItem[];
  readonly aboutAgenda: string;
  readonly aboutMeeting: string;
  readonly travellingExpenses: string | null;
}

/** A report placed in the pack, with its page count once rendered. */
export interface PackReport {
  readonly reportId: ReportId;
  readonly pages: number;
}

/**
 * The front sheet for a meeting: the standard items, then one item per report with the pages
 * it occupies when the front sheet itself fills `frontSheetPages` pages.
 */
export function agendaModel(options: {
  readonly config: ReportConfig;
  readonly committee: CommitteeConfig;
  readonly meetingDate: string;
  readonly reports: readonly PackReport[];
  readonly frontSheetPages: number;
}): AgendaModel {
  const { config, committee, meetingDate } = options;
  const standard: AgendaItem[] = config.standardItems.map((item, i) => ({
    itemNumber: i + 1,
    title: item.title,
    summary: item.text,
    pages: null,
    reportId: null,
  }));
  let next = options.frontSheetPages + 1;
  const reports: AgendaItem[] = options.reports.map((report, i) => {
    const meta = config.reports[report.reportId]!;
    const from = next;
    const to = next + report.pages - 1;
    next = to + 1;
    return {
      itemNumber: standard.length + i + 1,
      title: meta.agendaTitle ?? meta.title.toLocaleUpperCase('en-GB'),
      summary: meta.agendaSummary,
      pages: { from, to, single: from === to },
      reportId: report.reportId,
    };
  });
  return {
    lang: 'en-GB',
    documentTitle: `${committee.name}, ${meetingDate} - Agenda pack`,
    firstPageNumber: 1,
    council: { name: config.council.name, shortName: config.council.shortName },
    meeting: {
      committee: committee.name,
      date: meetingDate,
      time: committee.meetings.time,
      place: committee.place,
      enquiries: config.council.enquiries,
    },
    chiefExecutive: config.council.chiefExecutive,
    filmingNotice: config.council.filmingNotice,
    items: [...standard, ...reports],
    aboutAgenda: config.council.aboutAgenda,
    aboutMeeting: config.council.aboutMeeting,
    travellingExpenses: config.council.travellingExpenses ?? null,
  };
}
