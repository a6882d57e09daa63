/**
 * What the handler tests share: a real S3-compatible server on loopback with the deployment's
 * three buckets, the environment CDK would give the functions (pointed at that server), and
 * the events AWS sends, shaped as AWS documents them.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, SQSEvent } from 'aws-lambda';
import { ENV } from '../../../functions/core/config.js';
import { generate } from '../../../functions/core/synth/index.js';
import { handler as ingest } from '../../../functions/ingest/handler.js';
import { type S3TestServer, startS3Server } from '../../helpers/s3-server.js';
import { tempDir } from '../../helpers/temp-dir.js';

export interface AwsHarness {
  readonly s3: S3TestServer;
  readonly buckets: {
    readonly landing: string;
    readonly warehouse: string;
    readonly reports: string;
  };
  /** A scratch folder (generated extracts, the DuckDB mirror cache). */
  readonly dir: string;
  /** Every key in a bucket under a prefix, sorted. */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  /** Stops the server, restores the environment, removes the scratch folder. */
  stop(): Promise<void>;
}

/** Starts s3rver with landing, warehouse and reports buckets and sets the functions' settings. */
export async function startAwsHarness(
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<AwsHarness> {
  const s3 = await startS3Server();
  const scratch = await tempDir('panelpack-lambda-');
  const suffix = s3.bucket.slice('panelpack-test-'.length);
  const buckets = {
    landing: `landing-${suffix}`,
    warehouse: `warehouse-${suffix}`,
    reports: `reports-${suffix}`,
  };
  for (const bucket of Object.values(buckets)) {
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  const env: Record<string, string> = {
    [ENV.warehouse]: `s3://${buckets.warehouse}/warehouse`,
    [ENV.landing]: `s3://${buckets.landing}/incoming`,
    [ENV.reports]: `s3://${buckets.reports}`,
    [ENV.s3Endpoint]: s3.endpoint,
    [ENV.region]: 'eu-west-2',
    [ENV.cacheDir]: join(scratch.path, 'cache'),
    [ENV.duckdbThreads]: '1',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    ...extraEnv,
  };
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  return {
    s3,
    buckets,
    dir: scratch.path,
    async keys(bucket, prefix = '') {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async stop() {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await s3.stop();
      await scratch.remove();
    },
  };
}

/**
 * The SQS event Lambda receives when S3 "Object Created" events reach the uploads queue
 * through EventBridge (the body is the EventBridge event, as the queue target delivers it).
 */
export function uploadEvent(
  uploads: readonly { readonly bucket: string; readonly key: string; readonly size?: number }[],
): SQSEvent {
  return {
    Records: uploads.map(({ bucket, key, size }) => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${randomUUID().replaceAll('-', '')}`,
      body: JSON.stringify({
        version: '0',
        id: randomUUID(),
        'detail-type': 'Object Created',
        source: 'aws.s3',
        account: '111122223333',
        time: '2020-02-03T09:15:00Z',
        region: 'eu-west-2',
        resources: [`arn:aws:s3:::${bucket}`],
        detail: {
          version: '0',
          bucket: { name: bucket },
          object: { key, size: size ?? 1024, etag: 'b1946ac92492d2347c6235b4d2611184' },
          'request-id': 'N4N7GDK58NMKJ12R',
          requester: '111122223333',
          'source-ip-address': '192.0.2.10',
          reason: 'PutObject',
        },
      }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1580721300000',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1580721300001',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-2:111122223333:Panelpack-LandingTriggerUploads',
      awsRegion: 'eu-west-2',
    })),
  };
}

/**
 * An HTTP API (payload format 2.0) request as the Lambda integration delivers it; `claims`
 * present means API Gateway's JWT authorizer accepted a token.
 */
export function apiEvent(
  routeKey: 'GET /reports' | 'GET /reports/{key+}',
  key?: string,
  claims?: Record<string, string>,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const rawPath = key ? `/reports/${key}` : '/reports';
  const event = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { accept: 'application/json', origin: 'https://reports.example.gov.uk' },
    ...(key ? { pathParameters: { key } } : {}),
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123defg',
      domainName: 'abc123defg.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123defg',
      http: {
        method: 'GET',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.20',
        userAgent: 'Mozilla/5.0',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey,
      stage: '$default',
      time: '12/Mar/2024:09:00:00 +0000',
      timeEpoch: 1710234000000,
      ...(claims
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims, scopes: ['openid', 'email'] },
            },
          }
        : {}),
    },
    isBase64Encoded: false,
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** Collects what is written to stdout (the functions' JSON log lines) while `work` runs. */
export async function captureStdout<T>(
  work: () => Promise<T>,
): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  try {
    return { result: await work(), lines };
  } finally {
    process.stdout.write = write;
  }
}

/**
 * Delivers a synthetic history as councils do: every file uploaded to landing, each upload
 * event handed to the ingest function in batches of five, as the queue would.
 */
export async function deliverHistory(
  aws: AwsHarness,
  options: { from: string; to: string; las: readonly string[]; scale: number },
): Promise<string[]> {
  const generated = await generate({ ...options, outDir: join(aws.dir, 'extracts') });
  const keys: string[] = [];
  for (const file of generated.files) {
    const key = `incoming/${basename(file)}`;
    await aws.s3.client.send(
      new PutObjectCommand({ Bucket: aws.buckets.landing, Key: key, Body: await readFile(file) }),
    );
    keys.push(key);
  }
  await captureStdout(async () => {
    for (let i = 0; i < keys.length; i += 5) {
      const batch = keys.slice(i, i + 5).map((key) => ({ bucket: aws.buckets.landing, key }));
      const result = (await ingest(uploadEvent(batch))) as { batchItemFailures: unknown[] };
      if (result.batchItemFailures.length > 0)
        throw new Error(`ingest failed: ${JSON.stringify(result)}`);
    }
  });
  return keys;
}
