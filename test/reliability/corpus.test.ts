/**
 * The hostile corpus in `npm test`: the quick corpus is built whole (and must hold at least 200
 * files) and a slice of it loaded, one case per kind of damage, against a real warehouse; every
 * invariant of check-load.ts must hold. `npm run reliability` loads all of it at full size.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { packageRoot } from '../../functions/core/package-root.js';
import { buildBaseline, type CaseOutcome, runCase } from './check-load.js';
import { baselineFiles, buildCorpus, quickSlice } from './corpus.js';

const corpus = buildCorpus({ full: false });
let duckdb: DuckDBInstance;
let baseline: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  duckdb = await openDuckDB({ threads: 2 });
  baseline = await buildBaseline(duckdb, baselineFiles());
});
afterAll(async () => {
  await baseline.remove();
  duckdb.closeSync();
});

test('the corpus holds at least 200 distinct malformed files across every kind of damage', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(200);
  expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
  expect(new Set(corpus.map((c) => c.category))).toEqual(
    new Set([
      'truncated',
      'wrong-delimiter',
      'encoding',
      'line-ends',
      'duplicate-key',
      'impossible-date',
      'rule',
      'wrong-code-list',
      'huge-field',
      'huge-row-count',
      'empty-lines',
      'trailing-delimiter',
      'quotes',
      'formula-injection',
      'nul-bytes',
      'header-only',
      'empty',
      'binary',
      'header',
      'random-damage',
    ]),
  );
});

describe('every file in the slice: no crash, every row accounted for, nothing lost, no live formula', () => {
  const slice = quickSlice(corpus);
  const outcomes: CaseOutcome[] = [];

  test.each(slice.map((item) => [item.id, item] as const))('%s', async (_id, item) => {
    const outcome = await runCase(item, duckdb, baseline.path);
    outcomes.push(outcome);
    expect(outcome.violations).toEqual([]);
  });

  test('the slice met every kind of outcome', () => {
    expect(slice.length).toBeGreaterThan(100);
    const statuses = new Set(outcomes.map((o) => o.status));
    expect(statuses).toEqual(new Set(['loaded', 'not_replaced', 'rejected']));
    expect(outcomes.reduce((n, o) => n + o.cellsChecked, 0)).toBeGreaterThan(500);
  });
});

test('RELIABILITY.md, written by npm run reliability, reports no crash, no loss and every fault survived', async () => {
  const report = await readFile(join(packageRoot(), 'RELIABILITY.md'), 'utf8');
  const figure = (name: string) =>
    new RegExp(`^\\| ${name}[^|]*\\| (.+) \\|$`, 'm').exec(report)?.[1];
  // The full corpus is the quick one with bigger files and more random damage.
  expect(Number(figure('malformed inputs tried')?.split(' ')[0])).toBeGreaterThan(corpus.length);
  expect(figure('crashes')).toBe('0');
  expect(figure('data lost')).toBe('0');
  expect(figure('rows not accounted for')).toBe('0');
  expect(figure('live formulas')).toMatch(/^0 /);
  const [injected, survivedCount] = figure('faults injected')!.split(' / ').map(Number);
  expect(injected).toBeGreaterThan(50);
  expect(survivedCount).toBe(injected);
});
