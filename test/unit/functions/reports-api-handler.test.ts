import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readSettings } from '../../../functions/core/config.js';
import { recordRendered } from '../../../functions/core/reports/report-manifest.js';
import { openLocation } from '../../../functions/lambda-shared/open-location.js';
import { handler } from '../../../functions/reports-api/handler.js';
import { type AwsHarness, apiEvent, startAwsHarness } from './aws-harness.js';

let aws: AwsHarness;
const clerk = { sub: '3f6c1a2e-8d4b-4b7e-9a51-2c7d9e0f1a23', email: 'clerk@example.gov.uk' };
/** Distinct bytes per paper, so a download can be checked for being that paper. */
const pdf = (id: string) => Buffer.from(`%PDF-1.7\n% ${id}\n${'x'.repeat(2048)}\n%%EOF\n`);
const panel = '850-children-and-families-advisory-panel/2024-03-12';
const papers = {
  [`${panel}/crt-mash-update.pdf`]: pdf('crt'),
  [`${panel}/agenda-pack.pdf`]: pdf('pack'),
  '850-cabinet/2024-06-18/annual-safeguarding.pdf': pdf('cabinet'),
  '850-cabinet/2024-06-18/annual-safeguarding.html': Buffer.from('<html lang="en-GB"></html>'),
};

beforeAll(async () => {
  aws = await startAwsHarness({ PANELPACK_DOWNLOAD_URL_SECONDS: '300' });
  for (const [key, body] of Object.entries(papers)) {
    await aws.s3.client.send(
      new PutObjectCommand({ Bucket: aws.buckets.reports, Key: `reports/${key}`, Body: body }),
    );
  }
  // The render step's manifest for the panel meeting; the Cabinet folder has none.
  const rendered = {
    laCode: '850',
    asOf: '2024-01',
    committeeId: 'children-and-families-advisory-panel',
    committee: 'Children and Families Advisory Panel',
    meetingDate: '2024-03-12',
    htmlKey: `reports/${panel}/crt-mash-update.html`,
  };
  await recordRendered(
    openLocation(`s3://${aws.buckets.reports}`, readSettings()),
    [
      {
        ...rendered,
        reportId: 'crt-mash-update',
        title: "Children's Reception Team (CRT) and Multi Agency Safeguarding Hub (MASH) Update",
        pdfKey: `reports/${panel}/crt-mash-update.pdf`,
        pages: 9,
      },
    ],
    [
      {
        ...rendered,
        pdfKey: `reports/${panel}/agenda-pack.pdf`,
        htmlKey: `reports/${panel}/agenda-pack.html`,
        pages: 14,
        frontSheetPages: 2,
        items: [],
      },
    ],
    new Date('2024-02-05T06:20:00Z'),
  );
  // Not rendered papers: never listed, never signed.
  for (const key of ['reports/notes.txt', 'elsewhere/850-cabinet/2024-06-18/x.pdf']) {
    await aws.s3.client.send(
      new PutObjectCommand({ Bucket: aws.buckets.reports, Key: key, Body: 'x' }),
    );
  }
});
afterAll(() => aws.stop());

const body = (result: { body?: string }) => JSON.parse(result.body ?? 'null');

test('lists the rendered papers with their titles, data month and time, newest meeting first', async () => {
  const result = await handler(apiEvent('GET /reports', undefined, clerk));
  expect(result.statusCode).toBe(200);
  expect(result.headers).toMatchObject({ 'cache-control': 'no-store' });
  const listed = body(result).reports as { key: string }[];
  expect(listed.map((r) => r.key)).toEqual([
    '850-cabinet/2024-06-18/annual-safeguarding.html',
    '850-cabinet/2024-06-18/annual-safeguarding.pdf',
    `${panel}/agenda-pack.pdf`,
    `${panel}/crt-mash-update.pdf`,
  ]);
  expect(listed[3]).toEqual({
    key: `${panel}/crt-mash-update.pdf`,
    laCode: '850',
    committeeId: 'children-and-families-advisory-panel',
    committee: 'Children and Families Advisory Panel',
    meetingDate: '2024-03-12',
    reportId: 'crt-mash-update',
    format: 'pdf',
    size: papers[`${panel}/crt-mash-update.pdf`]!.length,
    title: "Children's Reception Team (CRT) and Multi Agency Safeguarding Hub (MASH) Update",
    asOf: '2024-01',
    generatedAt: '2024-02-05T06:20:00.000Z',
    pages: 9,
  });
  expect(listed[1]).toMatchObject({ committee: 'cabinet', title: null, asOf: null });
});

test('returns a presigned URL of at most 15 minutes that downloads the very paper', async () => {
  const key = `${panel}/crt-mash-update.pdf`;
  const before = Date.now();
  const result = await handler(apiEvent('GET /reports/{key+}', key, clerk));
  expect(result.statusCode).toBe(200);
  const link = body(result) as { key: string; url: string; expiresAt: string };
  expect(link.key).toBe(key);
  const expires = Number(new URL(link.url).searchParams.get('X-Amz-Expires'));
  expect(expires).toBe(300);
  expect(expires).toBeLessThanOrEqual(900);
  expect(Date.parse(link.expiresAt) - before).toBeLessThanOrEqual(300_000 + 1000);

  const download = await fetch(link.url);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-disposition')).toBe(
    'attachment; filename="2024-03-12-crt-mash-update.pdf"',
  );
  expect(Buffer.from(await download.arrayBuffer()).equals(papers[key]!)).toBe(true);
});

test('a presigned URL stops working once it expires', async () => {
  const key = '850-cabinet/2024-06-18/annual-safeguarding.pdf';
  // Signatures carry whole seconds, so a short lifetime needs a margin either side.
  process.env.PANELPACK_DOWNLOAD_URL_SECONDS = '3';
  try {
    const link = body(await handler(apiEvent('GET /reports/{key+}', key, clerk)));
    expect((await fetch(link.url)).status).toBe(200);
    const signed = new URL(link.url).searchParams.get('X-Amz-Date')!;
    const signedAt = Date.parse(
      signed.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    await new Promise((resolve) => setTimeout(resolve, signedAt + 4500 - Date.now()));
    expect((await fetch(link.url)).status).toBe(403);
  } finally {
    process.env.PANELPACK_DOWNLOAD_URL_SECONDS = '300';
  }
});

test('refuses a request without a signed-in user', async () => {
  for (const event of [
    apiEvent('GET /reports'),
    apiEvent('GET /reports/{key+}', '850-cabinet/2024-06-18/annual-safeguarding.pdf'),
    apiEvent('GET /reports', undefined, {}),
  ]) {
    const result = await handler(event);
    expect(result.statusCode).toBe(401);
    expect(result.body).not.toContain('http');
  }
});

test('signs only rendered papers that exist', async () => {
  for (const key of [
    '850-cabinet/2024-06-18/no-such-report.pdf',
    'notes.txt',
    '../elsewhere/850-cabinet/2024-06-18/x.pdf',
    '850-cabinet/2024-06-18/../../notes.txt',
    `${panel}/manifest.json`,
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
