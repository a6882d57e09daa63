/**
 * The synthesised template has every resource SPEC 7 and issue 5 ask for, configured as they
 * ask: encrypted, versioned, private buckets; Glue tables with partition projection; an Athena
 * workgroup that enforces its settings; the four functions; the upload trigger with its DLQ;
 * the monthly state machine and schedule; the authenticated clerks' API; alarms to operations.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { LA_EXTRACTS, WAREHOUSE_TYPE } from '../../functions/core/extracts/index.js';
import { REFERENCE_TABLES } from '../../functions/core/reference/index.js';
import { reportTableCatalogue } from '../../infra/catalogue/glue-columns.js';
import type { PanelpackStack } from '../../infra/stacks/panelpack-stack.js';
import { type Cfn, flatten, logicalId, resourcesOf, synthPanelpack } from './synth-panelpack.js';

let stack: PanelpackStack;
let template: Template;
let ids: Record<'logs' | 'landing' | 'warehouse' | 'reports' | 'results', string>;

beforeAll(async () => {
  ({ stack, template } = await synthPanelpack());
  const b = stack.buckets;
  ids = {
    logs: logicalId(stack, b.accessLogs.bucket),
    landing: logicalId(stack, b.landing.bucket),
    warehouse: logicalId(stack, b.warehouse.bucket),
    reports: logicalId(stack, b.reports.bucket),
    results: logicalId(stack, b.athenaResults.bucket),
  };
});

describe('buckets', () => {
  test('five private, versioned, retained buckets; the data buckets each under their own rotating key', () => {
    const buckets = Object.fromEntries(resourcesOf(template, 'AWS::S3::Bucket'));
    expect(Object.keys(buckets).sort()).toEqual(Object.values(ids).sort());
    const keys = new Set<string>();
    for (const [name, id] of Object.entries(ids)) {
      const props = buckets[id]!;
      expect(props.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(props.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
      expect(props.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          NoncurrentVersionExpiration: expect.any(Object),
        }),
      );
      const sse = props.BucketEncryption.ServerSideEncryptionConfiguration[0];
      if (name === 'logs') {
        // S3 server access logging delivers only to SSE-S3 buckets.
        expect(sse.ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
        expect(props.LoggingConfiguration).toBeUndefined();
      } else {
        expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
        expect(sse.BucketKeyEnabled).toBe(true);
        keys.add(flatten(sse.ServerSideEncryptionByDefault.KMSMasterKeyID));
        expect(props.LoggingConfiguration).toEqual({
          DestinationBucketName: { Ref: ids.logs },
          LogFilePrefix: expect.stringMatching(/\/$/),
        });
      }
    }
    expect(keys.size).toBe(4);
    for (const id of Object.values(ids)) {
      expect(template.toJSON().Resources[id].DeletionPolicy).toBe('Retain');
    }
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('every bucket refuses requests without TLS 1.2', () => {
    const policies = resourcesOf(template, 'AWS::S3::BucketPolicy');
    expect(policies.map(([, p]) => p.Bucket.Ref).sort()).toEqual(Object.values(ids).sort());
    for (const [, policy] of policies) {
      const denies = policy.PolicyDocument.Statement.filter((s: Cfn) => s.Effect === 'Deny');
      expect(denies).toContainEqual(
        expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      expect(denies).toContainEqual(
        expect.objectContaining({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      );
    }
  });

  test('lifecycle: deliveries leave landing after 90 days, UNLOAD scratch after a day, results after 30', () => {
    const rules = (id: string) =>
      template.toJSON().Resources[id].Properties.LifecycleConfiguration.Rules;
    expect(rules(ids.landing)).toContainEqual(
      expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 90, Status: 'Enabled' }),
    );
    expect(rules(ids.warehouse)).toContainEqual(
      expect.objectContaining({ Prefix: 'warehouse/_tmp/', ExpirationInDays: 1 }),
    );
    expect(rules(ids.results)).toContainEqual(expect.objectContaining({ ExpirationInDays: 30 }));
  });
});

describe('Glue catalogue', () => {
  const tableInput = (name: string) => {
    const found = resourcesOf(template, 'AWS::Glue::Table').find(
      ([, p]) => p.TableInput.Name === name,
    );
    if (!found) throw new Error(`no Glue table ${name}`);
    return found[1].TableInput;
  };
  const glueType = (warehouseType: string) =>
    ({
      VARCHAR: 'string',
      DATE: 'date',
      TIMESTAMP: 'timestamp',
      BIGINT: 'bigint',
      DOUBLE: 'double',
      BOOLEAN: 'boolean',
      INTEGER: 'int',
    })[warehouseType];

  test('one Parquet table per warehouse, reference and report table in one database', () => {
    template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: 'panelpack' },
    });
    const names = resourcesOf(template, 'AWS::Glue::Table').map(([, p]) => p.TableInput.Name);
    expect(names.sort()).toEqual(
      [
        ...LA_EXTRACTS.map((e) => e.name),
        'benchmarks',
        ...REFERENCE_TABLES.map((t) => t.name),
        ...reportTableCatalogue().map((t) => t.name),
      ].sort(),
    );
    for (const name of names) {
      expect(tableInput(name).StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      );
    }
  });

  test.each(LA_EXTRACTS.map((e) => [e.name, e] as const))(
    '%s: schema columns, partitioned by la_code and month, projected with no crawler',
    (name, schema) => {
      const input = tableInput(name);
      expect(input.StorageDescriptor.Columns.map((c: Cfn) => [c.Name, c.Type])).toEqual(
        schema.columns.map((c) => [c.name, glueType(WAREHOUSE_TYPE[c.type])]),
      );
      expect(input.PartitionKeys.map((k: Cfn) => [k.Name, k.Type])).toEqual([
        ['la_code', 'string'],
        ['month', 'string'],
      ]);
      expect(flatten(input.StorageDescriptor.Location)).toBe(
        `s3://<${ids.warehouse}>/warehouse/${name}/`,
      );
      expect(input.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.la_code.type': 'enum',
        'projection.la_code.values': '850,921',
        'projection.month.type': 'date',
        'projection.month.range': '2010-01,NOW',
        'projection.month.format': 'yyyy-MM',
        'projection.month.interval': '1',
        'projection.month.interval.unit': 'MONTHS',
      });
      expect(flatten(input.Parameters['storage.location.template'])).toBe(
        `s3://<${ids.warehouse}>/warehouse/${name}/la_code=\${la_code}/month=\${month}/`,
      );
    },
  );

  test('report tables: the SQL output columns, partitioned by la_code and as_of', () => {
    for (const table of reportTableCatalogue()) {
      const input = tableInput(table.name);
      expect(input.StorageDescriptor.Columns.map((c: Cfn) => [c.Name, c.Type])).toEqual(
        table.columns.map((c) => [c.name, c.type]),
      );
      expect(input.PartitionKeys.map((k: Cfn) => k.Name)).toEqual(['la_code', 'as_of']);
      expect(input.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.as_of.type': 'date',
        'projection.as_of.format': 'yyyy-MM',
      });
      expect(flatten(input.Parameters['storage.location.template'])).toBe(
        `s3://<${ids.warehouse}>/warehouse/report_tables/${table.name}/la_code=\${la_code}/as_of=\${as_of}/`,
      );
    }
  });

  test('benchmarks and reference tables are unpartitioned', () => {
    expect(flatten(tableInput('benchmarks').StorageDescriptor.Location)).toBe(
      `s3://<${ids.warehouse}>/warehouse/benchmarks/`,
    );
    for (const table of REFERENCE_TABLES) {
      const input = tableInput(table.name);
      expect(input.PartitionKeys ?? []).toEqual([]);
      expect(flatten(input.StorageDescriptor.Location)).toBe(
        `s3://<${ids.warehouse}>/warehouse/reference/${table.name}/`,
      );
    }
  });
});

test('the Athena workgroup is engine v3 and enforces its result location, encryption and scan limit', () => {
  const [[, workgroup]] = resourcesOf(template, 'AWS::Athena::WorkGroup') as [[string, Cfn]];
  expect(workgroup.Name).toBe('panelpack');
  const config = workgroup.WorkGroupConfiguration;
  expect(config.EngineVersion).toEqual({ SelectedEngineVersion: 'Athena engine version 3' });
  expect(config.EnforceWorkGroupConfiguration).toBe(true);
  expect(config.BytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
  expect(flatten(config.ResultConfiguration.OutputLocation)).toBe(`s3://<${ids.results}>/results/`);
  expect(config.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_KMS');
  expect(flatten(config.ResultConfiguration.EncryptionConfiguration.KmsKey)).toBe(
    `<${logicalId(stack, stack.buckets.athenaResults.key!)}.Arn>`,
  );
});

describe('functions', () => {
  const fn = (construct: { function: { node: { defaultChild?: unknown } } }) =>
    template.toJSON().Resources[logicalId(stack, construct.function)].Properties;

  test('four Node 22 x86_64 functions, each with its own role and log group', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(4);
    const roles = new Set<string>();
    for (const [, props] of functions) {
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['x86_64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.LoggingConfig.LogGroup).toBeDefined();
      roles.add(flatten(props.Role));
    }
    expect(roles.size).toBe(4);
    // No function gets an AWS managed policy: every permission is written out.
    for (const [, role] of resourcesOf(template, 'AWS::IAM::Role')) {
      expect(role.ManagedPolicyArns ?? []).toEqual([]);
    }
  });

  test('settings reach the functions under the core config names, DuckDB sized to the memory', () => {
    expect(fn(stack.ingest).Environment.Variables).toMatchObject({
      PANELPACK_DUCKDB_THREADS: '1',
      PANELPACK_DUCKDB_MEMORY: '1228MB',
      PANELPACK_CACHE_DIR: '/tmp/panelpack',
      PANELPACK_HOME: '/var/task',
    });
    expect(flatten(fn(stack.ingest).Environment.Variables.PANELPACK_WAREHOUSE)).toBe(
      `s3://<${ids.warehouse}>/warehouse`,
    );
    expect(flatten(fn(stack.ingest).Environment.Variables.PANELPACK_LANDING)).toBe(
      `s3://<${ids.landing}>/incoming`,
    );
    expect(fn(stack.tables).Environment.Variables.PANELPACK_ENGINE).toBe('duckdb');
    expect(flatten(fn(stack.render).Environment.Variables.PANELPACK_REPORTS)).toBe(
      `s3://<${ids.reports}>`,
    );
    expect(flatten(fn(stack.clerksApi.handler).Environment.Variables.PANELPACK_REPORTS)).toBe(
      `s3://<${ids.reports}>`,
    );
    expect(fn(stack.clerksApi.handler).Environment.Variables.PANELPACK_DOWNLOAD_URL_SECONDS).toBe(
      '300',
    );
  });

  test('render has room for Chromium; tables for the warehouse mirror', () => {
    expect(fn(stack.render)).toMatchObject({
      MemorySize: 3008,
      Timeout: 900,
      EphemeralStorage: { Size: 2048 },
    });
    expect(fn(stack.tables)).toMatchObject({ Timeout: 900, EphemeralStorage: { Size: 4096 } });
  });
});

test('uploads reach ingest through EventBridge and a queue with a dead-letter queue', () => {
  expect(template.toJSON().Resources[ids.landing].Properties.NotificationConfiguration).toEqual({
    EventBridgeConfiguration: { EventBridgeEnabled: true },
  });
  const [[, rule]] = resourcesOf(template, 'AWS::Events::Rule') as [[string, Cfn]];
  expect(rule.EventPattern).toEqual({
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: {
      bucket: { name: [{ Ref: ids.landing }] },
      object: { key: [{ prefix: 'incoming/' }] },
    },
  });
  const queues = Object.fromEntries(resourcesOf(template, 'AWS::SQS::Queue'));
  const uploads = logicalId(stack, stack.landingTrigger.queue);
  const dlq = logicalId(stack, stack.landingTrigger.deadLetterQueue);
  expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [uploads, 'Arn'] });
  expect(rule.Targets[0].DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [dlq, 'Arn'] });
  expect(queues[uploads]!.RedrivePolicy).toEqual({
    deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
    maxReceiveCount: 3,
  });
  expect(queues[uploads]!.VisibilityTimeout).toBe(3600);
  for (const queue of Object.values(queues)) expect(queue.SqsManagedSseEnabled).toBe(true);
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: 2 },
    EventSourceArn: { 'Fn::GetAtt': [uploads, 'Arn'] },
  });
});

describe('monthly job', () => {
  const definition = () => {
    const [[, machine]] = resourcesOf(template, 'AWS::StepFunctions::StateMachine') as [
      [string, Cfn],
    ];
    return JSON.parse(flatten(machine.DefinitionString));
  };

  test('load -> tables -> render -> notify, each step retried, Cfn failure alarmed', () => {
    const { StartAt, States } = definition();
    expect(StartAt).toBe('Load the month');
    expect(States['Load the month'].Next).toBe('Build report tables');
    expect(States['Build report tables'].Next).toBe('Render reports');
    expect(States['Render reports'].Next).toBe('Tell the clerks');
    expect(States['Tell the clerks'].End).toBe(true);
    for (const step of ['Load the month', 'Build report tables', 'Render reports']) {
      const state = States[step];
      expect(state.Type).toBe('Task');
      expect(state.Retry).toContainEqual(
        expect.objectContaining({
          ErrorEquals: ['States.TaskFailed', 'States.Timeout'],
          MaxAttempts: 2,
        }),
      );
      expect(state.Retry).toContainEqual(
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['Lambda.ServiceException']),
        }),
      );
    }
    for (const step of [
      'Load the month',
      'Build report tables',
      'Render reports',
      'Tell the clerks',
    ]) {
      expect(States[step].Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Tell operations' },
      ]);
    }
    // The load step receives the execution's input as it is: {scheduledTime} or {month}.
    expect(States['Load the month'].Parameters).toBeUndefined();
    expect(States['Build report tables'].Parameters).toEqual({ 'month.$': '$.load.month' });
    expect(States['Render reports'].Parameters).toEqual({ 'month.$': '$.load.month' });
    expect(States['Tell the clerks'].Resource).toBe('arn:<AWS::Partition>:states:::sns:publish');
    expect(States['Tell the clerks'].Parameters.TopicArn).toBe(
      `<${logicalId(stack, stack.notifications.clerks)}>`,
    );
    expect(States['Tell operations'].Parameters.TopicArn).toBe(
      `<${logicalId(stack, stack.notifications.operations)}>`,
    );
    expect(States['Tell operations'].Next).toBe('Monthly job failed');
    expect(States['Monthly job failed'].Type).toBe('Fail');
  });

  test('traced and logged, without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  test('scheduled monthly in Europe/London for the month before, with a DLQ and retries', () => {
    const [[, schedule]] = resourcesOf(template, 'AWS::Scheduler::Schedule') as [[string, Cfn]];
    expect(schedule.ScheduleExpression).toBe('cron(0 6 5 * ? *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('Europe/London');
    expect(schedule.Target.Arn).toEqual({
      Ref: logicalId(stack, stack.monthlyJob.stateMachine),
    });
    expect(JSON.parse(schedule.Target.Input)).toEqual({
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
    expect(schedule.Target.DeadLetterConfig.Arn).toEqual({
      'Fn::GetAtt': [logicalId(stack, stack.monthlyJob.scheduleDeadLetterQueue), 'Arn'],
    });
    expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBe(3);
  });
});

test('notifications: two KMS-encrypted topics that refuse plain HTTP', () => {
  const topics = resourcesOf(template, 'AWS::SNS::Topic');
  expect(topics).toHaveLength(2);
  for (const [, topic] of topics) {
    expect(flatten(topic.KmsMasterKeyId)).toBe(
      `<${logicalId(stack, stack.notifications.key)}.Arn>`,
    );
  }
  for (const [, policy] of resourcesOf(template, 'AWS::SNS::TopicPolicy')) {
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  }
});

describe("clerks' API", () => {
  test('CORS is limited to the page origin; every route needs a Cognito token', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://reports.example.gov.uk'],
        AllowMethods: ['GET'],
        AllowHeaders: ['authorization'],
        MaxAge: 3600,
      },
    });
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.RouteKey).sort()).toEqual([
      'GET /reports',
      'GET /reports/{key+}',
    ]);
    for (const [, route] of routes) {
      expect(route.AuthorizationType).toBe('JWT');
      expect(route.AuthorizerId).toBeDefined();
    }
    const [[, authorizer]] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer') as [
      [string, Cfn],
    ];
    expect(authorizer.AuthorizerType).toBe('JWT');
    expect(flatten(authorizer.JwtConfiguration.Issuer)).toContain(
      `<${logicalId(stack, stack.clerksApi.userPool)}>`,
    );
    expect(authorizer.JwtConfiguration.Audience).toEqual([
      { Ref: logicalId(stack, stack.clerksApi.pageClient) },
    ]);
  });

  test('the stage logs access and throttles', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  test('clerks are invited (no self sign-up), sign in with MFA, and the pool has threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://reports.example.gov.uk/'],
    });
  });
});

test('every alarm reports to the operations topic', () => {
  const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
  const operations = logicalId(stack, stack.notifications.operations);
  for (const [, alarm] of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: operations }]);
  const metrics = alarms.map(([, a]) => `${a.Namespace}/${a.MetricName}`);
  expect(metrics).toEqual(
    expect.arrayContaining([
      'AWS/Lambda/Errors',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/States/ExecutionsFailed',
      'AWS/States/ExecutionsTimedOut',
      'AWS/States/ExecutionsAborted',
      'AWS/ApiGateway/5xx',
      'panelpack/RejectedDeliveries',
    ]),
  );
  expect(metrics.filter((m) => m === 'AWS/Lambda/Errors')).toHaveLength(4);
  expect(metrics.filter((m) => m === 'AWS/SQS/ApproximateNumberOfMessagesVisible')).toHaveLength(2);
});
