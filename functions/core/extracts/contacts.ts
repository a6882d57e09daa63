import { REFERRAL_SOURCES } from './codes.js';
import type { ExtractSchema } from './schema.js';

/** CRT contacts (Annex A List 1 plus local outcome fields): SPEC 3.1. */
export const contacts: ExtractSchema = {
  name: 'contacts',
  kind: 'event',
  description: 'One row per contact received by the Children’s Reception Team in the month.',
  key: ['contact_id'],
  columns: [
    {
      name: 'contact_id',
      type: 'string',
      required: true,
      description: 'Contact identifier, unique within the LA.',
    },
    {
      name: 'child_id',
      type: 'string',
      required: true,
      description: 'Pseudonymous child identifier.',
    },
    {
      name: 'contact_date',
      type: 'date',
      required: true,
      description: 'Date the contact was received.',
    },
    {
      name: 'source',
      type: 'code',
      codes: REFERRAL_SOURCES,
      description: 'CIN census referral source code; blank = not recorded.',
    },
    {
      name: 'case_status',
      type: 'code',
      codes: ['open', 'new'],
      description: 'open = the child already had an open case; new = not.',
    },
    {
      name: 'outcome',
      type: 'code',
      codes: ['closed', 'referral', 'other'],
      description:
        'closed = NFA or advice; referral = progressed to MASH; other = signposted, early help, information only.',
    },
    {
      name: 'gender',
      type: 'code',
      codes: ['male', 'female', 'other', 'unknown'],
      description: 'Gender of the child.',
    },
    {
      name: 'date_of_birth',
      type: 'date',
      description: 'Date of birth; a date after contact_date marks an unborn child.',
    },
  ],
  rules: [{ kind: 'in_delivery_month', column: 'contact_date' }],
};
