/**
 * Least privilege, read off the synthesised policies: each function can touch only its own key
 * prefixes (and their buckets' keys, only through S3), the Athena workgroup only when it builds
 * on Athena, and nothing with a wildcard action; the state machine invokes only its three
 * functions.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { ALL_EXTRACTS } from '../../functions/core/extracts/index.js';
import type { PanelpackStack } from '../../infra/stacks/panelpack-stack.js';
import { type Cfn, flatten, logicalId, resourcesOf, synthPanelpack } from './synth-panelpack.js';

interface Statement {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions: Record<string, unknown> | undefined;
}

/** Condition values with intrinsic functions flattened to text, for comparison. */
function flattenDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(flattenDeep);
  const object = value as Record<string, unknown>;
  if ('Fn::Join' in object || 'Ref' in object || 'Fn::GetAtt' in object) return flatten(object);
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, flattenDeep(v)]));
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every statement granted to a role (its inline policies) or held by a managed policy. */
function statementsOf(template: Template, id: string): Statement[] {
  const documents = [
    ...resourcesOf(template, 'AWS::IAM::Policy')
      .filter(([, p]) => list(p.Roles).some((r: Cfn) => r.Ref === id))
      .map(([, p]) => p.PolicyDocument),
    ...resourcesOf(template, 'AWS::IAM::ManagedPolicy')
      .filter(([policyId]) => policyId === id)
      .map(([, p]) => p.PolicyDocument),
  ];
  return documents.flatMap((doc) =>
    doc.Statement.map((s: Cfn) => ({
      effect: s.Effect,
      actions: list<string>(s.Action),
      resources: list(s.Resource).map(flatten),
      conditions: flattenDeep(s.Condition) as Record<string, unknown> | undefined,
    })),
  );
}

const s3Objects = (statements: Statement[], action: string) =>
  statements
    .filter((s) => s.actions.includes(action))
    .flatMap((s) => s.resources)
    .sort();

let stack: PanelpackStack;
let template: Template;
let arn: Record<'landing' | 'warehouse' | 'reports' | 'results', string>;
let keyOf: Record<'landing' | 'warehouse' | 'reports' | 'results', string>;
const extracts = ALL_EXTRACTS.map((e) => e.name);

beforeAll(async () => {
  ({ stack, template } = await synthPanelpack());
  const b = stack.buckets;
  const bucket = {
    landing: b.landing,
    warehouse: b.warehouse,
    reports: b.reports,
    results: b.athenaResults,
  };
  arn = Object.fromEntries(
    Object.entries(bucket).map(([name, sb]) => [name, `<${logicalId(stack, sb.bucket)}.Arn>`]),
  ) as typeof arn;
  keyOf = Object.fromEntries(
    Object.entries(bucket).map(([name, sb]) => [name, `<${logicalId(stack, sb.key!)}.Arn>`]),
  ) as typeof keyOf;
});

const roleId = (fn: { role: unknown }) => logicalId(stack, fn.role as never);

test('no identity policy grants a wildcard action or a whole-bucket object grant', () => {
  const ids = [
    ...resourcesOf(template, 'AWS::IAM::Role').map(([id]) => id),
    ...resourcesOf(template, 'AWS::IAM::ManagedPolicy').map(([id]) => id),
  ];
  for (const id of ids) {
    for (const statement of statementsOf(template, id)) {
      for (const action of statement.actions) expect(action).not.toMatch(/(^\*$|:\*$)/);
      for (const resource of statement.resources) expect(resource).not.toMatch(/\.Arn>\/\*$/);
    }
  }
});

test('ingest reads landing deliveries and writes only its own warehouse prefixes', () => {
  const statements = statementsOf(template, roleId(stack.ingest));
  expect(s3Objects(statements, 's3:GetObject')).toEqual(
    [
      `${arn.landing}/incoming/*`,
      ...[...extracts, '_rejects', '_loads', '_locks', 'reference'].map(
        (p) => `${arn.warehouse}/warehouse/${p}/*`,
      ),
    ].sort(),
  );
  expect(s3Objects(statements, 's3:PutObject')).toEqual(
    [...extracts, '_rejects', '_loads', '_locks', 'reference']
      .map((p) => `${arn.warehouse}/warehouse/${p}/*`)
      .sort(),
  );
  expect(
    statements.flatMap((s) => s.actions).filter((a) => /^(athena|glue|sns|lambda):/.test(a)),
  ).toEqual([]);
  expect(statements.flatMap((s) => s.resources).join(' ')).not.toMatch(
    new RegExp(`${arn.reports}|${arn.results}`.replace(/[.<>]/g, '\\$&')),
  );
});

test('tables writes only report_tables and reads nothing of landing or reports', () => {
  const statements = statementsOf(template, roleId(stack.tables));
  expect(s3Objects(statements, 's3:PutObject')).toEqual([
    `${arn.warehouse}/warehouse/report_tables/*`,
  ]);
  expect(s3Objects(statements, 's3:GetObject')).toEqual(
    [...extracts, 'report_tables'].map((p) => `${arn.warehouse}/warehouse/${p}/*`).sort(),
  );
  expect(statements.flatMap((s) => s.actions).some((a) => a.startsWith('athena:'))).toBe(false);
});

test('render reads the warehouse tables and writes only the reports prefix', () => {
  const statements = statementsOf(template, roleId(stack.render));
  expect(s3Objects(statements, 's3:PutObject')).toEqual([`${arn.reports}/reports/*`]);
  expect(s3Objects(statements, 's3:GetObject')).toEqual(
    [
      ...[...extracts, 'report_tables'].map((p) => `${arn.warehouse}/warehouse/${p}/*`),
      `${arn.reports}/reports/*`,
    ].sort(),
  );
});

test('the reports API can read reports and nothing else', () => {
  const statements = statementsOf(template, roleId(stack.clerksApi.handler));
  const nonLog = statements.filter((s) => !s.actions.every((a) => a.startsWith('logs:')));
  expect(nonLog).toEqual([
    {
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: [`${arn.reports}/reports/*`],
      conditions: undefined,
    },
    {
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: [arn.reports],
      conditions: { StringLike: { 's3:prefix': ['reports/*'] } },
    },
    {
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [keyOf.reports],
      conditions: { StringEquals: { 'kms:ViaService': 's3.<AWS::Region>.amazonaws.com' } },
    },
  ]);
});

test('listing is limited by prefix and bucket keys are usable only through S3', () => {
  for (const fn of [stack.ingest, stack.tables, stack.render, stack.clerksApi.handler]) {
    for (const statement of statementsOf(template, roleId(fn))) {
      if (statement.actions.includes('s3:ListBucket')) {
        expect(statement.conditions).toEqual({ StringLike: { 's3:prefix': expect.any(Array) } });
      }
      if (statement.actions.some((a) => a.startsWith('kms:'))) {
        expect(statement.conditions).toEqual({
          StringEquals: { 'kms:ViaService': 's3.<AWS::Region>.amazonaws.com' },
        });
      }
    }
  }
  const logsRole = roleId(stack.ingest);
  const logStatement = statementsOf(template, logsRole).find((s) =>
    s.actions.includes('logs:PutLogEvents'),
  );
  expect(logStatement?.resources).toEqual([`<${logicalId(stack, stack.ingest.logGroup)}.Arn>`]);
});

test('the state machine invokes its three functions and publishes to its two topics, nothing more', () => {
  const id = logicalId(stack, stack.monthlyJob.stateMachine.role as never);
  const statements = statementsOf(template, id);
  const fnArn = (fn: { function: unknown }) => `<${logicalId(stack, fn.function as never)}.Arn>`;
  expect(
    statements
      .filter((s) => s.actions.includes('lambda:InvokeFunction'))
      .flatMap((s) => s.resources)
      .sort(),
  ).toEqual(
    [stack.ingest, stack.tables, stack.render]
      .flatMap((fn) => [fnArn(fn), `${fnArn(fn)}:*`])
      .sort(),
  );
  expect(
    statements
      .filter((s) => s.actions.includes('sns:Publish'))
      .flatMap((s) => s.resources)
      .sort(),
  ).toEqual(
    [
      `<${logicalId(stack, stack.notifications.clerks)}>`,
      `<${logicalId(stack, stack.notifications.operations)}>`,
    ].sort(),
  );
  for (const statement of statements.filter((s) => s.resources.includes('*'))) {
    for (const action of statement.actions) expect(action).toMatch(/^(xray|logs):/);
  }
});

test('uploaders may only put deliveries; analysts only read the warehouse through the workgroup', () => {
  const uploader = statementsOf(template, logicalId(stack, stack.uploaderPolicy as never));
  expect(s3Objects(uploader, 's3:PutObject')).toEqual([`${arn.landing}/incoming/*`]);
  expect(s3Objects(uploader, 's3:GetObject')).toEqual([]);
  const analyst = statementsOf(template, logicalId(stack, stack.analystPolicy as never));
  expect(s3Objects(analyst, 's3:GetObject')).toEqual(
    [`${arn.warehouse}/warehouse/*`, `${arn.results}/results/*`].sort(),
  );
  expect(s3Objects(analyst, 's3:PutObject')).toEqual([`${arn.results}/results/*`]);
  const athena = analyst.filter((s) => s.actions.includes('athena:StartQueryExecution'));
  expect(athena.flatMap((s) => s.resources)).toEqual([
    'arn:<AWS::Partition>:athena:<AWS::Region>:<AWS::AccountId>:workgroup/panelpack',
  ]);
});

describe('when the tables are built on Athena', () => {
  let athenaStack: PanelpackStack;
  let athenaTemplate: Template;
  beforeAll(async () => {
    ({ stack: athenaStack, template: athenaTemplate } = await synthPanelpack({
      'panelpack:tablesEngine': 'athena',
    }));
  });

  test('tables may query through the workgroup, read this database, and write results and UNLOAD scratch', () => {
    const statements = statementsOf(
      athenaTemplate,
      logicalId(athenaStack, athenaStack.tables.role as never),
    );
    const athena = statements.filter((s) => s.actions.some((a) => a.startsWith('athena:')));
    expect(athena.flatMap((s) => s.resources)).toEqual([
      'arn:<AWS::Partition>:athena:<AWS::Region>:<AWS::AccountId>:workgroup/panelpack',
    ]);
    const glue = statements.filter((s) => s.actions.some((a) => a.startsWith('glue:')));
    const glueResources = glue.flatMap((s) => s.resources);
    expect(glueResources.filter((r) => r.includes('*'))).toEqual([]);
    expect(glueResources).toHaveLength(2 + athenaStack.catalog.tables.size);
    const warehouse = `<${logicalId(athenaStack, athenaStack.buckets.warehouse.bucket)}.Arn>`;
    const results = `<${logicalId(athenaStack, athenaStack.buckets.athenaResults.bucket)}.Arn>`;
    expect(s3Objects(statements, 's3:PutObject')).toEqual(
      [
        `${warehouse}/warehouse/report_tables/*`,
        `${warehouse}/warehouse/_tmp/*`,
        `${results}/results/*`,
      ].sort(),
    );
    const fn =
      athenaTemplate.toJSON().Resources[logicalId(athenaStack, athenaStack.tables.function)];
    expect(fn.Properties.Environment.Variables).toMatchObject({
      PANELPACK_ENGINE: 'athena',
      PANELPACK_ATHENA_WORKGROUP: 'panelpack',
      PANELPACK_ATHENA_DATABASE: 'panelpack',
    });
  });
});
