/** Month arithmetic on the report tables' first-of-month dates ('YYYY-MM-DD'). */

/** The first day of the month `offset` months from `month` ('2019-11-01', -12 -> '2018-11-01'). */
export function addMonths(month: string, offset: number): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + offset;
  const d = new Date(Date.UTC(year, m, 1));
  return d.toISOString().slice(0, 10);
}

/** '2019-11-01' -> 2019. */
export const yearOf = (month: string): number => Number(month.slice(0, 4));

/** The last day of a financial year '2020-21' as a first-of-month date of March: '2021-03-01'. */
export function financialYearLastMonth(financialYear: string): string {
  return `${Number(financialYear.slice(0, 4)) + 1}-03-01`;
}

/** The financial year before '2020-21': '2019-20'. */
export function previousFinancialYear(financialYear: string): string {
  const start = Number(financialYear.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
