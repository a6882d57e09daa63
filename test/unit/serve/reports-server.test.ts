/**
 * The local clerks' server: its API answers as the AWS reports API does (the same listing
 * function over the same folder layout), it serves rendered papers and nothing else, however
 * the address is spelled, and only to loopback callers.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DictionaryTable } from '../../../functions/core/dictionary/index.js';
import { buildDataDictionary } from '../../../functions/core/dictionary/index.js';
import { listReports, REPORTS_ROOT } from '../../../functions/core/reports/report-downloads.js';
import {
  dictionaryPage,
  LOCAL_API_BASE,
  type RunningReportsServer,
  type SiteConfig,
  startReportsServer,
} from '../../../functions/core/serve/index.js';
import { LocalStore } from '../../../functions/core/store/local-store.js';
import { tempDir } from '../../helpers/temp-dir.js';

const MEETING = '850-cabinet/2020-01-07';
const PDF = `${MEETING}/annual-safeguarding.pdf`;
const HTML = `${MEETING}/annual-safeguarding.html`;
const PACK = `${MEETING}/agenda-pack.pdf`;
const pdfBytes = (label: string) =>
  Buffer.from(`%PDF-1.7\n% ${label}\n${'x'.repeat(4096)}\n%%EOF\n`);
/** What must never leave the server: a warehouse partition and files beside the papers. */
const SECRET = Buffer.from('PAR1 child_id=C000123 contact_date=2020-01-02');

const config: SiteConfig = {
  apiBase: LOCAL_API_BASE,
  auth: null,
  councils: { '850': 'Hampshire' },
  dictionaryUrl: 'data-dictionary.html',
};
const assets = new Map([
  ['index.html', { body: '<!DOCTYPE html><title>page</title>', contentType: 'text/html' }],
  ['app.js', { body: 'console.log(1)', contentType: 'text/javascript' }],
]);

let dir: { path: string; remove: () => Promise<void> };
let out: string;
let store: LocalStore;
let server: RunningReportsServer;

async function put(path: string, body: string | Buffer) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}

beforeAll(async () => {
  dir = await tempDir('panelpack-serve-');
  out = join(dir.path, 'out');
  const reports = join(out, REPORTS_ROOT);
  await put(join(reports, PDF), pdfBytes('cabinet'));
  await put(join(reports, HTML), '<!DOCTYPE html><html lang="en-GB"></html>');
  await put(join(reports, PACK), pdfBytes('pack'));
  await put(
    join(reports, MEETING, 'manifest.json'),
    JSON.stringify({
      laCode: '850',
      committeeId: 'cabinet',
      committee: 'Cabinet',
      meetingDate: '2020-01-07',
      documents: [
        {
          reportId: 'annual-safeguarding',
          title: "Annual Safeguarding Report - Children's Services",
          asOf: '2019-11',
          pages: 7,
          pdfKey: `reports/${PDF}`,
          htmlKey: `reports/${HTML}`,
          generatedAt: '2019-12-05T06:20:00.000Z',
        },
      ],
    }),
  );
  await put(join(reports, MEETING, 'notes.txt'), SECRET);
  await put(join(out, 'secret.pdf'), SECRET);
  await put(
    join(dir.path, 'warehouse', 'contacts', 'la_code=850', 'month=2020-01', 'part-0.parquet'),
    SECRET,
  );
  store = new LocalStore(out);
  server = await startReportsServer({
    reportsRoot: reports,
    listReports: () => listReports(store),
    assets,
    config,
    dictionaryPage: async () => '<!DOCTYPE html><title>dictionary</title>',
    port: 0,
  });
});
afterAll(async () => {
  await server.close();
  await dir.remove();
});

/** A raw request, so the path reaches the server exactly as written (fetch would tidy it). */
function raw(
  path: string,
  options: { method?: string; host?: string; port?: number } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port ?? server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${options.port ?? server.port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const json = async (path: string) => JSON.parse((await raw(path)).body.toString('utf8'));

test('listens on loopback by default', async () => {
  const other = await startReportsServer({
    reportsRoot: join(out, REPORTS_ROOT),
    listReports: async () => [],
    assets,
    config,
    dictionaryPage: async () => '',
    port: 0,
  });
  try {
    expect(other.url).toBe(`http://127.0.0.1:${other.port}/`);
  } finally {
    await other.close();
  }
});

test('GET /api/reports is the AWS reports API listing of the same folder, papers only', async () => {
  const response = await raw(`/${LOCAL_API_BASE}/reports`);
  expect(response.status).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(response.body.toString('utf8'));
  expect(body).toEqual({ reports: await listReports(store) });
  expect(body.reports.map((r: { key: string }) => r.key)).toEqual([PACK, HTML, PDF]);
  expect(body.reports[2]).toMatchObject({
    committee: 'Cabinet',
    title: "Annual Safeguarding Report - Children's Services",
    asOf: '2019-11',
    generatedAt: '2019-12-05T06:20:00.000Z',
    pages: 7,
  });
});

test('a download link, valid 15 minutes at most, gives the very paper as an attachment', async () => {
  const before = Date.now();
  const link = await json(`/${LOCAL_API_BASE}/reports/${PDF}`);
  expect(link.key).toBe(PDF);
  expect(Date.parse(link.expiresAt) - before).toBeLessThanOrEqual(900_000 + 1000);
  const download = await fetch(new URL(link.url, server.url));
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/pdf');
  expect(download.headers.get('content-disposition')).toBe(
    'attachment; filename="2020-01-07-annual-safeguarding.pdf"',
  );
  expect(Buffer.from(await download.arrayBuffer()).equals(pdfBytes('cabinet'))).toBe(true);

  const head = await raw(
    new URL(link.url, server.url).pathname + new URL(link.url, server.url).search,
    {
      method: 'HEAD',
    },
  );
  expect(head.status).toBe(200);
  expect(head.body.length).toBe(0);
  expect(Number(head.headers['content-length'])).toBe(pdfBytes('cabinet').length);
});

test('no spelling of a path reaches a file that is not a listed paper', async () => {
  const signed = new URL((await json(`/${LOCAL_API_BASE}/reports/${PDF}`)).url, server.url);
  const query = signed.search;
  const attempts = [
    '/../warehouse/contacts/la_code=850/month=2020-01/part-0.parquet',
    '/warehouse/contacts/la_code=850/month=2020-01/part-0.parquet',
    '/secret.pdf',
    '/reports/850-cabinet/2020-01-07/notes.txt',
    `/files/../secret.pdf${query}`,
    `/files/..%2fsecret.pdf${query}`,
    `/files/%2e%2e/%2e%2e/warehouse/contacts/la_code=850/month=2020-01/part-0.parquet${query}`,
    `/files/850-cabinet/2020-01-07/..%2f..%2f..%2fsecret.pdf${query}`,
    `/files/850-cabinet/2020-01-07/..%5c..%5c..%5csecret.pdf${query}`,
    `/files/%252e%252e/secret.pdf${query}`,
    `/files/${MEETING}/notes.txt${query}`,
    `/files/${MEETING}/manifest.json${query}`,
    `/files/${PACK}${query}`, // another paper's signature
    `/files/${PDF}`, // no signature: only the API hands out links
    `/files/${PDF}?expires=9999999999&signature=forged`,
    `/${LOCAL_API_BASE}/reports/..%2fsecret.pdf`,
    `/${LOCAL_API_BASE}/reports/${MEETING}/..%2f..%2f..%2fsecret.pdf`,
    `/${LOCAL_API_BASE}/reports/%2e%2e/%2e%2e/warehouse/contacts/la_code=850/month=2020-01/part-0.parquet`,
    `/${LOCAL_API_BASE}/reports/${MEETING}/notes.txt`,
    `/${LOCAL_API_BASE}/reports/${MEETING}/manifest.json`,
    `/${LOCAL_API_BASE}/reports//etc/passwd`,
    '/files/%E0%A4%A',
  ];
  for (const path of attempts) {
    const response = await raw(path);
    expect({ path, refused: [400, 403, 404].includes(response.status) }).toEqual({
      path,
      refused: true,
    });
    expect(response.body.includes(SECRET)).toBe(false);
    expect(response.body.includes(Buffer.from('%PDF'))).toBe(false);
  }
});

test('a listed key whose file leads out of the reports folder is still not served', async () => {
  const reports = join(out, REPORTS_ROOT);
  await symlink(join(out, 'secret.pdf'), join(reports, MEETING, 'linked.pdf'));
  const key = `${MEETING}/linked.pdf`;
  // A listing that vouched for the link (the real one skips links) must not be enough.
  const trusting = await startReportsServer({
    reportsRoot: reports,
    listReports: async () => [
      {
        key,
        committee: 'cabinet',
        meetingDate: '2020-01-07',
        reportId: 'linked',
        format: 'pdf',
        size: 1,
      },
    ],
    assets,
    config,
    dictionaryPage: async () => '',
    port: 0,
  });
  try {
    const link = JSON.parse(
      (await raw(`/${LOCAL_API_BASE}/reports/${key}`, { port: trusting.port })).body.toString(),
    );
    const url = new URL(link.url, trusting.url);
    const response = await raw(url.pathname + url.search, { port: trusting.port });
    expect(response.status).toBe(404);
    expect(response.body.includes(SECRET)).toBe(false);
    expect((await listReports(store)).map((r) => r.key)).not.toContain(key);
  } finally {
    await trusting.close();
  }
});

test('a download link stops working once it expires', async () => {
  const quick = await startReportsServer({
    reportsRoot: join(out, REPORTS_ROOT),
    listReports: () => listReports(store),
    assets,
    config,
    dictionaryPage: async () => '',
    port: 0,
    linkSeconds: 1,
  });
  try {
    const link = JSON.parse(
      (await raw(`/${LOCAL_API_BASE}/reports/${PDF}`, { port: quick.port })).body.toString(),
    );
    const url = new URL(link.url, quick.url);
    expect((await raw(url.pathname + url.search, { port: quick.port })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const late = await raw(url.pathname + url.search, { port: quick.port });
    expect(late.status).toBe(403);
    expect(JSON.parse(late.body.toString()).message).toMatch(/expired/);
  } finally {
    await quick.close();
  }
  await expect(
    startReportsServer({
      reportsRoot: out,
      listReports: async () => [],
      assets,
      config,
      dictionaryPage: async () => '',
      linkSeconds: 3600,
    }),
  ).rejects.toThrow(/1-900 s/);
});

test('answers only to loopback host names (no DNS rebinding) and only GET and HEAD', async () => {
  for (const host of [
    'reports.attacker.example',
    `attacker.example:${server.port}`,
    '127.0.0.1:1',
  ]) {
    const response = await raw(`/${LOCAL_API_BASE}/reports`, { host });
    expect({ host, status: response.status }).toEqual({ host, status: 403 });
  }
  for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
    expect((await raw(`/${LOCAL_API_BASE}/reports`, { host })).status).toBe(200);
  }
  const post = await raw(`/${LOCAL_API_BASE}/reports`, { method: 'POST' });
  expect(post.status).toBe(405);
  expect(post.headers.allow).toBe('GET, HEAD');
});

test('serves the page, its config and the dictionary with a strict content policy', async () => {
  const page = await raw('/');
  expect(page.status).toBe(200);
  expect(page.body.toString()).toBe('<!DOCTYPE html><title>page</title>');
  expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
  expect(page.headers['x-content-type-options']).toBe('nosniff');
  expect(page.headers['x-frame-options']).toBe('DENY');
  expect(await json('/config.json')).toEqual(config);
  expect((await raw('/data-dictionary.html')).body.toString()).toContain('dictionary');
  expect((await raw('/index.html')).status).toBe(200);
  expect((await raw('/nothing-here')).status).toBe(404);
});

describe('the data dictionary page', () => {
  test('has every table of the generated dictionary, with its grain and columns', async () => {
    const duckdb = await DuckDBInstance.create(':memory:');
    try {
      const tables = await buildDataDictionary(duckdb);
      const html = await dictionaryPage(tables);
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
      for (const table of tables) {
        expect(html).toContain(`<h3 id="table-${table.name}"><code>${table.name}</code></h3>`);
        expect(html).toContain(`<a href="#table-${table.name}">`);
        for (const column of table.columns) expect(html).toContain(`<code>${column.name}</code>`);
      }
      expect(html.match(/<h3 id="table-/g)).toHaveLength(tables.length);
    } finally {
      duckdb.closeSync();
    }
  });

  test('escapes every value it is given', async () => {
    const hostile: DictionaryTable = {
      name: 'contacts',
      kind: 'extract',
      grain: 'one row per <b>contact</b>',
      description: '<script>alert(1)</script>',
      columns: [{ name: 'x', type: 'VARCHAR', definition: 'a & b <= "c"' }],
      rules: ['x <img src=y onerror=alert(1)>'],
    };
    const html = await dictionaryPage([hostile]);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &amp; b &lt;&#x3D; &quot;c&quot;');
  });
});
