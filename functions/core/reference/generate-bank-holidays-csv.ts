/**
 * Writes `sql/reference/bank_holidays.csv` from the rules in `bank-holiday-rules.ts`. Run it after
 * changing the rules (e.g. a new proclamation): `npx tsx functions/core/reference/generate-bank-holidays-csv.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { packagePath } from '../package-root.js';
import {
  BANK_HOLIDAY_YEARS,
  bankHolidaysCsv,
  englandWalesBankHolidays,
} from './bank-holiday-rules.js';

const target = packagePath('sql', 'reference', 'bank_holidays.csv');
const holidays = englandWalesBankHolidays(BANK_HOLIDAY_YEARS.from, BANK_HOLIDAY_YEARS.to);
await writeFile(target, bankHolidaysCsv(holidays), 'utf8');
console.log(`wrote ${holidays.length} bank holidays to ${target}`);
