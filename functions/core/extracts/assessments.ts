import type { ExtractSchema } from './schema.js';

/** Child and Family assessments authorised in the month (Annex A List 4): SPEC 3.3. */
export const assessments: ExtractSchema = {
  name: 'assessments',
  kind: 'event',
  description: 'One row per Child and Family assessment authorised (completed) in the month.',
  key: ['assessment_id'],
  columns: [
    {
      name: 'assessment_id',
      type: 'string',
      required: true,
      description: 'Assessment identifier, unique within the LA.',
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
      description: 'The referral the assessment came from, when known.',
    },
    {
      name: 'start_date',
      type: 'date',
      required: true,
      description: 'Date the assessment started.',
    },
    {
      name: 'authorised_date',
      type: 'date',
      required: true,
      description: 'Date the assessment was authorised (completed).',
    },
    {
      name: 'outcome',
      type: 'code',
      codes: ['support', 'nfa'],
      description: 'support = assessed as needing children’s social care support; nfa = not.',
    },
  ],
  rules: [
    { kind: 'in_delivery_month', column: 'authorised_date' },
    { kind: 'not_before', column: 'authorised_date', other: 'start_date' },
  ],
};
