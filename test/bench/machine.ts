import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { packagePath } from '../../functions/core/package-root.js';
import { launchChrome } from '../../functions/core/reports/index.js';

/** What the figures were measured on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  readonly duckdb: string;
  readonly chromium: string;
  /** 1-minute load average when the benchmarks started and ended: other work on the machine. */
  readonly loadAverage: readonly number[];
}

async function packageVersion(name: string): Promise<string> {
  const text = await readFile(
    packagePath('node_modules', ...name.split('/'), 'package.json'),
    'utf8',
  );
  return (JSON.parse(text) as { version: string }).version;
}

/** Reads the machine, the runtime and the versions of DuckDB and Chromium panelpack uses. */
export async function readMachine(): Promise<Machine> {
  const duckdb = await openDuckDB();
  const connection = await duckdb.connect();
  const version = String(
    (await connection.runAndReadAll('SELECT version()')).getRows()[0]?.[0] ?? '?',
  );
  connection.closeSync();
  duckdb.closeSync();
  const browser = await launchChrome();
  const chrome = await browser.version();
  await browser.close();
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    duckdb: `DuckDB ${version} (@duckdb/node-api ${await packageVersion('@duckdb/node-api')})`,
    chromium: `${chrome} (@sparticuz/chromium ${await packageVersion('@sparticuz/chromium')})`,
    loadAverage: [loadavg()[0]!],
  };
}
