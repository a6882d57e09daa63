import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { MonthRenderSummary } from '../../../functions/core/reports/render-month.js';
import { handler as render } from '../../../functions/render/handler.js';
import { handler as tables } from '../../../functions/tables/handler.js';
import { type AwsHarness, captureStdout, deliverHistory, startAwsHarness } from './aws-harness.js';

let aws: AwsHarness;

beforeAll(async () => {
  aws = await startAwsHarness();
  await deliverHistory(aws, { from: '2023-10', to: '2023-12', las: ['921'], scale: 0.3 });
  await captureStdout(() => tables({ month: '2023-12' }));
}, 600_000);
afterAll(() => aws.stop());

test('render writes every configured report and agenda pack as PDFs into the reports bucket', async () => {
  const { result, lines } = await captureStdout(
    () => render({ month: '2023-12' }) as Promise<MonthRenderSummary>,
  );
  expect(result).toMatchObject({ month: '2023-12', laCodes: ['921'] });
  expect(result.reports).toBeGreaterThanOrEqual(4);
  expect(result.agendaPacks).toBeGreaterThanOrEqual(1);
  expect(result.documents).toBe(result.reports + result.agendaPacks);

  const keys = await aws.keys(aws.buckets.reports);
  const pdfs = keys.filter((k) => k.endsWith('.pdf'));
  expect(pdfs).toHaveLength(result.documents);
  for (const key of pdfs) {
    expect(key).toMatch(/^reports\/921-[a-z0-9-]+\/\d{4}-\d{2}-\d{2}\/[a-z0-9-]+\.pdf$/);
    const object = await aws.s3.client.send(
      new GetObjectCommand({ Bucket: aws.buckets.reports, Key: key }),
    );
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  }
  expect(keys.filter((k) => k.endsWith('/agenda-pack.pdf'))).toHaveLength(result.agendaPacks);
  expect(keys.filter((k) => k.endsWith('/manifest.json')).length).toBeGreaterThanOrEqual(1);
  expect(lines.map((l) => JSON.parse(l))).toContainEqual(
    expect.objectContaining({ message: 'rendered report', la_code: '921' }),
  );
}, 300_000);
