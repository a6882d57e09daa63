import type { SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import type { Logger } from '../core/logger.js';

/** The parts of an SQS event a batch handler uses. */
export const sqsEvent = z.object({
  Records: z.array(z.object({ messageId: z.string().min(1), body: z.string() })).min(1),
});

/**
 * Runs `work` on each record's parsed body, one at a time, and reports the records that
 * failed so SQS retries only those (ReportBatchItemFailures); after its retries a record goes
 * to the dead-letter queue. A body that does not parse fails too, so it ends up there for
 * someone to look at rather than vanishing.
 */
export async function processSqsBatch<T>(
  records: z.infer<typeof sqsEvent>['Records'],
  body: z.ZodType<T>,
  work: (message: T) => Promise<void>,
  logger: Logger,
): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    try {
      await work(body.parse(JSON.parse(record.body)));
    } catch (error) {
      const { name, message } = error as Error;
      logger.error('message not processed', { messageId: record.messageId, error: name, message });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
