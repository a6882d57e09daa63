import { REFERRAL_SOURCES } from './codes.js';
import type { ExtractSchema } from './schema.js';

/** MASH referrals (Annex A List 3): SPEC 3.2. */
export const referrals: ExtractSchema = {
  name: 'referrals',
  kind: 'event',
  description: 'One row per referral to the Multi Agency Safeguarding Hub in the month.',
  key: ['referral_id'],
  columns: [
    {
      name: 'referral_id',
      type: 'string',
      required: true,
      description: 'Referral identifier, unique within the LA.',
    },
    {
      name: 'child_id',
      type: 'string',
      required: true,
      description: 'Pseudonymous child identifier.',
    },
    {
      name: 'contact_id',
      type: 'string',
      description: 'The contact that led to the referral, when known.',
    },
    { name: 'referral_date', type: 'date', required: true, description: 'Date of the referral.' },
    {
      name: 'source',
      type: 'code',
      codes: REFERRAL_SOURCES,
      description: 'CIN census referral source code; blank = not recorded.',
    },
    {
      name: 'priority',
      type: 'code',
      codes: ['cp', 'cin'],
      description:
        'cp = child protection (2-4 hour response); cin = child in need (2 working days).',
    },
    {
      name: 'outcome',
      type: 'code',
      codes: ['closed', 'assessment', 'other'],
      description:
        'closed = NFA in MASH with advice; assessment = progressed to C&F assessment; other = e.g. early help.',
    },
    { name: 'decision_at', type: 'datetime', description: 'MASH decision time.' },
  ],
  rules: [
    { kind: 'in_delivery_month', column: 'referral_date' },
    { kind: 'not_before', column: 'decision_at', other: 'referral_date' },
  ],
};
