import { assessments } from './assessments.js';
import { benchmarks } from './benchmarks.js';
import { careLeavers } from './care-leavers.js';
import { contacts } from './contacts.js';
import { fosterHouseholds } from './foster-households.js';
import { referrals } from './referrals.js';
import { s47Enquiries } from './s47-enquiries.js';
import type { ExtractSchema } from './schema.js';

export { annexAMapping } from './annex-a-mapping.js';
export type { AnnexAColumn, AnnexAList, AnnexAMapping } from './annex-a-types.js';
export * from './codes.js';
export { WAREHOUSE_TYPE } from './column-types.js';
export type { ColumnSpec, ColumnType, ExtractKind, ExtractSchema, RowRule } from './schema.js';
export { RULE_TEXT } from './schema.js';

/** The six LA extracts of SPEC section 3, partitioned by la_code and month. */
export const LA_EXTRACTS: readonly ExtractSchema[] = [
  contacts,
  referrals,
  assessments,
  s47Enquiries,
  fosterHouseholds,
  careLeavers,
];

/** Every loadable schema: the LA extracts plus analyst-maintained reference data. */
export const ALL_EXTRACTS: readonly ExtractSchema[] = [...LA_EXTRACTS, benchmarks];

/** Looks a schema up by its table name; undefined when there is none. */
export function extractByName(name: string): ExtractSchema | undefined {
  return ALL_EXTRACTS.find((schema) => schema.name === name);
}

export {
  assessments,
  benchmarks,
  careLeavers,
  contacts,
  fosterHouseholds,
  referrals,
  s47Enquiries,
};
