import { z } from 'zod';
import { ENV } from '../core/config.js';
import { jsonLogger } from '../core/logger.js';
import { withBrowser } from '../core/reports/index.js';
import { renderMonth } from '../core/reports/render-month.js';
import { readLambdaSettings, required } from '../lambda-shared/lambda-settings.js';
import { withWorkspace } from '../lambda-shared/lambda-workspace.js';
import { monthSchema } from '../lambda-shared/month.js';
import { openLocation } from '../lambda-shared/open-location.js';

/** The monthly job's render step. */
const renderRequest = z.object({ month: monthSchema });

/**
 * Render: every report and agenda pack for the month, printed by @sparticuz/chromium from the
 * report tables, into the reports bucket.
 */
export const handler = async (event: unknown) => {
  const { month } = renderRequest.parse(event);
  const settings = readLambdaSettings();
  const logger = jsonLogger();
  const output = openLocation(required(settings.reports, ENV.reports), settings.core);
  return withWorkspace(settings.core, logger, async (workspace) => {
    const engine = await workspace.duckdbEngine();
    return withBrowser((browser) => renderMonth({ engine, output, month, browser, logger }), {
      lambda: settings.inLambda,
    });
  });
};
