export type { BankHoliday } from './bank-holiday-rules.js';
export {
  BANK_HOLIDAY_YEARS,
  bankHolidaysCsv,
  englandWalesBankHolidays,
} from './bank-holiday-rules.js';
export type { CalendarRow } from './calendar.js';
export { buildCalendar } from './calendar.js';
export { createReferenceTables } from './create-reference-tables.js';
export type { ReferenceDataOptions } from './load-reference-table.js';
export type {
  ReferenceColumn,
  ReferenceColumnType,
  ReferenceTable,
  ReferenceTableName,
} from './reference-tables.js';
export { REFERENCE_TABLES } from './reference-tables.js';
export { writeReferenceParquet } from './write-reference-parquet.js';
