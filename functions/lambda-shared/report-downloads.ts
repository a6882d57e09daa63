import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore } from '../core/store/index.js';
import { S3Store } from '../core/store/index.js';
import { MAX_DOWNLOAD_URL_SECONDS } from './lambda-settings.js';
import { fullKey, parseS3Location } from './s3-location.js';

/** One rendered document, as the clerks' page lists it. */
export interface ReportFile {
  /** The store key, e.g. `cabinet/2024-03-12/annual-safeguarding.pdf`; download by this. */
  readonly key: string;
  /** Committee folder, e.g. `children-and-families-advisory-panel`. */
  readonly committee: string;
  /** `YYYY-MM-DD`. */
  readonly meetingDate: string;
  /** A report id (SPEC 5) or `agenda-pack`. */
  readonly reportId: string;
  readonly format: 'pdf' | 'html';
  /** Bytes. */
  readonly size: number;
}

/** `<committee>/<meeting-date>/<report-id>.<pdf|html>` (SPEC 2); anything else is not listed. */
const REPORT_KEY =
  /^([a-z0-9]+(?:-[a-z0-9]+)*)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+(?:-[a-z0-9]+)*)\.(pdf|html)$/;

/** Parses a report key; undefined for keys that are not rendered reports. */
export function parseReportKey(key: string): Omit<ReportFile, 'size'> | undefined {
  const match = REPORT_KEY.exec(key);
  if (!match) return undefined;
  return {
    key,
    committee: match[1]!,
    meetingDate: match[2]!,
    reportId: match[3]!,
    format: match[4] as 'pdf' | 'html',
  };
}

/** Every rendered report in the store, newest meeting first, then committee and report. */
export async function listReports(store: ObjectStore): Promise<ReportFile[]> {
  const reports: ReportFile[] = [];
  for (const object of await store.list('')) {
    const parsed = parseReportKey(object.key);
    if (parsed) reports.push({ ...parsed, size: object.size });
  }
  return reports.sort(
    (a, b) =>
      b.meetingDate.localeCompare(a.meetingDate) ||
      a.committee.localeCompare(b.committee) ||
      a.key.localeCompare(b.key),
  );
}

/** A link that downloads one report for a short while. */
export interface ReportDownload {
  readonly key: string;
  readonly url: string;
  readonly expiresAt: string;
}

/**
 * A presigned GET for a listed report, valid for `seconds` (at most 15 minutes), that makes
 * the browser save the file under its report id. Undefined when there is no such report: only
 * keys the listing would show can be signed.
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
  const exists = (await store.list(key)).some((object) => object.key === key);
  if (!exists) return undefined;
  const location = parseS3Location(store.location);
  const filename = `${report.meetingDate}-${report.reportId}.${report.format}`;
  const url = await getSignedUrl(
    store.client,
    new GetObjectCommand({
      Bucket: location.bucket,
      Key: fullKey(location, key),
      ResponseContentDisposition: `attachment; filename="${filename}"`,
      ResponseContentType: report.format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    }),
    { expiresIn: seconds },
  );
  return { key, url, expiresAt: new Date(now().getTime() + seconds * 1000).toISOString() };
}
