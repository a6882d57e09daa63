/**
 * What the clerks' page shows, worked out from the reports API's listing without touching the
 * page: papers grouped by committee, then meeting (newest first), then report, each with its
 * PDF and HTML; a filter over the words a clerk would type. Pure, so it runs in the browser
 * and in Jest alike.
 */
import { formatLongDate, formatMonthYear } from '../../reports/format.js';

/**
 * One rendered paper as `GET /reports` lists it, in `panelpack serve` and in AWS alike. The
 * fields a meeting's manifest supplies are null (or, from an older API, absent) when the
 * folder has none; the page shows what it has.
 */
export interface ListedReport {
  readonly key: string;
  readonly laCode?: string;
  readonly committeeId?: string;
  /** The committee's name, or its folder key without a manifest. */
  readonly committee: string;
  readonly meetingDate: string;
  /** A report id, or `agenda-pack`. */
  readonly reportId: string;
  readonly format: 'pdf' | 'html';
  readonly size: number;
  readonly title?: string | null;
  /** Month of data, YYYY-MM. */
  readonly asOf?: string | null;
  readonly generatedAt?: string | null;
  readonly pages?: number | null;
}

/** The body of `GET /reports`. */
export interface ReportListing {
  readonly reports: readonly ListedReport[];
}

/** One report (or the agenda pack) of a meeting, in its formats. */
export interface PaperRow {
  readonly reportId: string;
  readonly title: string;
  readonly asOf: string | null;
  readonly generatedAt: string | null;
  readonly pdf: ListedReport | undefined;
  readonly html: ListedReport | undefined;
}

export interface MeetingGroup {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly agendaPack: PaperRow | undefined;
  readonly reports: readonly PaperRow[];
}

export interface CommitteeGroup {
  /** `<la>-<committee>`, the papers' folder: unique across LAs. */
  readonly id: string;
  readonly laCode: string | undefined;
  readonly committee: string;
  readonly meetings: readonly MeetingGroup[];
}

export const AGENDA_PACK = 'agenda-pack';

/** "crt-mash-update" -> "Crt mash update": a readable stand-in when no title was recorded. */
export function titleFromId(reportId: string): string {
  const words = reportId.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const folderOf = (key: string) => key.slice(0, key.indexOf('/'));

/** Papers grouped for the page: committees by LA and name, meetings newest first. */
export function groupReports(reports: readonly ListedReport[]): CommitteeGroup[] {
  const committees = new Map<string, { first: ListedReport; papers: ListedReport[] }>();
  for (const report of reports) {
    const id = folderOf(report.key);
    const group = committees.get(id) ?? { first: report, papers: [] };
    group.papers.push(report);
    committees.set(id, group);
  }
  return [...committees]
    .map(([id, { first, papers }]) => ({
      id,
      laCode: first.laCode,
      // Without a manifest the API can give only the committee's folder key.
      committee:
        first.committee === first.committeeId ? titleFromId(first.committee) : first.committee,
      meetings: meetingsOf(papers),
    }))
    .sort(
      (a, b) =>
        (a.laCode ?? '').localeCompare(b.laCode ?? '') || a.committee.localeCompare(b.committee),
    );
}

function meetingsOf(papers: readonly ListedReport[]): MeetingGroup[] {
  const byDate = new Map<string, Map<string, ListedReport[]>>();
  for (const paper of papers) {
    const reports = byDate.get(paper.meetingDate) ?? new Map<string, ListedReport[]>();
    reports.set(paper.reportId, [...(reports.get(paper.reportId) ?? []), paper]);
    byDate.set(paper.meetingDate, reports);
  }
  return [...byDate]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([date, reports]) => {
      const rows = [...reports].map(([reportId, formats]) => paperRow(reportId, formats));
      return {
        date,
        agendaPack: rows.find((row) => row.reportId === AGENDA_PACK),
        reports: rows
          .filter((row) => row.reportId !== AGENDA_PACK)
          .sort((a, b) => a.title.localeCompare(b.title)),
      };
    });
}

function paperRow(reportId: string, formats: readonly ListedReport[]): PaperRow {
  const pdf = formats.find((f) => f.format === 'pdf');
  const html = formats.find((f) => f.format === 'html');
  const described = pdf ?? html!;
  return {
    reportId,
    title: described.title ?? (reportId === AGENDA_PACK ? 'Agenda pack' : titleFromId(reportId)),
    asOf: described.asOf ?? null,
    generatedAt: described.generatedAt ?? null,
    pdf,
    html,
  };
}

/** The words a clerk might type to find a paper, lower case. */
function searchText(
  councils: Readonly<Record<string, string>>,
  committee: CommitteeGroup,
  meeting: MeetingGroup,
  row?: PaperRow,
): string {
  const la = committee.laCode ?? '';
  const parts = [
    committee.committee,
    la,
    councils[la] ?? '',
    meeting.date,
    formatLongDate(meeting.date),
  ];
  if (row) {
    parts.push(row.title, row.reportId);
    if (row.asOf) parts.push(row.asOf, formatMonthYear(row.asOf));
  }
  return parts.join(' ').toLowerCase();
}

/**
 * The groups with only the papers matching every word of `query` (case-insensitive) against
 * the committee, council (LA number or name), meeting date (as typed or as printed,
 * "4 February 2020"), title, report id and month of data. A meeting keeps its agenda pack
 * while any of its papers match.
 */
export function filterGroups(
  groups: readonly CommitteeGroup[],
  query: string,
  councils: Readonly<Record<string, string>> = {},
): CommitteeGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...groups];
  const matches = (text: string) => words.every((word) => text.includes(word));
  const kept: CommitteeGroup[] = [];
  for (const committee of groups) {
    const meetings: MeetingGroup[] = [];
    for (const meeting of committee.meetings) {
      if (matches(searchText(councils, committee, meeting))) {
        meetings.push(meeting);
        continue;
      }
      const reports = meeting.reports.filter((row) =>
        matches(searchText(councils, committee, meeting, row)),
      );
      const pack = meeting.agendaPack;
      const packMatches =
        pack !== undefined && matches(searchText(councils, committee, meeting, pack));
      if (reports.length > 0 || packMatches) {
        meetings.push({ ...meeting, reports });
      }
    }
    if (meetings.length > 0) kept.push({ ...committee, meetings });
  }
  return kept;
}

/** Papers (reports and agenda packs) in the groups. */
export function countPapers(groups: readonly CommitteeGroup[]): number {
  return groups.reduce(
    (sum, c) => sum + c.meetings.reduce((n, m) => n + m.reports.length + (m.agendaPack ? 1 : 0), 0),
    0,
  );
}

/** A file size as people read it: "812 bytes", "343 KB", "1.2 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** An instant in UK time: "22 November 2026 at 06:48". */
export function generatedTime(iso: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(when);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}`;
}

/** The path of a paper under the API: each segment encoded, the `/`s kept (`{key+}`). */
export function keyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
