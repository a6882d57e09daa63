import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore } from '../store/index.js';
import { S3Store } from '../store/index.js';
import { fullKey, parseS3Location } from '../store/s3-location.js';
import { type MeetingManifest, readManifest } from './report-manifest.js';

/** Presigned download links never live longer than this (SPEC 8: short-lived). */
export const MAX_DOWNLOAD_URL_SECONDS = 900;

/** Where the renderer puts papers inside the reports store. */
export const REPORTS_ROOT = 'reports';

/** One rendered document, as the clerks' page lists it. */
export interface ReportFile {
  /**
   * The paper's path under the reports folder, e.g. `850-cabinet/2024-06-18/annual-safeguarding.pdf`:
   * `GET /reports/{key}` downloads it.
   */
  readonly key: string;
  readonly laCode: string;
  /** The committee's key in the LA's report config, e.g. `cabinet`. */
  readonly committeeId: string;
  /** The committee's name, e.g. `Cabinet` (its key when the folder has no manifest). */
  readonly committee: string;
  /** `YYYY-MM-DD`. */
  readonly meetingDate: string;
  /** A report id (SPEC 5) or `agenda-pack`. */
  readonly reportId: string;
  readonly format: 'pdf' | 'html';
  /** Bytes. */
  readonly size: number;
  /** From the meeting's manifest; null when the folder has none. */
  readonly title: string | null;
  /** Month of data (the report tables' build month), YYYY-MM. */
  readonly asOf: string | null;
  readonly generatedAt: string | null;
  readonly pages: number | null;
}

type ParsedKey = Pick<
  ReportFile,
  'key' | 'laCode' | 'committeeId' | 'meetingDate' | 'reportId' | 'format'
>;

/** `<la>-<committee>/<meeting-date>/<report-id>.<pdf|html>`; anything else is not listed. */
const REPORT_KEY =
  /^(\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+(?:-[a-z0-9]+)*)\.(pdf|html)$/;

/** Parses a key under the reports folder; undefined for keys that are not rendered papers. */
export function parseReportKey(key: string): ParsedKey | undefined {
  const match = REPORT_KEY.exec(key);
  if (!match) return undefined;
  return {
    key,
    laCode: match[1]!,
    committeeId: match[2]!,
    meetingDate: match[3]!,
    reportId: match[4]!,
    format: match[5] as 'pdf' | 'html',
  };
}

/** Every rendered paper, newest meeting first, then LA, committee and report. */
export async function listReports(store: ObjectStore): Promise<ReportFile[]> {
  const root = `${REPORTS_ROOT}/`;
  const files: (ParsedKey & { size: number })[] = [];
  for (const object of await store.list(root)) {
    const parsed = parseReportKey(object.key.slice(root.length));
    if (parsed) files.push({ ...parsed, size: object.size });
  }
  const manifests = new Map<string, MeetingManifest | undefined>();
  for (const folder of new Set(files.map((f) => f.key.slice(0, f.key.lastIndexOf('/'))))) {
    manifests.set(folder, await readManifest(store, `${REPORTS_ROOT}/${folder}`));
  }
  return files
    .map((file) => {
      const manifest = manifests.get(file.key.slice(0, file.key.lastIndexOf('/')));
      const entry = manifest?.documents.find((d) => d.reportId === file.reportId);
      return {
        ...file,
        committee: manifest?.committee ?? file.committeeId,
        title: entry?.title ?? null,
        asOf: entry?.asOf ?? null,
        generatedAt: entry?.generatedAt ?? null,
        pages: file.format === 'pdf' ? (entry?.pages ?? null) : null,
      };
    })
    .sort(
      (a, b) =>
        b.meetingDate.localeCompare(a.meetingDate) ||
        a.laCode.localeCompare(b.laCode) ||
        a.committeeId.localeCompare(b.committeeId) ||
        a.key.localeCompare(b.key),
    );
}

/** A link that downloads one paper for a short while. */
export interface ReportDownload {
  readonly key: string;
  readonly url: string;
  readonly expiresAt: string;
}

/**
 * A presigned GET for a rendered paper, valid for `seconds` (at most 15 minutes), that makes
 * the browser save the file as `<meeting-date>-<report-id>.<ext>`. Undefined when there is no
 * such paper: only keys the listing would show can be signed.
 */
export async function presignReport(
  store: ObjectStore,
  key: string,
  seconds: number,
  now: () => Date = () => new Date(),
): Promise<ReportDownload | undefined> {
  if (!(store instanceof S3Store)) throw new Error('presigned URLs need an S3 reports store');
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DOWNLOAD_URL_SECONDS) {
    throw new Error(`download URLs live 1-${MAX_DOWNLOAD_URL_SECONDS} s, not ${seconds}`);
  }
  const report = parseReportKey(key);
  if (!report) return undefined;
  const storeKey = `${REPORTS_ROOT}/${key}`;
  const exists = (await store.list(storeKey)).some((object) => object.key === storeKey);
  if (!exists) return undefined;
  const location = parseS3Location(store.location);
  const filename = `${report.meetingDate}-${report.reportId}.${report.format}`;
  const url = await getSignedUrl(
    store.client,
    new GetObjectCommand({
      Bucket: location.bucket,
      Key: fullKey(location, storeKey),
      ResponseContentDisposition: `attachment; filename="${filename}"`,
      ResponseContentType: report.format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    }),
    { expiresIn: seconds },
  );
  return { key, url, expiresAt: new Date(now().getTime() + seconds * 1000).toISOString() };
}
