export {
  ANNUAL_SAFEGUARDING_TABLES,
  type AnnualSafeguardingModel,
  annualSafeguardingModel,
} from './annual-safeguarding.js';
export {
  CARE_LEAVERS_TABLES,
  type CareLeaversModel,
  careLeaversModel,
  careLeaversReportYear,
} from './care-leavers-annual.js';
export { CRT_MASH_TABLES, type CrtMashModel, crtMashModel } from './crt-mash-update.js';
export { FOSTERING_TABLES, type FosteringModel, fosteringModel } from './fostering-update.js';
