import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every setting panelpack reads from its environment, read here only (STYLE principle 3).
 * The CDK stacks write the Lambdas' environment under these same names.
 */
export const ENV = {
  warehouse: 'PANELPACK_WAREHOUSE',
  s3Endpoint: 'PANELPACK_S3_ENDPOINT',
  region: 'AWS_REGION',
  cacheDir: 'PANELPACK_CACHE_DIR',
  duckdbThreads: 'PANELPACK_DUCKDB_THREADS',
  duckdbMemory: 'PANELPACK_DUCKDB_MEMORY',
  athenaWorkgroup: 'PANELPACK_ATHENA_WORKGROUP',
  athenaDatabase: 'PANELPACK_ATHENA_DATABASE',
  athenaCatalog: 'PANELPACK_ATHENA_CATALOG',
  /** Where deliveries arrive, `s3://bucket[/prefix]` (the AWS ingest and monthly load). */
  landing: 'PANELPACK_LANDING',
  /** Where rendered reports are published, a folder or `s3://bucket[/prefix]`. */
  reports: 'PANELPACK_REPORTS',
  /** `duckdb` (default) or `athena`: which engine builds the report tables in AWS. */
  engine: 'PANELPACK_ENGINE',
  /** Lifetime of the reports API's presigned download URLs, in seconds (at most 900). */
  downloadUrlSeconds: 'PANELPACK_DOWNLOAD_URL_SECONDS',
  /** Overrides the folder holding package.json, sql/ and templates/ (see package-root.ts). */
  home: 'PANELPACK_HOME',
} as const;

export interface Settings {
  /** Folder or `s3://bucket/prefix`. */
  readonly warehouse: string;
  readonly s3Endpoint: string | undefined;
  readonly region: string | undefined;
  /** Where S3 partitions are mirrored for DuckDB. */
  readonly cacheDir: string;
  readonly duckdbThreads: number | undefined;
  readonly duckdbMemory: string | undefined;
  readonly athenaWorkgroup: string | undefined;
  readonly athenaDatabase: string | undefined;
  readonly athenaCatalog: string | undefined;
}

/** A setting is present but unusable; the message names it. */
export class SettingError extends Error {
  constructor(name: string, value: string, expected: string) {
    super(`setting ${name}="${value}" is not usable: expected ${expected}`);
    this.name = 'SettingError';
  }
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new SettingError(name, value, 'a whole number above 0');
  return Number(value);
}

/**
 * Reads the settings, with `overrides` (command-line flags) winning over the environment.
 * @throws SettingError naming the first setting that is present but malformed.
 */
export function readSettings(
  overrides: Partial<Settings> = {},
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  const text = (name: string) => (env[name] === '' ? undefined : env[name]);
  const memory = text(ENV.duckdbMemory);
  if (memory && !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) {
    throw new SettingError(ENV.duckdbMemory, memory, 'a size such as 2GB');
  }
  const endpoint = text(ENV.s3Endpoint);
  if (endpoint && !/^https?:\/\/[^\s]+$/.test(endpoint)) {
    throw new SettingError(ENV.s3Endpoint, endpoint, 'an http(s) URL');
  }
  // Lambda has no HOME; its only writable folder is /tmp.
  const home = env.HOME ? homedir() : tmpdir();
  return {
    warehouse: text(ENV.warehouse) ?? './warehouse',
    s3Endpoint: endpoint,
    region: text(ENV.region) ?? text('AWS_DEFAULT_REGION'),
    cacheDir: text(ENV.cacheDir) ?? join(home, '.cache', 'panelpack'),
    duckdbThreads: positiveInteger(env, ENV.duckdbThreads),
    duckdbMemory: memory,
    athenaWorkgroup: text(ENV.athenaWorkgroup),
    athenaDatabase: text(ENV.athenaDatabase),
    athenaCatalog: text(ENV.athenaCatalog),
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
}
