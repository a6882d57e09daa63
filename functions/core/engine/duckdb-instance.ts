import { DuckDBInstance } from '@duckdb/node-api';

/** How much of the machine DuckDB may use. */
export interface DuckDBSettings {
  /** Worker threads; default: DuckDB's own (all cores). */
  readonly threads?: number;
  /** e.g. '2GB'; default: DuckDB's own (80% of RAM). */
  readonly memoryLimit?: string;
  /** Spill folder; required where HOME is unset (Lambda: under /tmp). */
  readonly tempDirectory?: string;
  /** Extension and secret home; required where HOME is unset (Lambda: under /tmp). */
  readonly homeDirectory?: string;
}

/** An in-memory DuckDB configured from `settings`; nothing is ever downloaded at run time. */
export async function openDuckDB(settings: DuckDBSettings = {}): Promise<DuckDBInstance> {
  const options: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'true',
  };
  if (settings.threads) options.threads = String(settings.threads);
  if (settings.memoryLimit) options.memory_limit = settings.memoryLimit;
  if (settings.tempDirectory) options.temp_directory = settings.tempDirectory;
  if (settings.homeDirectory) options.home_directory = settings.homeDirectory;
  return DuckDBInstance.create(':memory:', options);
}
