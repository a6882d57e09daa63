import { ACCOMMODATION, ACTIVITY, ETHNICITY, IN_TOUCH } from './codes.js';
import type { ExtractSchema } from './schema.js';

/** Young people open to the care leaver service at month end (Annex A List 9, SSDA903 OC3): SPEC 3.6. */
export const careLeavers: ExtractSchema = {
  name: 'care_leavers',
  kind: 'snapshot',
  description: 'One row per young person (16-25) open to the care leaver service at month end.',
  key: ['person_id'],
  columns: [
    {
      name: 'person_id',
      type: 'string',
      required: true,
      description: 'Pseudonymous person identifier, unique within the LA and month.',
    },
    { name: 'date_of_birth', type: 'date', required: true, description: 'Date of birth.' },
    {
      name: 'gender',
      type: 'code',
      codes: ['male', 'female', 'other'],
      description: 'other = recorded as indeterminate.',
    },
    { name: 'ethnicity', type: 'code', codes: ETHNICITY, description: 'SSDA903 ETHNIC code.' },
    {
      name: 'eligibility',
      type: 'code',
      codes: ['eligible', 'relevant', 'former_relevant', 'qualifying'],
      description: 'Care leaver eligibility category.',
    },
    { name: 'team', type: 'string', description: 'Care leaver team, e.g. NW, NE, SE, SW.' },
    {
      name: 'uasc',
      type: 'boolean',
      description: 'Unaccompanied asylum-seeking child, or formerly UASC.',
    },
    {
      name: 'in_touch',
      type: 'code',
      codes: IN_TOUCH,
      description: 'SSDA903 IN_TOUCH: whether the LA is in touch.',
    },
    {
      name: 'activity',
      type: 'code',
      codes: ACTIVITY,
      description: 'SSDA903 ACTIV: F/P = EET, G4-G6 = NEET; blank when not in touch.',
    },
    {
      name: 'accommodation',
      type: 'code',
      codes: ACCOMMODATION,
      description:
        'SSDA903 ACCOM: letter + 1 (suitable) or 2 (unsuitable); blank when not in touch.',
    },
    {
      name: 'staying_put',
      type: 'boolean',
      description: 'Living with former foster carers under Staying Put.',
    },
    {
      name: 'health_passport',
      type: 'code',
      codes: ['received', 'accepted', 'declined', 'not_offered'],
      description: 'Health passport status; blank = unknown.',
    },
    { name: 'higher_education', type: 'boolean', description: 'At university.' },
    { name: 'last_contact_date', type: 'date', description: 'Latest Personal Adviser contact.' },
  ],
  rules: [
    { kind: 'age_at_month_end', column: 'date_of_birth', min: 16, max: 25 },
    { kind: 'blank_unless', column: 'activity', other: 'in_touch', values: ['YES'] },
    { kind: 'blank_unless', column: 'accommodation', other: 'in_touch', values: ['YES'] },
  ],
};
