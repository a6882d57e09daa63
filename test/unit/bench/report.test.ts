import type { NationalFigures } from '../../bench/national-bench.js';
import { type BenchResults, benchmarksMarkdown, recordedNational } from '../../bench/report.js';
import { pairedRatios, summarise } from '../../bench/stats.js';
import type { TablesFigures } from '../../bench/tables-bench.js';
import type { ChildRun } from '../../bench/timing.js';

const machine = {
  cpu: 'Test CPU',
  cores: 2,
  memoryBytes: 24 * 1024 ** 3,
  os: 'Linux test',
  node: 'v20.0.0',
  duckdb: 'DuckDB v1',
  chromium: 'Chrome 143',
  loadAverage: [0.5, 0.7],
};

const child = (wallMs: number): ChildRun => ({
  code: 0,
  wallMs,
  cpuMs: wallMs,
  maxRssBytes: 512 * 1024 ** 2,
  childrenCpuMs: 0,
  stdout: 'every row of output',
  stderr: 'progress lines',
  stderrLines: [{ ms: 1, text: 'progress lines' }],
});

const national: NationalFigures = {
  measuredOn: '2026-11-22',
  laCount: 150,
  from: '2015-01',
  to: '2024-12',
  workers: 2,
  rows: { contacts: 51_409_906, referrals: 17_000_000 },
  files: 108_002,
  csvBytes: 6 * 1024 ** 3,
  warehouseBytes: 1024 ** 3,
  generateMs: 104_000,
  loadMs: 2_700_000,
  loadCpuMs: 5_000_000,
  loadMaxRss: 400 * 1024 ** 2,
  tables: child(600_000),
  tablesOneLa: child(1_500),
};

const tables = (medianMs: number): TablesFigures => ({
  laCode: '850',
  asOf: '2024-12',
  tables: 11,
  wallMs: summarise([medianMs - 100, medianMs, medianMs + 100]),
  cpuMs: summarise([medianMs * 2]),
  cliMs: summarise([medianMs + 1000]),
  cliMaxRss: summarise([400 * 1024 ** 2]),
});

const results = (extra: Partial<BenchResults>): BenchResults => ({
  started: new Date('2026-11-22T10:00:00Z'),
  runs: 5,
  machine,
  ...extra,
});

describe('benchmark statistics', () => {
  test('median of an odd and an even number of runs, with the range', () => {
    expect(summarise([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(summarise([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, runs: 4 });
    expect(() => summarise([])).toThrow('no samples');
  });

  test('ratios pair run i with run i, not medians with medians', () => {
    expect(pairedRatios([2, 9], [4, 3])).toEqual([0.5, 3]);
  });
});

describe('BENCHMARKS.md', () => {
  test('a target that holds says yes, one that does not says no in bold', () => {
    expect(benchmarksMarkdown(results({ tables: tables(1320) }))).toMatch(
      /\| all report tables, 10 years of Hampshire < 2 s \| 1\.32 s for 11 tables[^|]*\| yes \|/,
    );
    expect(benchmarksMarkdown(results({ tables: tables(2500) }))).toMatch(
      /\| all report tables, 10 years of Hampshire < 2 s \| 2\.50 s[^|]*\| \*\*no\*\* \|/,
    );
  });

  test('states the machine and how many runs each median is of', () => {
    const text = benchmarksMarkdown(results({ tables: tables(1000) }));
    expect(text).toContain('median of 5 runs');
    expect(text).toContain('Test CPU, 2 cores');
    expect(text).toContain('Node v20.0.0');
  });

  test('national figures survive a later run that does not repeat them, without process output', () => {
    const first = benchmarksMarkdown(results({ national }));
    const kept = recordedNational(first);
    expect(kept).toMatchObject({ laCount: 150, files: 108_002, loadMs: 2_700_000 });
    expect(kept?.tables.stdout).toBe('');
    expect(kept?.tables.stderrLines).toEqual([]);
    const later = benchmarksMarkdown(results({ national: kept!, nationalFromEarlierRun: true }));
    expect(later).toContain('(run of 2026-11-22)');
    expect(recordedNational(later)).toEqual(kept);
    expect(recordedNational('# Benchmarks\n\nnothing recorded')).toBeUndefined();
  });

  test('without a national run it says how to make one', () => {
    expect(benchmarksMarkdown(results({}))).toContain('npm run bench -- --national');
  });
});
