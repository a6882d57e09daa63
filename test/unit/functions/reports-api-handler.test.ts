import { PutObjectCommand } from '@aws-sdk/client-s3';
import { handler } from '../../../functions/reports-api/handler.js';
import { type AwsHarness, apiEvent, startAwsHarness } from './aws-harness.js';

let aws: AwsHarness;
const clerk = { sub: '3f6c1a2e-8d4b-4b7e-9a51-2c7d9e0f1a23', email: 'clerk@example.gov.uk' };
/** Distinct bytes per report, so a download can be checked for being that report. */
const pdf = (id: string) => Buffer.from(`%PDF-1.7\n% ${id}\n${'x'.repeat(2048)}\n%%EOF\n`);
const reports = {
  'children-and-families-advisory-panel/2024-03-12/crt-mash-update.pdf': pdf('crt'),
  'children-and-families-advisory-panel/2024-03-12/agenda-pack.pdf': pdf('pack'),
  'cabinet/2024-06-18/annual-safeguarding.pdf': pdf('cabinet'),
  'cabinet/2024-06-18/annual-safeguarding.html': Buffer.from('<html lang="en-GB"></html>'),
};

beforeAll(async () => {
  aws = await startAwsHarness({ PANELPACK_DOWNLOAD_URL_SECONDS: '300' });
  for (const [key, body] of Object.entries(reports)) {
    await aws.s3.client.send(
      new PutObjectCommand({ Bucket: aws.buckets.reports, Key: `reports/${key}`, Body: body }),
    );
  }
  // Not a rendered report: never listed, never signed.
  await aws.s3.client.send(
    new PutObjectCommand({ Bucket: aws.buckets.reports, Key: 'reports/notes.txt', Body: 'x' }),
  );
});
afterAll(() => aws.stop());

const body = (result: { body?: string }) => JSON.parse(result.body ?? 'null');

test('lists the rendered reports, newest meeting first', async () => {
  const result = await handler(apiEvent('GET /reports', undefined, clerk));
  expect(result.statusCode).toBe(200);
  expect(result.headers).toMatchObject({ 'cache-control': 'no-store' });
  const listed = body(result).reports as { key: string }[];
  expect(listed.map((r) => r.key)).toEqual([
    'cabinet/2024-06-18/annual-safeguarding.html',
    'cabinet/2024-06-18/annual-safeguarding.pdf',
    'children-and-families-advisory-panel/2024-03-12/agenda-pack.pdf',
    'children-and-families-advisory-panel/2024-03-12/crt-mash-update.pdf',
  ]);
  expect(listed[1]).toEqual({
    key: 'cabinet/2024-06-18/annual-safeguarding.pdf',
    committee: 'cabinet',
    meetingDate: '2024-06-18',
    reportId: 'annual-safeguarding',
    format: 'pdf',
    size: reports['cabinet/2024-06-18/annual-safeguarding.pdf'].length,
  });
});

test('returns a presigned URL of at most 15 minutes that downloads the very report', async () => {
  const key = 'children-and-families-advisory-panel/2024-03-12/crt-mash-update.pdf';
  const before = Date.now();
  const result = await handler(apiEvent('GET /reports/{key+}', key, clerk));
  expect(result.statusCode).toBe(200);
  const link = body(result) as { key: string; url: string; expiresAt: string };
  expect(link.key).toBe(key);
  const url = new URL(link.url);
  const expires = Number(url.searchParams.get('X-Amz-Expires'));
  expect(expires).toBe(300);
  expect(expires).toBeLessThanOrEqual(900);
  expect(Date.parse(link.expiresAt) - before).toBeLessThanOrEqual(300_000 + 1000);

  const download = await fetch(link.url);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-disposition')).toBe(
    'attachment; filename="2024-03-12-crt-mash-update.pdf"',
  );
  expect(Buffer.from(await download.arrayBuffer()).equals(reports[key])).toBe(true);
});

test('a presigned URL stops working once it expires', async () => {
  const key = 'cabinet/2024-06-18/annual-safeguarding.pdf';
  process.env.PANELPACK_DOWNLOAD_URL_SECONDS = '1';
  try {
    const link = body(await handler(apiEvent('GET /reports/{key+}', key, clerk)));
    expect((await fetch(link.url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await fetch(link.url)).status).toBe(403);
  } finally {
    process.env.PANELPACK_DOWNLOAD_URL_SECONDS = '300';
  }
});

test('refuses a request without a signed-in user', async () => {
  for (const event of [
    apiEvent('GET /reports'),
    apiEvent('GET /reports/{key+}', 'cabinet/2024-06-18/annual-safeguarding.pdf'),
    apiEvent('GET /reports', undefined, {}),
  ]) {
    const result = await handler(event);
    expect(result.statusCode).toBe(401);
    expect(result.body).not.toContain('http');
  }
});

test('signs only rendered reports that exist', async () => {
  for (const key of [
    'cabinet/2024-06-18/no-such-report.pdf',
    'notes.txt',
    '../warehouse/contacts/la_code=850/month=2020-01/part-0.parquet',
    'cabinet/2024-06-18/../../notes.txt',
  ]) {
    const result = await handler(apiEvent('GET /reports/{key+}', key, clerk));
    expect(result.statusCode).toBe(404);
  }
});

test('a lifetime above 15 minutes is refused as a setting', async () => {
  process.env.PANELPACK_DOWNLOAD_URL_SECONDS = '3600';
  try {
    await expect(handler(apiEvent('GET /reports', undefined, clerk))).rejects.toThrow(
      /PANELPACK_DOWNLOAD_URL_SECONDS/,
    );
  } finally {
    process.env.PANELPACK_DOWNLOAD_URL_SECONDS = '300';
  }
});
