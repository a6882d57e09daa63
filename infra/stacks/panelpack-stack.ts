import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../../functions/core/config.js';
import { ALL_EXTRACTS } from '../../functions/core/extracts/index.js';
import { REPORTS_ROOT } from '../../functions/core/reports/report-downloads.js';
import { REPORT_TABLES_ROOT } from '../../functions/core/tables/index.js';
import { acknowledgeWildcardResources } from '../constructs/acknowledge-wildcards.js';
import { AnalyticsWorkgroup, RESULTS_PREFIX } from '../constructs/analytics-workgroup.js';
import { ClerksApi } from '../constructs/clerks-api.js';
import { LandingTrigger } from '../constructs/landing-trigger.js';
import { MonthlyJob } from '../constructs/monthly-job.js';
import { Notifications } from '../constructs/notifications.js';
import { PanelpackFunction } from '../constructs/panelpack-function.js';
import { grantPrefixAccess } from '../constructs/prefix-access.js';
import { SecureBucket } from '../constructs/secure-bucket.js';
import { REFERENCE_ROOT, WarehouseCatalog } from '../constructs/warehouse-catalog.js';
import { duckdbSizing } from '../defaults/function-defaults.js';
import type { DeploymentSettings } from '../deployment-settings.js';

/** The warehouse's root in its bucket: `s3://<bucket>/warehouse`. */
export const WAREHOUSE_PREFIX = 'warehouse';
/** Councils upload deliveries under this prefix of the landing bucket. */
export const LANDING_PREFIX = 'incoming/';
/** Rendered papers: `s3://<bucket>/reports/<la>-<committee>/<meeting-date>/<report-id>.pdf`. */
export const REPORTS_PREFIX = `${REPORTS_ROOT}/`;

export interface PanelpackStackProps extends StackProps {
  readonly settings: DeploymentSettings;
  /** The repository root, for bundling the functions. */
  readonly projectRoot: string;
}

/**
 * panelpack in AWS (SPEC 7), in one stack so every grant names resources it can see:
 * buckets, the Glue catalogue and Athena workgroup, the four functions, the upload trigger,
 * the monthly job, the clerks' API, and alarms that all report to the operations topic.
 */
export class PanelpackStack extends Stack {
  readonly buckets: {
    readonly accessLogs: SecureBucket;
    readonly landing: SecureBucket;
    readonly warehouse: SecureBucket;
    readonly reports: SecureBucket;
    readonly athenaResults: SecureBucket;
  };
  readonly catalog: WarehouseCatalog;
  readonly workgroup: AnalyticsWorkgroup;
  readonly notifications: Notifications;
  readonly ingest: PanelpackFunction;
  readonly tables: PanelpackFunction;
  readonly render: PanelpackFunction;
  readonly landingTrigger: LandingTrigger;
  readonly monthlyJob: MonthlyJob;
  readonly clerksApi: ClerksApi;
  /** For analysts: query the warehouse through the workgroup. */
  readonly analystPolicy: iam.ManagedPolicy;
  /** For whoever delivers extracts: upload to landing, nothing else. */
  readonly uploaderPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: PanelpackStackProps) {
    super(scope, id, props);
    const { settings, projectRoot } = props;

    const accessLogs = new SecureBucket(this, 'AccessLogs', {
      purpose: 'S3 server access logs',
      ownKey: false,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(730) }],
      noncurrentVersionDays: 30,
    });
    const logsTo = accessLogs.bucket;
    this.buckets = {
      accessLogs,
      landing: new SecureBucket(this, 'Landing', {
        purpose: 'landing: extracts as delivered',
        accessLogs: logsTo,
        lifecycleRules: [
          {
            id: 'expire-loaded-deliveries',
            prefix: LANDING_PREFIX,
            expiration: Duration.days(settings.landingRetentionDays),
          },
        ],
        noncurrentVersionDays: 30,
      }),
      warehouse: new SecureBucket(this, 'Warehouse', {
        purpose: 'warehouse: extracts, report tables, manifests',
        accessLogs: logsTo,
        lifecycleRules: [
          {
            id: 'expire-unload-scratch',
            prefix: `${WAREHOUSE_PREFIX}/_tmp/`,
            expiration: Duration.days(1),
          },
        ],
      }),
      reports: new SecureBucket(this, 'Reports', {
        purpose: 'rendered committee reports',
        accessLogs: logsTo,
      }),
      athenaResults: new SecureBucket(this, 'AthenaResults', {
        purpose: 'Athena query results',
        accessLogs: logsTo,
        lifecycleRules: [{ id: 'expire-results', expiration: Duration.days(30) }],
        noncurrentVersionDays: 1,
      }),
    };
    const { landing, warehouse, reports, athenaResults } = this.buckets;

    this.catalog = new WarehouseCatalog(this, 'Catalog', {
      bucket: warehouse.bucket,
      prefix: WAREHOUSE_PREFIX,
      databaseName: settings.glueDatabase,
      laCodes: settings.laCodes,
    });
    this.workgroup = new AnalyticsWorkgroup(this, 'Workgroup', {
      name: settings.athenaWorkgroup,
      resultsBucket: athenaResults.bucket,
      resultsKey: athenaResults.key!,
      bytesScannedCutoffPerQuery: settings.bytesScannedCutoff,
    });
    this.notifications = new Notifications(this, 'Notifications', {
      operationsEmail: settings.operationsEmail,
    });

    const warehouseUri = `s3://${warehouse.bucket.bucketName}/${WAREHOUSE_PREFIX}`;
    // The renderer writes under `reports/` inside the store it is given: the bucket root.
    const reportsUri = `s3://${reports.bucket.bucketName}`;
    const inWarehouse = (folder: string) => `${WAREHOUSE_PREFIX}/${folder}/`;
    const extractPrefixes = ALL_EXTRACTS.map((e) => inWarehouse(e.name));
    const reportTablesPrefix = inWarehouse(REPORT_TABLES_ROOT);

    const ingestTimeout = Duration.minutes(10);
    this.ingest = new PanelpackFunction(this, 'Ingest', {
      projectRoot,
      entry: 'functions/ingest/handler.ts',
      description: 'panelpack ingest: loads a delivery from landing into the warehouse',
      memorySize: 2048,
      timeout: ingestTimeout,
      ephemeralStorageMiB: 2048,
      runtimeModules: ['@duckdb/node-api'],
      assetFolders: ['sql'],
      environment: {
        [ENV.warehouse]: warehouseUri,
        [ENV.landing]: `s3://${landing.bucket.bucketName}/${LANDING_PREFIX.replace(/\/$/, '')}`,
        ...duckdbSizing(2048),
      },
    });
    grantPrefixAccess(this.ingest.role, { bucket: landing.bucket, read: [LANDING_PREFIX] });
    const ingestWrites = [
      ...extractPrefixes,
      inWarehouse('_rejects'),
      inWarehouse('_loads'),
      inWarehouse('_locks'),
      inWarehouse(REFERENCE_ROOT),
    ];
    grantPrefixAccess(this.ingest.role, {
      bucket: warehouse.bucket,
      read: ingestWrites,
      write: ingestWrites,
    });

    const athena = settings.tablesEngine === 'athena';
    this.tables = new PanelpackFunction(this, 'Tables', {
      projectRoot,
      entry: 'functions/tables/handler.ts',
      description: `panelpack tables: builds the report tables for a month (${settings.tablesEngine})`,
      memorySize: 3008,
      timeout: Duration.minutes(15),
      ephemeralStorageMiB: 4096,
      runtimeModules: ['@duckdb/node-api'],
      assetFolders: ['sql'],
      environment: {
        [ENV.warehouse]: warehouseUri,
        [ENV.engine]: settings.tablesEngine,
        ...(athena
          ? {
              [ENV.athenaWorkgroup]: this.workgroup.name,
              [ENV.athenaDatabase]: settings.glueDatabase,
            }
          : {}),
        ...duckdbSizing(3008),
      },
    });
    grantPrefixAccess(this.tables.role, {
      bucket: warehouse.bucket,
      read: [
        ...extractPrefixes,
        reportTablesPrefix,
        ...(athena ? [inWarehouse(REFERENCE_ROOT)] : []),
      ],
      write: [reportTablesPrefix, ...(athena ? [inWarehouse('_tmp')] : [])],
    });
    if (athena) this.grantAthenaQueries(this.tables.role);

    this.render = new PanelpackFunction(this, 'Render', {
      projectRoot,
      entry: 'functions/render/handler.ts',
      description: "panelpack render: renders the month's reports and agenda packs to PDF",
      memorySize: 3008,
      timeout: Duration.minutes(15),
      ephemeralStorageMiB: 2048,
      runtimeModules: ['@duckdb/node-api', '@sparticuz/chromium', 'puppeteer-core'],
      // Report metadata (contacts, committees, meeting calendars) is config/reports/<la>.json.
      assetFolders: ['sql', 'templates', 'config'],
      environment: {
        [ENV.warehouse]: warehouseUri,
        [ENV.reports]: reportsUri,
        ...duckdbSizing(3008),
      },
    });
    grantPrefixAccess(this.render.role, {
      bucket: warehouse.bucket,
      read: [...extractPrefixes, reportTablesPrefix],
    });
    grantPrefixAccess(this.render.role, {
      bucket: reports.bucket,
      read: [REPORTS_PREFIX],
      write: [REPORTS_PREFIX],
    });

    this.landingTrigger = new LandingTrigger(this, 'LandingTrigger', {
      landingBucket: landing.bucket,
      landingPrefix: LANDING_PREFIX,
      ingest: this.ingest.function,
      ingestTimeout,
    });
    this.monthlyJob = new MonthlyJob(this, 'MonthlyJob', {
      load: this.ingest.function,
      tables: this.tables.function,
      render: this.render.function,
      notifications: this.notifications,
      pageOrigin: settings.pageOrigin,
      scheduleCron: settings.scheduleCron,
    });
    this.clerksApi = new ClerksApi(this, 'ClerksApi', {
      projectRoot,
      reportsBucket: reports.bucket,
      pageOrigin: settings.pageOrigin,
      authDomainPrefix: settings.authDomainPrefix,
    });

    this.rejectedDeliveriesAlarm();
    this.analystPolicy = this.createAnalystPolicy();
    this.uploaderPolicy = new iam.ManagedPolicy(this, 'UploaderPolicy', {
      description: 'panelpack: upload extracts to landing (attach to the delivering role)',
    });
    grantPrefixAccess(this.uploaderPolicy, {
      bucket: landing.bucket,
      write: [LANDING_PREFIX],
      list: [LANDING_PREFIX],
    });

    // Every alarm in the stack reports to operations, so none can be added and forgotten.
    const toOperations = new SnsAction(this.notifications.operations);
    for (const construct of this.node.findAll()) {
      if (construct instanceof cloudwatch.Alarm) construct.addAlarmAction(toOperations);
    }
    this.outputs(landing, warehouseUri, reportsUri);
  }

  /** Athena through the workgroup, Glue reads of this database, results under its prefix. */
  private grantAthenaQueries(
    role: iam.Role | iam.ManagedPolicy,
    extraActions: string[] = [],
  ): void {
    const add = (statement: iam.PolicyStatement) =>
      role instanceof iam.Role ? role.addToPolicy(statement) : role.addStatements(statement);
    add(
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
          ...extraActions,
        ],
        resources: [this.workgroup.arn],
      }),
    );
    add(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
        resources: [
          this.formatArn({ service: 'glue', resource: 'catalog' }),
          this.catalog.database.databaseArn,
          ...[...this.catalog.tables.values()].map((table) => table.tableArn),
        ],
      }),
    );
    const results = this.buckets.athenaResults.bucket;
    grantPrefixAccess(role, { bucket: results, read: [RESULTS_PREFIX], write: [RESULTS_PREFIX] });
    add(
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [results.bucketArn],
      }),
    );
  }

  private createAnalystPolicy(): iam.ManagedPolicy {
    const policy = new iam.ManagedPolicy(this, 'AnalystPolicy', {
      description: "panelpack: query the warehouse with Athena (attach to analysts' roles)",
    });
    this.grantAthenaQueries(policy, [
      'athena:GetQueryRuntimeStatistics',
      'athena:BatchGetQueryExecution',
      'athena:ListQueryExecutions',
    ]);
    grantPrefixAccess(policy, {
      bucket: this.buckets.warehouse.bucket,
      read: [`${WAREHOUSE_PREFIX}/`],
    });
    policy.addStatements(
      new iam.PolicyStatement({
        actions: ['athena:ListWorkGroups', 'athena:ListDataCatalogs'],
        resources: ['*'],
      }),
    );
    acknowledgeWildcardResources(
      policy,
      ['*'],
      'athena:ListWorkGroups and athena:ListDataCatalogs take no resource (AWS documents * only); the Athena console needs them to offer the panelpack workgroup.',
    );
    return policy;
  }

  /** Deliveries rejected whole, or with every row rejected, alarm: someone must resend. */
  private rejectedDeliveriesAlarm(): void {
    const filter = new logs.MetricFilter(this, 'RejectedDeliveries', {
      logGroup: this.ingest.logGroup,
      filterPattern: logs.FilterPattern.any(
        logs.FilterPattern.stringValue('$.message', '=', 'file rejected'),
        logs.FilterPattern.stringValue('$.status', '=', 'not_replaced'),
      ),
      metricNamespace: 'panelpack',
      metricName: 'RejectedDeliveries',
      metricValue: '1',
      defaultValue: 0,
    });
    new cloudwatch.Alarm(this, 'DeliveryRejected', {
      alarmDescription:
        'panelpack: a delivery was rejected; the council must correct and resend it',
      metric: filter.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private outputs(landing: SecureBucket, warehouseUri: string, reportsUri: string): void {
    const out = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    out(
      'UploadLocation',
      `s3://${landing.bucket.bucketName}/${LANDING_PREFIX}`,
      'Upload deliveries here',
    );
    out('WarehouseLocation', warehouseUri, 'PANELPACK_WAREHOUSE for the CLI against AWS');
    out('ReportsLocation', `${reportsUri}/${REPORTS_PREFIX}`, 'Rendered papers');
    out('GlueDatabase', this.catalog.database.databaseName, 'Athena database');
    out('AthenaWorkgroup', this.workgroup.name, 'Athena workgroup for analysts');
    out('ReportsApiUrl', this.clerksApi.api.apiEndpoint, "The clerks' page calls this");
    out('UserPoolId', this.clerksApi.userPool.userPoolId, 'Invite clerks here');
    out('PageClientId', this.clerksApi.pageClient.userPoolClientId, "The page's Cognito client");
    out(
      'SignInDomain',
      this.clerksApi.domain.baseUrl(),
      "Cognito hosted sign-in for the clerks' page",
    );
    out('ClerksTopicArn', this.notifications.clerks.topicArn, 'Clerks subscribe here');
    out('OperationsTopicArn', this.notifications.operations.topicArn, 'Alarms go here');
    out(
      'MonthlyJobArn',
      this.monthlyJob.stateMachine.stateMachineArn,
      'Run by hand with {"month":"YYYY-MM"}',
    );
    out('AnalystPolicyArn', this.analystPolicy.managedPolicyArn, "Attach to analysts' roles");
    out('UploaderPolicyArn', this.uploaderPolicy.managedPolicyArn, 'Attach to the delivering role');
  }
}
