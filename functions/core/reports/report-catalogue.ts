import type { CommonModel, ReportContext } from './report-model.js';
import type { TableReader, TableReads } from './report-tables.js';
import {
  ANNUAL_SAFEGUARDING_TABLES,
  annualSafeguardingModel,
  CARE_LEAVERS_TABLES,
  CRT_MASH_TABLES,
  careLeaversModel,
  crtMashModel,
  FOSTERING_TABLES,
  fosteringModel,
} from './view-models/index.js';

/** The reports of SPEC 5 (the agenda pack is assembled from them, not listed here). */
export const REPORT_IDS = [
  'crt-mash-update',
  'fostering-update',
  'care-leavers-annual',
  'annual-safeguarding',
] as const;

export type ReportId = (typeof REPORT_IDS)[number];

/** One report: what it is, where it goes by default, and what it reads. */
export interface ReportDefinition {
  readonly id: ReportId;
  /** The committee SPEC 5 names; each LA's config says which of its committees receives it. */
  readonly committee: string;
  /** Which layout prints it: a panel paper or a Cabinet decision report. */
  readonly style: 'panel' | 'cabinet';
  readonly title: string;
  /** The report tables and columns its view model reads, and nothing else. */
  readonly tables: TableReads;
  /** Builds the view model from those tables. */
  readonly model: (read: TableReader, context: ReportContext) => Promise<CommonModel>;
}

/** Every report, in the order an agenda lists them when a committee receives several. */
export const REPORT_CATALOGUE: readonly ReportDefinition[] = [
  {
    id: 'crt-mash-update',
    committee: 'Children and Families Advisory Panel',
    style: 'panel',
    title: "Children's Reception Team (CRT) and Multi Agency Safeguarding Hub (MASH) Update",
    tables: CRT_MASH_TABLES,
    model: crtMashModel,
  },
  {
    id: 'fostering-update',
    committee: 'Children and Families Advisory Panel',
    style: 'panel',
    title: 'Update on Fostering Services',
    tables: FOSTERING_TABLES,
    model: fosteringModel,
  },
  {
    id: 'care-leavers-annual',
    committee: 'Corporate Parenting Board',
    style: 'panel',
    title: 'Annual Report - Care Leavers',
    tables: CARE_LEAVERS_TABLES,
    model: careLeaversModel,
  },
  {
    id: 'annual-safeguarding',
    committee: 'Cabinet',
    style: 'cabinet',
    title: "Annual Safeguarding Report - Children's Services",
    tables: ANNUAL_SAFEGUARDING_TABLES,
    model: annualSafeguardingModel,
  },
];

/** The catalogue entry for a report id; throws listing the known ids otherwise. */
export function reportDefinition(id: string): ReportDefinition {
  const found = REPORT_CATALOGUE.find((r) => r.id === id);
  if (!found) {
    throw new Error(`no report "${id}": expected one of ${REPORT_IDS.join(', ')} or agenda-pack`);
  }
  return found;
}

/** True for a report id of the catalogue. */
export function isReportId(id: string): id is ReportId {
  return (REPORT_IDS as readonly string[]).includes(id);
}
