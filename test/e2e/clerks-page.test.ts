/**
 * A clerk's visit, end to end: real PDFs rendered by the report core (from fixture report
 * tables, with the meeting manifests the CLI writes), `panelpack serve` started as a clerk
 * starts it, and the page driven in headless Chromium (@sparticuz/chromium + puppeteer-core):
 * find a report by typing, download it and the meeting's agenda pack with the keyboard and
 * compare the bytes with the files on disk; no axe-core violations (WCAG 2.0-2.2 A/AA and best
 * practice) in any state of the page or on the data dictionary. The screenshot in the docs
 * (docs/images/clerks-page.png) is taken here.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import axe from 'axe-core';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { renderEverything } from '../../bin/commands/render.js';
import type { Terminal } from '../../bin/terminal.js';
import { buildDataDictionary } from '../../functions/core/dictionary/index.js';
import { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import { packagePath } from '../../functions/core/package-root.js';
import { launchChrome, openBrowser } from '../../functions/core/reports/index.js';
import {
  listReports,
  REPORTS_ROOT,
  type ReportFile,
} from '../../functions/core/reports/report-downloads.js';
import { SITE_FILES, type SiteConfig } from '../../functions/core/serve/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { handler as reportsApi } from '../../functions/reports-api/handler.js';
import { writeReportTables } from '../fixtures/report-tables.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { type AwsHarness, apiEvent, startAwsHarness } from '../unit/functions/aws-harness.js';
import { type ServeProcess, startServe } from './serve-process.js';

const AS_OF = '2019-11';
/** Manifests are stamped with this instant so the committed screenshot does not change per run. */
const GENERATED_AT = '2019-12-05T06:20:00.000Z';
const quiet: Terminal = { out() {}, err() {}, progress() {}, done() {} };

let dir: { path: string; remove: () => Promise<void> };
let out: string;
let papers: ReportFile[];
let serve: ServeProcess;
let browser: Browser;
let page: Page;
let downloads: string;
let cdp: CDPSession;

beforeAll(async () => {
  dir = await tempDir('panelpack-clerks-');
  out = join(dir.path, 'out');
  const warehouse = join(dir.path, 'warehouse');
  await writeReportTables(warehouse, ['850', '921'], '2014-04', AS_OF);
  const duckdb = await DuckDBInstance.create(':memory:');
  const engine = await DuckDBEngine.open({ duckdb, warehouseDir: warehouse });
  const printer = await openBrowser();
  try {
    await renderEverything({
      engine,
      las: ['850', '921'],
      asOf: AS_OF,
      out,
      packs: true,
      terminal: quiet,
      browser: printer,
    });
  } finally {
    await printer.close();
    await engine.close();
    duckdb.closeSync();
  }
  const store = new LocalStore(out);
  for (const object of await store.list(`${REPORTS_ROOT}/`)) {
    if (!object.key.endsWith('/manifest.json')) continue;
    const manifest = JSON.parse((await store.get(object.key))!.toString('utf8'));
    for (const document of manifest.documents) document.generatedAt = GENERATED_AT;
    await store.put(object.key, JSON.stringify(manifest));
  }
  papers = await listReports(store);

  serve = await startServe(['--reports', out, '--port', '0'], dir.path);
  browser = await launchChrome();
  page = await browser.newPage();
  // The page's CSP allows only its own script; axe-core is injected for the test alone.
  await page.setBypassCSP(true);
  await page.setViewport({ width: 1200, height: 1300 });
  downloads = join(dir.path, 'downloads');
  await mkdir(downloads);
  cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', {
    behavior: 'allowAndName',
    downloadPath: downloads,
    eventsEnabled: true,
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await dir?.remove();
});

/** The listed PDF of a report, and its bytes on disk. */
const paper = (laCode: string, reportId: string) => {
  const found = papers.find(
    (p) => p.laCode === laCode && p.reportId === reportId && p.format === 'pdf',
  );
  if (!found) throw new Error(`no ${reportId} PDF for LA ${laCode}`);
  return found;
};
const onDisk = (key: string) => readFile(join(out, REPORTS_ROOT, ...key.split('/')));

/** Waits for the download the next action starts; resolves with its file name and bytes. */
function nextDownload(): Promise<{ suggested: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    let suggested = '';
    const begin = (event: { guid: string; suggestedFilename: string }) => {
      suggested = event.suggestedFilename;
    };
    const progress = (event: { guid: string; state: string }) => {
      if (event.state === 'inProgress') return;
      cdp.off('Browser.downloadWillBegin', begin);
      cdp.off('Browser.downloadProgress', progress);
      if (event.state !== 'completed') reject(new Error(`download ${event.state}`));
      else readFile(join(downloads, event.guid)).then((bytes) => resolve({ suggested, bytes }));
    };
    cdp.on('Browser.downloadWillBegin', begin);
    cdp.on('Browser.downloadProgress', progress);
  });
}

const statusText = () => page.$eval('#status', (e) => e.textContent ?? '');
const waitForStatus = (pattern: RegExp) =>
  page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('#status')?.textContent ?? ''),
    {},
    pattern.source,
  );

/** Every axe-core violation of WCAG 2.0-2.2 A/AA and best practice, by rule and element. */
async function accessibilityViolations(
  target: Page = page,
): Promise<{ rule: string; nodes: string[] }[]> {
  if (!(await target.evaluate(() => 'axe' in window))) {
    await target.addScriptTag({ content: axe.source });
  }
  const results = await target.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  );
  return results.violations.map((v) => ({
    rule: v.id,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/**
 * The page's width on a 320 px wide screen (WCAG 1.4.10 reflow): 320 when nothing but the
 * tables' own scrolling regions needs sideways scrolling.
 */
async function pageWidthAt320(): Promise<number> {
  const viewport = page.viewport()!;
  await page.setViewport({ width: 320, height: 800 });
  try {
    return await page.evaluate(() => document.documentElement.scrollWidth);
  } finally {
    await page.setViewport(viewport);
  }
}

/** The papers the page counts: each report and agenda pack once, whatever its formats. */
const paperCount = () =>
  new Set(papers.map((p) => `${p.laCode}/${p.key.split('/')[1]}/${p.reportId}`)).size;

test('lists every paper by committee and meeting with title, month of data, time and size', async () => {
  await page.goto(serve.url, { waitUntil: 'networkidle0' });
  await waitForStatus(/^Showing all/);
  expect(await statusText()).toBe(`Showing all ${paperCount()} papers.`);
  expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  const headings = await page.$$eval('h1, h2, h3', (all) =>
    all.map((h) => `${h.tagName} ${h.textContent?.replace(/\s+/g, ' ').trim()}`),
  );
  expect(headings[0]).toBe('H1 Committee reports');
  expect(headings).toEqual(
    expect.arrayContaining([
      'H2 Children and Families Advisory Panel (Hampshire)',
      'H2 Cabinet (Isle of Wight)',
      'H3 Meeting on 4 February 2020',
    ]),
  );

  const fostering = paper('850', 'fostering-update');
  const cells = await page.$$eval(
    'tbody tr',
    (rows, key) =>
      Array.from(
        rows.find((r) => r.querySelector(`button[data-key="${key}"]`))?.cells ?? [],
        (cell) => cell.textContent,
      ),
    fostering.key,
  );
  expect(fostering).toMatchObject({ asOf: AS_OF, title: expect.stringContaining('Fostering') });
  expect(cells).toEqual([
    fostering.title,
    'November 2019',
    '5 December 2019 at 06:20',
    `${Math.round(fostering.size / 1024)} KB, ${fostering.pages} pages`,
    `PDF of ${fostering.title}Web page version of ${fostering.title}`,
  ]);

  await page.screenshot({ path: packagePath('docs', 'images', 'clerks-page.png') });
  expect(await accessibilityViolations()).toEqual([]);
  expect(await pageWidthAt320()).toBe(320);
});

test('a clerk types to find a report, then downloads it with the keyboard: the bytes are the PDF', async () => {
  await page.goto(serve.url, { waitUntil: 'networkidle0' });
  await waitForStatus(/^Showing all/);
  await page.focus('#filter');
  await page.keyboard.type('fostering wight');
  await waitForStatus(/matching/);
  expect(await statusText()).toBe(
    `Showing 2 of ${paperCount()} papers matching “fostering wight”.`,
  );
  const wanted = paper('921', 'fostering-update');
  expect(await page.$$eval('tbody th', (cells) => cells.map((c) => c.textContent))).toEqual([
    wanted.title,
  ]);

  // Tab from the search box to the report's PDF button, as a keyboard user would.
  let focused = '';
  for (let presses = 0; presses < 8 && focused !== wanted.key; presses += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.getAttribute('data-key') ?? '');
  }
  expect(focused).toBe(wanted.key);
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return {
      outline: style.outlineStyle,
      shadow: style.boxShadow,
      background: style.backgroundColor,
    };
  });
  expect(ring.shadow).not.toBe('none');
  expect(ring.background).toBe('rgb(255, 221, 0)');

  const download = nextDownload();
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggested).toBe(`${wanted.meetingDate}-fostering-update.pdf`);
  expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(file.bytes.equals(await onDisk(wanted.key))).toBe(true);

  expect(await accessibilityViolations()).toEqual([]);
});

test("the meeting's agenda pack downloads whole from the same search", async () => {
  const pack = paper('921', 'agenda-pack');
  const download = nextDownload();
  await page.click(`button[data-key="${pack.key}"]`);
  const file = await download;
  expect(file.suggested).toBe(`${pack.meetingDate}-agenda-pack.pdf`);
  expect(file.bytes.equals(await onDisk(pack.key))).toBe(true);
  expect(pack.pages).toBeGreaterThan(paper('921', 'fostering-update').pages!);
});

test('a search with no match says so, and the page stays accessible', async () => {
  const input = await page.$('#filter');
  await input!.click({ count: 3 });
  await page.keyboard.type('no such report');
  await waitForStatus(/^No papers match/);
  expect(await page.$$('tbody tr')).toHaveLength(0);
  expect(await statusText()).toBe(
    `No papers match “no such report”. Clear the search box to see all ${paperCount()}.`,
  );
  expect(await accessibilityViolations()).toEqual([]);
});

test('the data dictionary is a page of the site, generated, linked and accessible', async () => {
  await page.goto(serve.url, { waitUntil: 'networkidle0' });
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click('a#dictionary-link'),
  ]);
  expect(await page.$eval('h1', (h) => h.textContent)).toBe('Data dictionary');
  const tables = await page.$$eval('h3[id^="table-"]', (all) => all.map((h) => h.textContent));
  const duckdb = await DuckDBInstance.create(':memory:');
  try {
    const expected = (await buildDataDictionary(duckdb)).map((t) => t.name);
    expect(tables).toEqual(expected);
  } finally {
    duckdb.closeSync();
  }
  expect(await accessibilityViolations()).toEqual([]);
  expect(await pageWidthAt320()).toBe(320);
});

test('serve stops on a signal, as Ctrl-C stops it', async () => {
  const other = await startServe(['--reports', out, '--port', '0'], dir.path);
  const listing = await (await fetch(new URL('api/reports', other.url))).json();
  expect(listing).toEqual({ reports: papers });
  expect(await other.stop()).toBe(0);
  await expect(fetch(other.url)).rejects.toThrow();
});

/**
 * The same page, configured by its `config.json` for the AWS deployment: the reports API is
 * the real `reports-api` handler (behind a loopback stand-in for API Gateway and its Cognito
 * JWT authorizer, with CORS for the page's origin) over a real S3-compatible server holding
 * the same papers; sign-in goes through a stand-in for Cognito's hosted UI (authorization code
 * with PKCE). Downloads come from presigned S3 URLs.
 */
describe('the same page over the AWS reports API', () => {
  let aws: AwsHarness;
  let site: Server;
  let api: Server;
  let cognito: Server;
  const token = 'access-token-1';
  const authorizations: (string | undefined)[] = [];
  const origin = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  };

  beforeAll(async () => {
    aws = await startAwsHarness();
    for (const object of await new LocalStore(out).list(`${REPORTS_ROOT}/`)) {
      await aws.s3.client.send(
        new PutObjectCommand({
          Bucket: aws.buckets.reports,
          Key: object.key,
          Body: await readFile(join(out, ...object.key.split('/'))),
        }),
      );
    }
    let challenge = '';
    cognito = await listen(
      createServer(async (request, response) => {
        const url = new URL(request.url!, 'http://cognito.invalid');
        if (url.pathname === '/oauth2/authorize') {
          const q = url.searchParams;
          if (q.get('client_id') !== 'page-client' || q.get('code_challenge_method') !== 'S256') {
            response.writeHead(400).end();
            return;
          }
          challenge = q.get('code_challenge')!;
          const back = new URL(q.get('redirect_uri')!);
          back.search = new URLSearchParams({ code: 'code-1', state: q.get('state')! }).toString();
          response.writeHead(302, { location: back.href }).end();
          return;
        }
        let body = '';
        for await (const chunk of request) body += chunk;
        const form = new URLSearchParams(body);
        const verified =
          createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest('base64url') === challenge;
        response.writeHead(verified && form.get('code') === 'code-1' ? 200 : 400, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
        });
        response.end(
          JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }),
        );
      }),
    );
    // The page as a deployment hosts it: the files `serve --export-site` writes, as they are.
    const siteDir = join(dir.path, 'site');
    const types: Record<string, string> = {
      html: 'text/html; charset=utf-8',
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      json: 'application/json',
    };
    site = createServer(async (request, response) => {
      const path = new URL(request.url!, 'http://site.invalid').pathname.slice(1) || 'index.html';
      if (!(SITE_FILES as readonly string[]).includes(path)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'content-type': types[path.slice(path.lastIndexOf('.') + 1)]!,
        // As a deployment would set it: the page talks to its API and sign-in only.
        'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${origin(api)} ${origin(cognito)}; form-action 'none'; base-uri 'none'`,
      });
      response.end(await readFile(join(siteDir, path)));
    });
    await listen(site);
    api = await listen(
      createServer(async (request, response) => {
        const cors = {
          'access-control-allow-origin': origin(site),
          'access-control-allow-headers': 'authorization',
          'access-control-allow-methods': 'GET',
        };
        if (request.method === 'OPTIONS') {
          response.writeHead(204, cors).end();
          return;
        }
        authorizations.push(request.headers.authorization);
        // API Gateway's JWT authorizer: no valid token, no call to the function.
        if (request.headers.authorization !== `Bearer ${token}`) {
          response.writeHead(401, { ...cors, 'content-type': 'application/json' });
          response.end('{"message":"Unauthorized"}');
          return;
        }
        const path = new URL(request.url!, 'http://api.invalid').pathname;
        const key = path.startsWith('/reports/')
          ? decodeURIComponent(path.slice('/reports/'.length))
          : undefined;
        const result = await reportsApi(
          apiEvent(key ? 'GET /reports/{key+}' : 'GET /reports', key, { sub: 'clerk-1' }),
        );
        response.writeHead(result.statusCode ?? 200, {
          ...cors,
          ...(result.headers as Record<string, string>),
        });
        response.end(result.body);
      }),
    );
    const exported = await runCli(
      [
        'serve',
        ...['--export-site', siteDir, '--api-base', origin(api)],
        ...['--sign-in-domain', origin(cognito), '--client-id', 'page-client'],
      ],
      { cwd: dir.path },
    );
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n')).toEqual(SITE_FILES.map((f) => join('site', f)));
    const config = JSON.parse(await readFile(join(siteDir, 'config.json'), 'utf8')) as SiteConfig;
    expect(config).toMatchObject({
      apiBase: origin(api),
      auth: { domain: origin(cognito), clientId: 'page-client' },
      dictionaryUrl: 'data-dictionary.html',
    });
    expect(config.councils['921']).toBe('Isle of Wight');
  });
  afterAll(async () => {
    for (const server of [site, api, cognito]) server?.closeAllConnections();
    await Promise.all(
      [site, api, cognito].map(
        (server) => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))),
      ),
    );
    await aws?.stop();
  });

  test('a clerk signs in, finds a report and downloads it from S3: the bytes are the PDF', async () => {
    const tab = await browser.newPage();
    await tab.setBypassCSP(true);
    try {
      await tab.goto(origin(site), { waitUntil: 'networkidle0' });
      expect(await tab.$eval('#status', (e) => e.textContent)).toBe('Sign in to see the reports.');
      expect(await tab.$eval('#filter-form', (e) => (e as HTMLFormElement).hidden)).toBe(true);
      expect(await accessibilityViolations(tab)).toEqual([]);

      await Promise.all([
        tab.waitForNavigation({ waitUntil: 'networkidle0' }),
        tab.click('#sign-in button'),
      ]);
      await tab.waitForFunction(() =>
        /^Showing all/.test(document.querySelector('#status')?.textContent ?? ''),
      );
      // Signed in: the code is gone from the address, the token goes with every API call.
      expect(new URL(tab.url()).search).toBe('');
      expect(await tab.$eval('#status', (e) => e.textContent)).toBe(
        `Showing all ${paperCount()} papers.`,
      );
      expect(authorizations.length).toBeGreaterThan(0);
      expect(authorizations.every((a) => a === `Bearer ${token}`)).toBe(true);

      await tab.type('#filter', 'fostering wight');
      const wanted = paper('921', 'fostering-update');
      await tab.waitForSelector(`button[data-key="${wanted.key}"]`);
      const download = nextDownload();
      await tab.click(`button[data-key="${wanted.key}"]`);
      const file = await download;
      expect(file.suggested).toBe(`${wanted.meetingDate}-fostering-update.pdf`);
      expect(file.bytes.equals(await onDisk(wanted.key))).toBe(true);
      expect(await tab.$eval('#account button', (b) => b.textContent)).toBe('Sign out');
      expect(await accessibilityViolations(tab)).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
