import { Duration, RemovalPolicy, TimeZone, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { secureQueueProps } from '../defaults/queue-defaults.js';
import { acknowledgeWildcardResources } from './acknowledge-wildcards.js';
import type { Notifications } from './notifications.js';

/** The monthly job of SPEC 1: load -> tables -> render -> tell the clerks. */
export interface MonthlyJobProps {
  /** Loads the month's deliveries from landing (the ingest function, monthly event). */
  readonly load: lambda.IFunction;
  readonly tables: lambda.IFunction;
  readonly render: lambda.IFunction;
  readonly notifications: Notifications;
  /** Where clerks download reports, named in the message they receive. */
  readonly pageOrigin: string;
  /** Cron fields (minute hour day month weekday year), in Europe/London time. */
  readonly scheduleCron: string;
}

/** The steps' names, which the tests and the Step Functions console show. */
export const MONTHLY_STEPS = {
  load: 'Load the month',
  tables: 'Build report tables',
  render: 'Render reports',
  notify: 'Tell the clerks',
  alert: 'Tell operations',
  failed: 'Monthly job failed',
} as const;

/**
 * A Step Functions state machine running load, tables, render and an SNS message to the
 * clerks, each step retried on failure; anything still failing goes to the operations topic
 * and fails the execution, which alarms. An EventBridge Scheduler schedule starts it each
 * month, in Europe/London time, for the month before; run it by hand with `{"month":"YYYY-MM"}`.
 */
export class MonthlyJob extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  readonly scheduleDeadLetterQueue: sqs.Queue;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: MonthlyJobProps) {
    super(scope, id);
    const month = sfn.JsonPath.stringAt('$.load.month');
    // Without a payload the function receives the state's input: for the load step, the
    // schedule's `{scheduledTime}` or a manual `{month}`.
    const step = (
      name: string,
      fn: lambda.IFunction,
      payload: sfn.TaskInput | undefined,
      result: string,
    ) =>
      new tasks.LambdaInvoke(this, name, {
        lambdaFunction: fn,
        ...(payload ? { payload } : {}),
        payloadResponseOnly: true,
        resultPath: result,
        retryOnServiceExceptions: true,
      }).addRetry({
        errors: ['States.TaskFailed', 'States.Timeout'],
        interval: Duration.minutes(1),
        maxAttempts: 2,
        backoffRate: 2,
      });

    const load = step(MONTHLY_STEPS.load, props.load, undefined, '$.load');
    const tables = step(
      MONTHLY_STEPS.tables,
      props.tables,
      sfn.TaskInput.fromObject({ month }),
      '$.tables',
    );
    const render = step(
      MONTHLY_STEPS.render,
      props.render,
      sfn.TaskInput.fromObject({ month }),
      '$.render',
    );
    const notify = new tasks.SnsPublish(this, MONTHLY_STEPS.notify, {
      topic: props.notifications.clerks,
      subject: sfn.JsonPath.format('Committee reports for {} are ready', month),
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          'The committee reports using data to the end of {} are ready: {} document(s). Download them from {}',
          month,
          sfn.JsonPath.stringAt('$.render.documents'),
          props.pageOrigin,
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    });
    const alert = new tasks.SnsPublish(this, MONTHLY_STEPS.alert, {
      topic: props.notifications.operations,
      subject: 'panelpack monthly job failed',
      // Only the error's name: causes can quote file names, and operators have the logs.
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          'The panelpack monthly job failed with {}. See the execution in the Step Functions console and the function logs.',
          sfn.JsonPath.stringAt('$.error.Error'),
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    }).next(new sfn.Fail(this, MONTHLY_STEPS.failed, { error: 'MonthlyJobFailed' }));
    for (const task of [load, tables, render, notify]) {
      task.addCatch(alert, { errors: ['States.ALL'], resultPath: '$.error' });
    }

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'panelpack monthly job: load, build report tables, render, tell the clerks',
      definitionBody: sfn.DefinitionBody.fromChainable(load.next(tables).next(render).next(notify)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.hours(3),
      tracingEnabled: true,
      // Execution data stays out of the logs: inputs and outputs are months and counts today,
      // and nothing should make logging them a question later.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    props.notifications.grantPublish(props.notifications.clerks, this.stateMachine);
    props.notifications.grantPublish(props.notifications.operations, this.stateMachine);
    acknowledgeWildcardResources(
      this.stateMachine.role,
      [props.load, props.tables, props.render].map((fn) => `${fn.functionArn}:*`),
      'Invoking a panelpack function by any of its own versions or aliases (Step Functions grants the unqualified ARN and ARN:*); no other function.',
    );
    acknowledgeWildcardResources(
      this.stateMachine.role,
      ['*'],
      'X-Ray trace submission (SF2) and CloudWatch Logs vended log delivery (SF1) do not support resource-level permissions: AWS documents * as their only resource.',
    );

    this.scheduleDeadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetters', secureQueueProps());
    // cdk-nag recognises a queue as a DLQ only when another queue or a function names it; this
    // one is the schedule target's DLQ. A DLQ behind it would have nothing to catch.
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the EventBridge Scheduler target; it alarms when a message arrives.',
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'panelpack monthly job, for the month before',
      schedule: scheduler.ScheduleExpression.expression(
        `cron(${props.scheduleCron})`,
        TimeZone.EUROPE_LONDON,
      ),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        deadLetterQueue: this.scheduleDeadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });

    const monthlyAlarm = (name: string, description: string, metric: cloudwatch.IMetric) =>
      new cloudwatch.Alarm(this, name, {
        alarmDescription: `panelpack monthly job: ${description}`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const hourly = { period: Duration.hours(1), statistic: 'Sum' };
    this.alarms = [
      monthlyAlarm('Failed', 'an execution failed', this.stateMachine.metricFailed(hourly)),
      monthlyAlarm('TimedOut', 'an execution timed out', this.stateMachine.metricTimedOut(hourly)),
      monthlyAlarm('Aborted', 'an execution was aborted', this.stateMachine.metricAborted(hourly)),
      monthlyAlarm(
        'NotStarted',
        'the schedule could not start the job',
        this.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
      ),
    ];
  }
}
