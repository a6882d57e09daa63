import type { DisclosureControl } from './disclosure/disclosure-grid.js';
import { disclosureStatement } from './disclosure/disclosure-options.js';
import type { Figure, Withheld } from './disclosure/withheld.js';
import type { CommitteeConfig, ReportConfig, ReportMetadata } from './report-config.js';

/** What one report is being built for: the LA, the data month, its metadata and meeting. */
export interface ReportContext {
  readonly laCode: string;
  /** The build month of the report tables, YYYY-MM. */
  readonly asOf: string;
  readonly config: ReportConfig;
  readonly meta: ReportMetadata;
  readonly committeeId: string;
  readonly committee: CommitteeConfig;
  /** YYYY-MM-DD. */
  readonly meetingDate: string;
  /** Statistical disclosure control for a published paper; null for an internal one. */
  readonly disclosure: DisclosureControl | null;
}

/** A cell of a data table: a raw figure and how the paper prints it, or text. */
export type CellFormat = 'number' | 'percent0' | 'percent1' | 'percent2' | 'text' | 'blank';

export interface TableCell {
  /** A withheld figure (published papers) prints "<5" or "[c]". */
  readonly value: number | string | null | Withheld;
  readonly format: CellFormat;
}

export interface TableRow {
  /** The row's header cell (`<th scope="row">`). */
  readonly header: string;
  readonly cells: readonly TableCell[];
  /** A totals row, set in bold as the papers do. */
  readonly total: boolean;
}

/**
 * A table as the data-table partial prints it: a caption, an optional row of column groups
 * (e.g. one financial year over "Number" and "%"), column headers, then rows that each start
 * with a row header.
 */
export interface DataTable {
  readonly id: string;
  readonly caption: string;
  readonly groups: readonly { readonly label: string; readonly span: number }[];
  /** The first is the row headers' column. */
  readonly columns: readonly { readonly label: string; readonly numeric: boolean }[];
  readonly rows: readonly TableRow[];
  /** Smaller type for wide tables (the monthly appendix). */
  readonly compact: boolean;
  readonly note: string | null;
}

/** The parts of every report's view model that the layouts and shared partials print. */
export interface CommonModel {
  readonly lang: 'en-GB';
  readonly documentTitle: string;
  readonly council: {
    readonly name: string;
    readonly upperName: string;
    readonly shortName: string;
    readonly inPlace: string;
    readonly selfReference: string;
  };
  readonly header: {
    readonly label: string;
    readonly committee: string;
    readonly date: string;
    readonly title: string;
    readonly reference: string | null;
    readonly reportFrom: string;
    readonly contact: {
      readonly name: string;
      readonly role: string | null;
      readonly tel: string;
      readonly email: string;
    };
  };
  /** The agenda item number, printed at the top of the first page inside an agenda pack. */
  readonly agendaItem: number | null;
  /** The number the first page's "Page N" footer shows (pages run on through a pack). */
  readonly firstPageNumber: number;
  readonly recommendations: readonly string[];
  /** "Recommendation" or "Recommendations", as many as there are. */
  readonly recommendationHeading: string;
  readonly strategicPlan: readonly { readonly aim: string; readonly answer: 'Yes' | 'No' }[];
  readonly equalitiesStatement: string;
  readonly climateChange: string;
  /** The data month, as its first day (YYYY-MM-DD). */
  readonly asOfMonth: string;
  /** What a published paper withholds and how it shows it; null for an internal paper. */
  readonly disclosureStatement: string | null;
}

/** The shared part of a view model, from the report's metadata. */
export function commonModel(context: ReportContext): CommonModel {
  const { config, meta, committee } = context;
  return {
    lang: 'en-GB',
    documentTitle: `${meta.title} - ${committee.name}, ${context.meetingDate}`,
    council: {
      name: config.council.name,
      upperName: config.council.name.toLocaleUpperCase('en-GB'),
      shortName: config.council.shortName,
      inPlace: config.council.inPlace,
      selfReference: config.council.selfReference,
    },
    header: {
      label: committee.headerLabel,
      committee: committee.name,
      date: context.meetingDate,
      title: meta.title,
      reference: meta.reference ?? null,
      reportFrom: meta.reportFrom,
      contact: {
        name: meta.contact.name,
        role: meta.contact.role ?? null,
        tel: meta.contact.tel,
        email: meta.contact.email,
      },
    },
    agendaItem: null,
    firstPageNumber: 1,
    recommendations: meta.recommendations,
    recommendationHeading: meta.recommendations.length > 1 ? 'Recommendations' : 'Recommendation',
    strategicPlan: config.council.strategicAims.map((aim, i) => ({
      aim,
      answer: meta.strategicPlan[i] ? 'Yes' : 'No',
    })),
    equalitiesStatement: meta.equalitiesStatement,
    climateChange: meta.climateChange ?? config.council.climateChange,
    asOfMonth: `${context.asOf}-01`,
    disclosureStatement: context.disclosure ? disclosureStatement(context.disclosure) : null,
  };
}

/** A row of numbers under one header, each printed the same way. */
export function tableRow(
  header: string,
  values: readonly (Figure | null)[],
  format: CellFormat,
  total = false,
): TableRow {
  return { header, cells: values.map((value) => ({ value, format })), total };
}
