import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { buildDataDictionary } from '../../functions/core/dictionary/index.js';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { createReferenceTables } from '../../functions/core/reference/index.js';
import { listReports, REPORTS_ROOT } from '../../functions/core/reports/report-downloads.js';
import {
  clerksPageAssets,
  dictionaryPage,
  LOCAL_API_BASE,
  startReportsServer,
} from '../../functions/core/serve/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import type { Terminal } from '../terminal.js';
import { UserError } from '../terminal.js';

export interface ServeFlags {
  /** The folder `panelpack demo`, `render` and `run` wrote to (their `--out`). */
  readonly reports: string;
  readonly port: number;
  readonly host: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Council names by LA code, from the shipped LA list, for the page's headings. */
async function councilNames(duckdb: DuckDBInstance): Promise<Record<string, string>> {
  const connection = await duckdb.connect();
  try {
    await createReferenceTables(connection);
    const reader = await connection.runAndReadAll('SELECT la_code, name FROM la');
    return Object.fromEntries(reader.getRows().map(([code, name]) => [String(code), String(name)]));
  } finally {
    connection.closeSync();
  }
}

/** Resolves when the process is asked to stop (Ctrl-C, or a service manager's SIGTERM). */
const stopRequested = () =>
  new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });

/**
 * `panelpack serve`: the clerks' page over the papers in a local output folder, until
 * stopped. The page's API is the AWS reports API's own listing over the same folder layout,
 * so what a clerk sees here is what the deployment shows.
 */
export async function serveCommand(
  flags: ServeFlags,
  terminal: Terminal,
  stopped: Promise<void> = stopRequested(),
): Promise<number> {
  if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535) {
    throw new UserError(`--port ${flags.port}: expected a port number from 0 to 65535`);
  }
  const folder = resolve(flags.reports);
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UserError(
      `--reports ${flags.reports}: no such folder. Render the reports first (npm start, or panelpack run --month YYYY-MM), or name the folder they were written to.`,
    );
  }
  const duckdb = await openDuckDB({ threads: 1 });
  try {
    const store = new LocalStore(folder);
    const server = await startReportsServer({
      reportsRoot: join(folder, REPORTS_ROOT),
      listReports: () => listReports(store),
      assets: await clerksPageAssets(),
      config: {
        apiBase: LOCAL_API_BASE,
        auth: null,
        councils: await councilNames(duckdb),
        dictionaryUrl: 'data-dictionary.html',
      },
      dictionaryPage: async () => dictionaryPage(await buildDataDictionary(duckdb)),
      host: flags.host,
      port: flags.port,
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        throw new UserError(`port ${flags.port} is in use: choose another with --port`);
      }
      throw error;
    });
    const papers = (await listReports(store)).length;
    terminal.out(`The clerks' page is at ${server.url}`);
    terminal.err(
      `Serving ${papers} paper(s) from ${join(folder, REPORTS_ROOT)} and the data dictionary. Ctrl-C stops.`,
    );
    if (!LOOPBACK.has(flags.host)) {
      terminal.err(
        `Warning: listening on ${flags.host} without sign-in: anyone who can reach this machine can download the papers.`,
      );
    }
    await stopped;
    await server.close();
    return 0;
  } finally {
    duckdb.closeSync();
  }
}
