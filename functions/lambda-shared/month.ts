import { z } from 'zod';

/** A calendar month, `YYYY-MM`. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

/**
 * The month before the one `instant` falls in, in Europe/London (the councils' calendar): a
 * schedule firing on 5 March reports on February.
 */
export function previousMonth(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(instant);
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * What starts a monthly step: `{ month }` (a run by hand, or the steps after loading) or
 * `{ scheduledTime }` from EventBridge Scheduler, which means the month before it.
 */
export const monthlyRequest = z
  .union([
    z.object({ month: monthSchema }),
    z.object({ scheduledTime: z.iso.datetime({ offset: true }) }),
  ])
  .transform((request) =>
    'month' in request ? request.month : previousMonth(new Date(request.scheduledTime)),
  );
