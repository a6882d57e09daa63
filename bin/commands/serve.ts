import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { buildDataDictionary } from '../../functions/core/dictionary/index.js';
import { openDuckDB } from '../../functions/core/engine/duckdb-instance.js';
import { createReferenceTables } from '../../functions/core/reference/index.js';
import { listReports, REPORTS_ROOT } from '../../functions/core/reports/report-downloads.js';
import {
  clerksPageAssets,
  dictionaryPage,
  isLoopbackAddress,
  LOCAL_API_BASE,
  type SignInConfig,
  startReportsServer,
  writeClerksSite,
} from '../../functions/core/serve/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import type { Terminal } from '../terminal.js';
import { UserError } from '../terminal.js';

export interface ServeFlags {
  /** The folder `panelpack demo`, `render` and `run` wrote to (their `--out`). */
  readonly reports: string;
  readonly port: number;
  readonly host: string;
  /** Write the page as static files for the AWS host into this folder, and stop. */
  readonly exportSite?: string;
  /** With `exportSite`: the deployment's reports API (stack output `ReportsApiUrl`). */
  readonly apiBase?: string;
  /** With `exportSite`: the Cognito hosted sign-in (stack output `SignInDomain`). */
  readonly signInDomain?: string;
  /** With `exportSite`: the page's Cognito client (stack output `PageClientId`). */
  readonly clientId?: string;
}

/** An absolute http(s) URL without query or fragment, or a usage error naming the flag. */
function absoluteUrl(flag: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw new UserError(`${flag} ${value}: expected an https:// address (from the stack outputs)`);
  }
  return value.replace(/\/+$/, '');
}

/** Checks the export flags; the sign-in for the exported page, or null for none. */
function exportSignIn(flags: ServeFlags): SignInConfig | null {
  if (flags.exportSite === undefined) {
    const stray = [
      ['--api-base', flags.apiBase],
      ['--sign-in-domain', flags.signInDomain],
      ['--client-id', flags.clientId],
    ].find(([, value]) => value !== undefined);
    if (stray) throw new UserError(`${stray[0]} goes with --export-site`);
    return null;
  }
  if (flags.apiBase === undefined) {
    throw new UserError('--export-site needs --api-base (the stack output ReportsApiUrl)');
  }
  absoluteUrl('--api-base', flags.apiBase);
  if ((flags.signInDomain === undefined) !== (flags.clientId === undefined)) {
    throw new UserError(
      '--sign-in-domain and --client-id go together (SignInDomain, PageClientId)',
    );
  }
  if (flags.signInDomain === undefined || flags.clientId === undefined) return null;
  return {
    domain: absoluteUrl('--sign-in-domain', flags.signInDomain),
    clientId: flags.clientId,
  };
}

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
 * so what a clerk sees here is what the deployment shows. With `--export-site` it writes the
 * same page, configured for the deployment's API and sign-in, as static files instead.
 */
export async function serveCommand(
  flags: ServeFlags,
  terminal: Terminal,
  stopped: () => Promise<void> = stopRequested,
): Promise<number> {
  if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535) {
    throw new UserError(`--port ${flags.port}: expected a port number from 0 to 65535`);
  }
  const signIn = exportSignIn(flags);
  const folder = resolve(flags.reports);
  const info =
    flags.exportSite === undefined ? await stat(folder).catch(() => undefined) : undefined;
  if (flags.exportSite === undefined && !info?.isDirectory()) {
    throw new UserError(
      `--reports ${flags.reports}: no such folder. Render the reports first (npm start, or panelpack run --month YYYY-MM), or name the folder they were written to.`,
    );
  }
  const duckdb = await openDuckDB({ threads: 1 });
  try {
    const councils = await councilNames(duckdb);
    const dictionary = async () => dictionaryPage(await buildDataDictionary(duckdb));
    if (flags.exportSite !== undefined) {
      const written = await writeClerksSite(
        flags.exportSite,
        {
          apiBase: absoluteUrl('--api-base', flags.apiBase!),
          auth: signIn,
          councils,
          dictionaryUrl: 'data-dictionary.html',
        },
        await dictionary(),
      );
      for (const path of written) terminal.out(relative(process.cwd(), path) || path);
      terminal.err(
        `Put these files at the root of the page's origin (panelpack:pageOrigin); see docs/clerks-and-analysts.md.`,
      );
      return 0;
    }
    const store = new LocalStore(folder);
    const server = await startReportsServer({
      reportsRoot: join(folder, REPORTS_ROOT),
      listReports: () => listReports(store),
      assets: await clerksPageAssets(),
      config: {
        apiBase: LOCAL_API_BASE,
        auth: null,
        councils,
        dictionaryUrl: 'data-dictionary.html',
      },
      dictionaryPage: dictionary,
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
    if (!isLoopbackAddress(flags.host)) {
      terminal.err(
        `Warning: listening on ${flags.host} without sign-in: anyone who can reach this machine can download the papers.`,
      );
    }
    await stopped();
    await server.close();
    return 0;
  } finally {
    duckdb.closeSync();
  }
}
