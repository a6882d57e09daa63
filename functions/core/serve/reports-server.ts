import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { type Logger, silentLogger } from '../logger.js';
import { keyPath, type ListedReport } from './page/report-groups.js';
import type { SiteConfig } from './page/site-config.js';

/** A file of the page itself (index.html, app.js, styles.css). */
export interface PageAsset {
  readonly body: string | Uint8Array;
  readonly contentType: string;
}

export interface ReportsServerOptions {
  /** The folder holding the papers as `<la>-<committee>/<meeting-date>/<report-id>.<pdf|html>`. */
  readonly reportsRoot: string;
  /**
   * The papers, listed by the very function behind the AWS reports API, keys relative to
   * `reportsRoot`. Only listed keys are ever served.
   */
  readonly listReports: () => Promise<readonly ListedReport[]>;
  /** The page, by path (`index.html` answers `/` too). */
  readonly assets: ReadonlyMap<string, PageAsset>;
  /** Served as `/config.json`. */
  readonly config: SiteConfig;
  /** The data dictionary page's HTML, built on first request. */
  readonly dictionaryPage: () => Promise<string>;
  /** Default 127.0.0.1: the papers are for this machine's user only. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Download links live this long, as the AWS ones do; default 15 minutes. */
  readonly linkSeconds?: number;
  readonly logger?: Logger;
}

export interface RunningReportsServer {
  /** `http://127.0.0.1:8080/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The local API's base under the page: `GET /api/reports`, `GET /api/reports/<key>`. */
export const LOCAL_API_BASE = 'api';
const DICTIONARY_PATH = 'data-dictionary.html';
const MAX_LINK_SECONDS = 900;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for an address only this machine can reach. */
export const isLoopbackAddress = (host: string): boolean => LOOPBACK.has(host);

/** What every response carries: nothing framed, sniffed, cached or told where it came from. */
const BASE_HEADERS: OutgoingHttpHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};
/** The page runs only its own script and talks only to its own server. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
/** A downloaded paper may not run or fetch anything, even if opened in the browser. */
const PAPER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The clerks' page over a local folder of rendered papers (`panelpack serve`): the page, its
 * `config.json`, the data dictionary, and a reports API with the AWS API's routes and
 * responses, so the same page works on both. It serves the papers the listing names and
 * nothing else: a key is looked up in the listing, never turned into a path on its own, and
 * the file must resolve inside `reportsRoot`. Bound to loopback it also refuses requests
 * whose Host is not a loopback name, so a web page elsewhere cannot reach it by DNS rebinding.
 */
export async function startReportsServer(
  options: ReportsServerOptions,
): Promise<RunningReportsServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const linkSeconds = options.linkSeconds ?? MAX_LINK_SECONDS;
  if (!Number.isInteger(linkSeconds) || linkSeconds < 1 || linkSeconds > MAX_LINK_SECONDS) {
    throw new Error(`download links live 1-${MAX_LINK_SECONDS} s, not ${linkSeconds}`);
  }
  const secret = randomBytes(32);
  const root = await realpath(options.reportsRoot).catch(() => options.reportsRoot);
  let dictionary: Promise<string> | undefined;
  let port = 0;

  const sign = (key: string, expires: number) =>
    createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
  const signatureMatches = (key: string, expires: number, signature: string) => {
    const expected = Buffer.from(sign(key, expires));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };

  const listed = async (key: string) =>
    (await options.listReports()).find((report) => report.key === key);

  const send = (
    response: ServerResponse,
    status: number,
    headers: OutgoingHttpHeaders,
    body?: string | Uint8Array,
  ) => {
    response.writeHead(status, { ...BASE_HEADERS, ...headers });
    response.end(response.req.method === 'HEAD' ? undefined : body);
  };
  const json = (response: ServerResponse, status: number, body: unknown) =>
    send(
      response,
      status,
      { 'content-type': 'application/json; charset=utf-8' },
      JSON.stringify(body),
    );

  async function sendPaper(response: ServerResponse, url: URL, key: string): Promise<void> {
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') ?? '';
    if (!Number.isInteger(expires) || !signatureMatches(key, expires, signature)) {
      throw new HttpProblem(403, 'This download link is not valid: ask the page for a new one.');
    }
    if (Date.now() > expires * 1000) {
      throw new HttpProblem(403, 'This download link has expired: ask the page for a new one.');
    }
    const report = await listed(key);
    if (!report) throw new HttpProblem(404, 'No such report.');
    // The listing vouches for the key; the real path must still lie inside the reports folder
    // (a symbolic link there must not reach anything else).
    const path = await realpath(join(root, ...key.split('/'))).catch(() => undefined);
    const info = path === undefined ? undefined : await stat(path);
    if (path === undefined || !path.startsWith(root + sep) || !info?.isFile()) {
      throw new HttpProblem(404, 'No such report.');
    }
    response.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': report.format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
      'content-length': info.size,
      'content-disposition': `attachment; filename="${report.meetingDate}-${report.reportId}.${report.format}"`,
      'content-security-policy': PAPER_CSP,
    });
    if (response.req.method === 'HEAD') {
      response.end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(path);
      stream.on('error', reject);
      response.on('close', resolve);
      stream.pipe(response);
    });
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      throw new HttpProblem(405, 'Only GET and HEAD are supported.');
    }
    if (isLoopbackAddress(host) && !isLoopbackHost(request.headers.host, port)) {
      throw new HttpProblem(403, 'This server answers only to its loopback address.');
    }
    const url = new URL(request.url ?? '/', 'http://server.invalid');
    const path = decodePath(url.pathname);
    if (path === '' || options.assets.has(path)) {
      const asset = options.assets.get(path === '' ? 'index.html' : path)!;
      send(
        response,
        200,
        { 'content-type': asset.contentType, 'content-security-policy': PAGE_CSP },
        asset.body,
      );
      return;
    }
    if (path === 'config.json') {
      json(response, 200, options.config);
      return;
    }
    if (path === DICTIONARY_PATH) {
      dictionary ??= options.dictionaryPage().catch((error) => {
        dictionary = undefined;
        throw error;
      });
      send(
        response,
        200,
        { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP },
        await dictionary,
      );
      return;
    }
    if (path === `${LOCAL_API_BASE}/reports`) {
      json(response, 200, { reports: await options.listReports() });
      return;
    }
    if (path.startsWith(`${LOCAL_API_BASE}/reports/`)) {
      const key = path.slice(`${LOCAL_API_BASE}/reports/`.length);
      if (!(await listed(key))) throw new HttpProblem(404, 'No such report.');
      const expires = Math.floor(Date.now() / 1000) + linkSeconds;
      const query = new URLSearchParams({
        expires: String(expires),
        signature: sign(key, expires),
      });
      json(response, 200, {
        key,
        url: `/files/${keyPath(key)}?${query}`,
        expiresAt: new Date(expires * 1000).toISOString(),
      });
      return;
    }
    if (path.startsWith('files/')) {
      await sendPaper(response, url, path.slice('files/'.length));
      return;
    }
    throw new HttpProblem(404, 'Not found.');
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : 500;
      if (status === 500) {
        // The message may name a path; the log gets only the kind of failure.
        logger.error('clerks page request failed', { error: (error as Error).name });
      }
      if (response.headersSent) {
        response.destroy();
        return;
      }
      json(response, status, {
        message:
          error instanceof HttpProblem ? error.message : 'Something went wrong on the server.',
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The path without its leading `/`, percent-decoded; a malformed escape is a bad request. */
function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname.replace(/^\/+/, ''));
  } catch {
    throw new HttpProblem(400, 'The address is not valid.');
  }
}

/** True when the Host header names this server by a loopback name and its port. */
function isLoopbackHost(header: string | undefined, port: number): boolean {
  if (header === undefined) return false;
  const match = /^(\[::1\]|127\.0\.0\.1|localhost)(?::(\d+))?$/i.exec(header);
  return match !== null && Number(match[2] ?? 80) === port;
}
