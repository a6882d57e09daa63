import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Secure props for a queue: TLS-only access and SQS-managed encryption at rest. Messages carry
 * object keys and event metadata, never records; SSE-SQS keeps them encrypted without a key
 * policy that every AWS service sending to the queue would need.
 */
export function secureQueueProps(
  overrides: Pick<sqs.QueueProps, 'visibilityTimeout' | 'deadLetterQueue'> = {},
): sqs.QueueProps {
  return {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    ...overrides,
  };
}
