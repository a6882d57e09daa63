import { benchmarks } from '../extracts/index.js';
import { dayFromYmd, isoDate, type Month } from './calendar.js';
import { CsvTable, type CsvText } from './csv-table.js';
import { deriveSeed, hashInts, unitFromHash } from './hash.js';
import { floor, min, sin } from './math.js';

/**
 * Rates of care leavers aged 19-21 in touch, by area: seed 003 shows the South East at
 * 90.5-92.2% in 2021-23 (England is a little lower). Other regions get their own level so a
 * national run has a comparator for every LA; names are those of the shipped `la` table.
 */
const AREAS: readonly (readonly [string, number])[] = [
  ['England', 90.8],
  ['South East', 91.5],
  ['East Midlands', 91.2],
  ['East of England', 90.6],
  ['London', 89.4],
  ['North East', 92.4],
  ['North West', 91.0],
  ['South West', 90.2],
  ['West Midlands', 90.9],
  ['Yorkshire and the Humber', 91.6],
];

const MEASURE = 'care_leavers_in_touch_19_21';

/**
 * The benchmarks file: one row per area for each quarter end (31 March, 30 June, 30 September,
 * 31 December) from `from` to `to`. Each value is hashed from the seed, area and quarter, so a
 * quarter's figure does not depend on the range generated.
 */
export function benchmarkRows(seed: number, from: Month, to: Month): CsvText {
  const table = new CsvTable(benchmarks, ['measure', 'period_end', 'area', 'value']);
  const r = table.row;
  const sMeasure = table.slot('measure');
  const sEnd = table.slot('period_end');
  const sArea = table.slot('area');
  const sValue = table.slot('value');
  for (let index = from.index; index <= to.index; index++) {
    const month = (index % 12) + 1;
    if (month % 3 !== 0) continue;
    const year = floor(index / 12);
    const quarterEnd =
      dayFromYmd(year + (month === 12 ? 1 : 0), month === 12 ? 1 : month + 1, 1) - 1;
    for (const [area, level] of AREAS) {
      const areaSeed = deriveSeed(seed, 'benchmarks', area);
      // A slow drift shared by the quarters of a few years, plus quarter-to-quarter noise.
      const drift = sin(index / 9 + unitFromHash(areaSeed) * 6.283) * 0.8;
      const noise = (unitFromHash(hashInts(areaSeed, index)) - 0.5) * 1.2;
      r[sMeasure] = MEASURE;
      r[sEnd] = isoDate(quarterEnd);
      r[sArea] = area;
      r[sValue] = min(99.5, level + drift + noise).toFixed(1);
      table.commit();
    }
  }
  return table.take();
}
