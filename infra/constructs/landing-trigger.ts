import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { secureQueueProps } from '../defaults/queue-defaults.js';

/** How uploads to landing reach the ingest function. */
export interface LandingTriggerProps {
  readonly landingBucket: s3.Bucket;
  /** Deliveries are uploaded under this prefix, e.g. `incoming/`. */
  readonly landingPrefix: string;
  readonly ingest: lambda.IFunction;
  /** The ingest function's timeout: the queue hides a message six times as long. */
  readonly ingestTimeout: Duration;
  /** Loads running at once; each holds a DuckDB. Default 2. */
  readonly maxConcurrency?: number;
}

/**
 * Upload -> EventBridge "Object Created" -> SQS -> ingest. The queue buffers bursts (a council
 * uploading a month of extracts at once), retries a failed load three times and then keeps the
 * message in a dead-letter queue, which alarms. S3 sends the event to EventBridge directly, so
 * no notification custom resource is deployed.
 */
export class LandingTrigger extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;
  /** In alarm when any upload could not be processed after its retries. */
  readonly deadLettersAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LandingTriggerProps) {
    super(scope, id);
    const cfnBucket = props.landingBucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', secureQueueProps());
    this.queue = new sqs.Queue(
      this,
      'Uploads',
      secureQueueProps({
        // AWS's advice for Lambda sources: at least six times the function timeout.
        visibilityTimeout: Duration.seconds(props.ingestTimeout.toSeconds() * 6),
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
      }),
    );
    this.rule = new events.Rule(this, 'Uploaded', {
      description: 'A delivery was uploaded to panelpack landing',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.landingBucket.bucketName] },
          object: { key: events.Match.prefix(props.landingPrefix) },
        },
      },
      targets: [
        new targets.SqsQueue(this.queue, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    props.ingest.addEventSource(
      new sources.SqsEventSource(this.queue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 2,
      }),
    );
    this.deadLettersAlarm = new cloudwatch.Alarm(this, 'DeadLettersWaiting', {
      alarmDescription: 'panelpack: an uploaded delivery could not be loaded after retries',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
