import { ENV } from '../core/config.js';
import { jsonLogger } from '../core/logger.js';
import { readLambdaSettings, required } from '../lambda-shared/lambda-settings.js';
import { withWorkspace } from '../lambda-shared/lambda-workspace.js';
import {
  loadLandingMonth,
  loadLandingObject,
  objectCreatedEvent,
  openLanding,
} from '../lambda-shared/landing-loads.js';
import { monthlyRequest } from '../lambda-shared/month.js';
import { processSqsBatch, sqsEvent } from '../lambda-shared/sqs-batch.js';

/**
 * Ingest. From SQS (uploads to landing, via EventBridge): loads each uploaded delivery and
 * reports the ones that failed for retry. From the monthly job (`{month}` or
 * `{scheduledTime}`): loads every delivery of the month and returns the counts.
 */
export const handler = async (event: unknown) => {
  const logger = jsonLogger();
  const settings = readLambdaSettings();
  const landing = openLanding(required(settings.landing, ENV.landing), settings.core);
  const uploads = sqsEvent.safeParse(event);
  return withWorkspace(settings.core, logger, async (workspace) => {
    if (uploads.success) {
      return processSqsBatch(
        uploads.data.Records,
        objectCreatedEvent,
        async ({ detail }) => {
          await loadLandingObject(landing, workspace, {
            bucket: detail.bucket.name,
            key: detail.object.key,
          });
        },
        logger,
      );
    }
    return loadLandingMonth(landing, workspace, monthlyRequest.parse(event));
  });
};
