import type { ExtractSchema } from './schema.js';

/**
 * Comparator figures maintained by analysts (SPEC 3.7), e.g. the South East rate of care leavers
 * aged 19-21 in touch. Files are named `benchmarks*.csv`; a row replaces any loaded row with the
 * same measure, period_end and area.
 */
export const benchmarks: ExtractSchema = {
  name: 'benchmarks',
  kind: 'reference',
  description: 'Comparator figures (regional and national rates) maintained by analysts.',
  key: ['measure', 'period_end', 'area'],
  columns: [
    {
      name: 'measure',
      type: 'string',
      required: true,
      description: 'Measure name, e.g. care_leavers_in_touch_19_21.',
    },
    {
      name: 'period_end',
      type: 'date',
      required: true,
      description: 'Last day of the period the figure describes.',
    },
    {
      name: 'area',
      type: 'string',
      required: true,
      description: 'Area the figure describes, e.g. South East or England.',
    },
    {
      name: 'value',
      type: 'number',
      required: true,
      description: 'The figure; rates in percent units (0-100).',
    },
  ],
  rules: [],
};
