/**
 * The monthly job end to end, as AWS would run it: the schedule's input, through the state
 * machine definition CDK synthesises, into the real handlers on the loopback S3 server, to
 * the message the clerks receive; then a clerk lists the papers through the reports API and
 * downloads one with its presigned URL.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { handler as ingest } from '../../../functions/ingest/handler.js';
import { handler as render } from '../../../functions/render/handler.js';
import { handler as reportsApi } from '../../../functions/reports-api/handler.js';
import { handler as tables } from '../../../functions/tables/handler.js';
import { MONTHLY_STEPS } from '../../../infra/constructs/monthly-job.js';
import { flatten, logicalId, resourcesOf, synthPanelpack } from '../../infra/synth-panelpack.js';
import {
  type AwsHarness,
  apiEvent,
  captureStdout,
  deliverHistory,
  startAwsHarness,
} from './aws-harness.js';
import {
  runStateMachine,
  type StateMachineDefinition,
  type TaskHandler,
} from './state-machine-runner.js';

let aws: AwsHarness;
let definition: StateMachineDefinition;
let scheduleInput: string;
let resources: Record<string, TaskHandler>;
const published: { topic: string; subject?: string; message: string }[] = [];

beforeAll(async () => {
  const { stack, template } = await synthPanelpack();
  const machine = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[0]![1];
  definition = JSON.parse(flatten(machine.DefinitionString));
  const schedule = resourcesOf(template, 'AWS::Scheduler::Schedule')[0]![1];
  scheduleInput = schedule.Target.Input;
  const arn = (fn: { function: unknown }) => `<${logicalId(stack, fn.function as never)}.Arn>`;
  const topics = {
    [`<${logicalId(stack, stack.notifications.clerks)}>`]: 'clerks',
    [`<${logicalId(stack, stack.notifications.operations)}>`]: 'operations',
  };
  const quietly = (handler: (event: never) => Promise<unknown>) => async (payload: unknown) =>
    (await captureStdout(() => handler(payload as never))).result;
  resources = {
    [arn(stack.ingest)]: quietly(ingest),
    [arn(stack.tables)]: quietly(tables),
    [arn(stack.render)]: quietly(render),
    'arn:<AWS::Partition>:states:::sns:publish': async (payload) => {
      const { TopicArn, Subject, Message } = payload as Record<string, string>;
      published.push({ topic: topics[TopicArn!]!, subject: Subject, message: Message! });
      return { MessageId: 'm-1' };
    },
  };

  aws = await startAwsHarness();
  await deliverHistory(aws, { from: '2023-10', to: '2023-12', las: ['921'], scale: 0.3 });
}, 600_000);
afterAll(() => aws.stop());

test('the scheduled run loads, builds, renders and tells the clerks about the month before', async () => {
  // EventBridge Scheduler fills in the scheduled time: 06:00 on 5 January, London.
  const input = JSON.parse(
    scheduleInput.replace('<aws.scheduler.scheduled-time>', '2024-01-05T06:00:00Z'),
  );
  const execution = await runStateMachine(definition, input, resources);
  expect(execution.path).toEqual([
    MONTHLY_STEPS.load,
    MONTHLY_STEPS.tables,
    MONTHLY_STEPS.render,
    MONTHLY_STEPS.notify,
  ]);
  expect(execution.status).toBe('SUCCEEDED');
  const output = execution.output as Record<string, Record<string, unknown>>;
  expect(output.load).toMatchObject({ month: '2023-12', files: 6, loaded: 6 });
  expect(output.tables).toMatchObject({ month: '2023-12', laCodes: ['921'] });
  expect(output.render).toMatchObject({ month: '2023-12', laCodes: ['921'] });

  expect(published).toHaveLength(1);
  expect(published[0]).toEqual({
    topic: 'clerks',
    subject: 'Committee reports for 2023-12 are ready',
    message: `The committee reports using data to the end of 2023-12 are ready: ${output.render!.documents} document(s). Download them from https://reports.example.gov.uk`,
  });

  // A clerk signed in to the page lists the papers and downloads one.
  const clerk = { sub: '6a1f0c9e-1111-4c2b-9d7e-0123456789ab' };
  const listing = await reportsApi(apiEvent('GET /reports', undefined, clerk));
  const papers = JSON.parse(listing.body!).reports as {
    key: string;
    format: string;
    asOf: string;
    title: string;
  }[];
  const pdfs = papers.filter((p) => p.format === 'pdf');
  expect(pdfs).toHaveLength(output.render!.documents as number);
  for (const paper of pdfs) {
    expect(paper.asOf).toBe('2023-12');
    expect(paper.title).toEqual(expect.any(String));
  }
  const pack = pdfs.find((p) => p.key.endsWith('/agenda-pack.pdf'))!;
  const link = JSON.parse(
    (await reportsApi(apiEvent('GET /reports/{key+}', pack.key, clerk))).body!,
  ) as { url: string };
  const downloaded = Buffer.from(await (await fetch(link.url)).arrayBuffer());
  const stored = await aws.s3.client.send(
    new GetObjectCommand({ Bucket: aws.buckets.reports, Key: `reports/${pack.key}` }),
  );
  expect(downloaded.equals(Buffer.from(await stored.Body!.transformToByteArray()))).toBe(true);
}, 300_000);

test('a failing step tells operations and fails the execution', async () => {
  published.length = 0;
  const execution = await runStateMachine(definition, { month: '2023-13' }, resources);
  expect(execution.path).toEqual([MONTHLY_STEPS.load, MONTHLY_STEPS.alert, MONTHLY_STEPS.failed]);
  expect(execution).toMatchObject({ status: 'FAILED', error: 'MonthlyJobFailed' });
  expect(published).toEqual([
    {
      topic: 'operations',
      subject: 'panelpack monthly job failed',
      message: expect.stringMatching(/^The panelpack monthly job failed with \w+\./),
    },
  ]);
}, 60_000);
