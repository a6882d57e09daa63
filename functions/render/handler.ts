import { z } from 'zod';
import { monthSchema } from '../lambda-shared/month.js';

/** The monthly job's render step. */
const renderRequest = z.object({ month: monthSchema });

/**
 * Render: renders the month's reports and agenda packs into the reports bucket.
 * Placeholder until the reports core (functions/core/reports) exposes its rendering API.
 */
export const handler = async (event: unknown) => {
  const { month } = renderRequest.parse(event);
  throw new Error(`render for ${month}: the reports core has no rendering entry point yet`);
};
