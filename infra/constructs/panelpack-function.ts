import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionDefaults } from '../defaults/function-defaults.js';

/** One panelpack Lambda. */
export interface PanelpackFunctionProps {
  /** The repository root (lock file, shipped folders). */
  readonly projectRoot: string;
  /** Handler file relative to the root, e.g. `functions/ingest/handler.ts`. */
  readonly entry: string;
  /** What the function is for, shown in the console. */
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** /tmp in MiB. Default 512. */
  readonly ephemeralStorageMiB?: number;
  /** Packages shipped as installed folders beside the bundle (native code, binaries). */
  readonly runtimeModules?: readonly string[];
  /** Repository folders read at run time (`sql`, `templates`). */
  readonly assetFolders?: readonly string[];
  /** Environment under the names of functions/core/config.ts ENV. */
  readonly environment?: Readonly<Record<string, string>>;
  /** How long the function's logs are kept. Default one year. */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A panelpack Lambda with its own log group and its own role, which starts with nothing but
 * the right to write that log group: every other permission is granted per prefix by the
 * construct that wires the function in. Also an alarm on any error.
 */
export class PanelpackFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** In alarm when any invocation failed in the last five minutes. */
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PanelpackFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      // The logs hold counts and file names, never records; they go with the function.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (panelpack)`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      ...functionDefaults({
        projectRoot: props.projectRoot,
        entry: props.entry,
        memorySize: props.memorySize,
        timeout: props.timeout,
        ephemeralStorageMiB: props.ephemeralStorageMiB,
        runtimeModules: props.runtimeModules,
        assetFolders: props.assetFolders,
        role: this.role,
        logGroup: this.logGroup,
        environment: props.environment,
      }),
      description: props.description,
    });
    // SPEC 7 and the deployment target name nodejs22.x: DuckDB's native binding and
    // @sparticuz/chromium are built and tested for it. Moving to a newer runtime is a
    // deliberate upgrade with its own test run, not something a linter should force.
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime panelpack is built and tested on (DuckDB native module, @sparticuz/chromium); a runtime upgrade is a tested change of its own.',
    });
    this.errorsAlarm = new cloudwatch.Alarm(this, 'Errors', {
      alarmDescription: `${props.description}: an invocation failed`,
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
