import type { ExtractSchema } from './schema.js';

/** Section 47 enquiries started in the month (Annex A List 5): SPEC 3.4. */
export const s47Enquiries: ExtractSchema = {
  name: 's47_enquiries',
  kind: 'event',
  description:
    'One row per section 47 enquiry started in the month; a later delivery may re-send the month with icpc_date filled in.',
  key: ['s47_id'],
  columns: [
    {
      name: 's47_id',
      type: 'string',
      required: true,
      description: 'Enquiry identifier, unique within the LA.',
    },
    {
      name: 'child_id',
      type: 'string',
      required: true,
      description: 'Pseudonymous child identifier.',
    },
    {
      name: 'referral_id',
      type: 'string',
      description: 'The referral the enquiry came from, when known.',
    },
    {
      name: 'strategy_discussion_date',
      type: 'date',
      required: true,
      description: 'Date of the strategy discussion that started the enquiry.',
    },
    {
      name: 'icpc_date',
      type: 'date',
      description: 'Date of the initial child protection conference, if one was held.',
    },
    {
      name: 'icpc_not_required',
      type: 'boolean',
      description: 'True when the enquiry concluded that no ICPC was needed.',
    },
  ],
  rules: [
    { kind: 'in_delivery_month', column: 'strategy_discussion_date' },
    { kind: 'not_before', column: 'icpc_date', other: 'strategy_discussion_date' },
  ],
};
