import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { ENV, type Settings } from './config.js';
import type { AthenaEngine } from './engine/athena-engine.js';
import { DuckDBEngine } from './engine/duckdb-engine.js';
import { openDuckDB } from './engine/duckdb-instance.js';
import type { QueryEngine } from './engine/query-engine.js';
import { ALL_EXTRACTS } from './extracts/index.js';
import type { LoadContext } from './load/load-file.js';
import type { Logger } from './logger.js';
import { packagePath } from './package-root.js';
import { createReferenceTables } from './reference/index.js';
import { mirrorToLocal } from './store/mirror.js';
import type { ObjectStore } from './store/object-store.js';
import { openStore } from './store/open-store.js';
import { REPORT_TABLES_ROOT } from './tables/build-report-tables.js';

/**
 * The assembled core for one warehouse: its store, one DuckDB instance, and (on demand) a query
 * engine over a local view of the warehouse. The CLI and the Lambdas build one of these; tests
 * build the parts they need directly.
 */
export class Workspace {
  private engine: DuckDBEngine | undefined;

  private constructor(
    readonly settings: Settings,
    readonly store: ObjectStore,
    readonly duckdb: DuckDBInstance,
    readonly logger: Logger,
  ) {}

  static async open(settings: Settings, logger: Logger): Promise<Workspace> {
    const store = openStore(settings.warehouse, {
      ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint } : {}),
      ...(settings.region ? { region: settings.region } : {}),
    });
    const duckdb = await openDuckDB({
      ...(settings.duckdbThreads ? { threads: settings.duckdbThreads } : {}),
      ...(settings.duckdbMemory ? { memoryLimit: settings.duckdbMemory } : {}),
      ...(process.env.HOME
        ? {}
        : {
            homeDirectory: settings.cacheDir,
            tempDirectory: join(settings.cacheDir, 'duckdb-tmp'),
          }),
    });
    return new Workspace(settings, store, duckdb, logger);
  }

  /**
   * What `loadFile` needs, with the LA list as the set of known LA codes. On S3 the cross-month
   * key check reads the LA's other months from the same cache the DuckDB engine mirrors into,
   * so each load downloads only the months that changed since the last one.
   */
  async loadContext(): Promise<LoadContext> {
    return {
      store: this.store,
      duckdb: this.duckdb,
      logger: this.logger,
      knownLaCodes: await knownLaCodes(),
      cacheDir: this.mirrorDir(),
    };
  }

  /** Where an S3 warehouse is mirrored for DuckDB: one folder per warehouse location. */
  private mirrorDir(): string {
    return join(this.settings.cacheDir, 'mirror', hash(this.store.location));
  }

  /**
   * A DuckDB engine over the warehouse as it is now. For S3 the warehouse and report tables are
   * first mirrored into the cache folder, downloading only what changed.
   */
  async duckdbEngine(): Promise<DuckDBEngine> {
    const prefixes = [...ALL_EXTRACTS.map((e) => `${e.name}/`), `${REPORT_TABLES_ROOT}/`];
    const warehouseDir = await mirrorToLocal(this.store, prefixes, this.mirrorDir());
    if (this.engine) {
      await this.engine.refresh();
      return this.engine;
    }
    this.engine = await DuckDBEngine.open({
      duckdb: this.duckdb,
      warehouseDir,
      store: this.store,
      setup: (connection) => createReferenceTables(connection),
    });
    return this.engine;
  }

  /**
   * An Athena engine over the same warehouse (which must then be in S3), in the workgroup and
   * Glue database the settings name. The Athena SDK is imported here, on demand: most commands
   * never use it and it costs a noticeable share of the CLI's start-up.
   */
  async athenaEngine(): Promise<AthenaEngine> {
    const { athenaWorkgroup, athenaDatabase, athenaCatalog, region } = this.settings;
    if (!athenaWorkgroup || !athenaDatabase) {
      throw new Error(
        `--engine athena needs ${ENV.athenaWorkgroup} and ${ENV.athenaDatabase} (the workgroup and Glue database of the deployment)`,
      );
    }
    if (!this.store.location.startsWith('s3://')) {
      throw new Error(`--engine athena needs the warehouse in S3; it is ${this.store.location}`);
    }
    const [{ AthenaClient }, { AthenaEngine }] = await Promise.all([
      import('@aws-sdk/client-athena'),
      import('./engine/athena-engine.js'),
    ]);
    return new AthenaEngine({
      client: new AthenaClient(region ? { region } : {}),
      ownsClient: true,
      workgroup: athenaWorkgroup,
      database: athenaDatabase,
      ...(athenaCatalog ? { catalog: athenaCatalog } : {}),
      warehouseStore: this.store,
      warehouseS3Uri: this.store.location,
    });
  }

  /** The engine a command's `--engine` flag names. */
  async engineNamed(name: 'duckdb' | 'athena'): Promise<QueryEngine> {
    return name === 'athena' ? this.athenaEngine() : this.duckdbEngine();
  }

  async close(): Promise<void> {
    await this.engine?.close();
    this.duckdb.closeSync();
  }
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

let laCodes: Set<string> | undefined;

/** The LA codes of the shipped LA list (`sql/reference/la.csv`). */
export async function knownLaCodes(): Promise<Set<string>> {
  if (!laCodes) {
    const text = await readFile(packagePath('sql', 'reference', 'la.csv'), 'utf8');
    laCodes = new Set(
      text
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(',')[0]!.trim())
        .filter((code) => /^\d{3}$/.test(code)),
    );
  }
  return laCodes;
}
