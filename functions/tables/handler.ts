import { z } from 'zod';
import { jsonLogger } from '../core/logger.js';
import { readLambdaSettings } from '../lambda-shared/lambda-settings.js';
import { withWorkspace } from '../lambda-shared/lambda-workspace.js';
import { monthSchema } from '../lambda-shared/month.js';
import { buildMonthTables } from '../lambda-shared/month-tables.js';

/** The monthly job's tables step: which month, and optionally which LAs (default: all with data). */
const tablesRequest = z.object({
  month: monthSchema,
  laCodes: z
    .array(z.string().regex(/^\d{3}$/))
    .min(1)
    .optional(),
});

/** Tables: builds every report table as at the month, on the engine the deployment chose. */
export const handler = async (event: unknown) => {
  const { month, laCodes } = tablesRequest.parse(event);
  const settings = readLambdaSettings();
  return withWorkspace(settings.core, jsonLogger(), (workspace) =>
    buildMonthTables(workspace, settings, month, laCodes),
  );
};
