import type { ExtractSchema } from './schema.js';

/** Fostering households registered at any time in the month: SPEC 3.5. */
export const fosterHouseholds: ExtractSchema = {
  name: 'foster_households',
  kind: 'snapshot',
  description: 'One row per fostering household registered at any time in the month.',
  key: ['household_id'],
  columns: [
    {
      name: 'household_id',
      type: 'string',
      required: true,
      description: 'Household identifier, unique within the LA and month.',
    },
    {
      name: 'carer_type',
      type: 'code',
      required: true,
      codes: ['mainstream', 'connected', 'short_breaks'],
      description:
        'mainstream = "County" carers; connected = family and friends; short_breaks = specialist respite.',
    },
    {
      name: 'approval_date',
      type: 'date',
      required: true,
      description: 'Date the household was approved.',
    },
    {
      name: 'deregistration_date',
      type: 'date',
      description: 'Date the household was de-registered, if it was.',
    },
    {
      name: 'deregistration_reason',
      type: 'code',
      codes: [
        'moved_area',
        'personal_circumstances',
        'retirement',
        'dissatisfaction',
        'permanence_order',
        'standards_of_care',
        'other',
      ],
      description: 'Why the household was de-registered.',
    },
    {
      name: 'last_review_date',
      type: 'date',
      description: 'Latest annual household review (at most a year apart).',
    },
    {
      name: 'last_supervision_date',
      type: 'date',
      description: 'Latest supervision visit (Hampshire minimum: every six weeks).',
    },
    {
      name: 'last_unannounced_visit_date',
      type: 'date',
      description: 'Latest unannounced visit (at least one a year).',
    },
    {
      name: 'approved_places',
      type: 'integer',
      min: 0,
      description: 'Number of children the household is approved for.',
    },
    {
      name: 'children_placed',
      type: 'integer',
      min: 0,
      description: 'Number of children placed at month end.',
    },
    {
      name: 'hive',
      type: 'string',
      description: 'Name of the Hive (support network) the household belongs to.',
    },
  ],
  rules: [
    { kind: 'not_after_month_end', column: 'approval_date' },
    { kind: 'not_before', column: 'deregistration_date', other: 'approval_date' },
    { kind: 'required_when', column: 'deregistration_reason', when: 'deregistration_date' },
  ],
};
