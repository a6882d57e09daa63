/**
 * Agenda packs rendered by a real Chrome and merged with pdf-lib, read back from the PDF: the
 * notice of meeting, each item's "(Pages X - Y)" against the pages the report really fills in
 * the pack, page numbers running through, bookmarks per item, and tags kept through the merge.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import type { DuckDBEngine } from '../../functions/core/engine/duckdb-engine.js';
import {
  formatMeetingDateTime,
  loadReportConfig,
  openBrowser,
  type RenderedAgendaPack,
  type ReportBrowser,
  type ReportConfig,
  renderAgendaPack,
  renderReports,
} from '../../functions/core/reports/index.js';
import { LocalStore } from '../../functions/core/store/local-store.js';
import { openFixtureEngine } from '../fixtures/report-tables.js';
import { type PdfContents, plain, readPdf } from '../helpers/pdf-read.js';
import { tempDir } from '../helpers/temp-dir.js';

const AS_OF = '2019-11';
const PANEL = 'children-and-families-advisory-panel';

let dir: { path: string; remove: () => Promise<void> };
let fixture: { engine: DuckDBEngine; close: () => Promise<void> };
let browser: ReportBrowser;
let output: LocalStore;
let config: ReportConfig;

beforeAll(async () => {
  dir = await tempDir('panelpack-pack-');
  fixture = await openFixtureEngine(join(dir.path, 'warehouse'), [
    { las: ['850', '921'], from: '2014-04', asOf: AS_OF },
  ]);
  browser = await openBrowser();
  output = new LocalStore(join(dir.path, 'out'));
  config = await loadReportConfig('850');
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
  await dir?.remove();
});

async function pack(options: { config?: ReportConfig; committee?: string; laCode?: string } = {}) {
  const rendered = await renderAgendaPack({
    engine: fixture.engine,
    laCode: options.laCode ?? '850',
    asOf: AS_OF,
    committee: options.committee ?? PANEL,
    output,
    browser,
    ...(options.config ? { config: options.config } : {}),
  });
  const bytes = await readFile(join(dir.path, 'out', rendered.pdfKey));
  return { rendered, bytes, contents: await readPdf(bytes) };
}

/** The "(Pages X - Y)" ranges the front sheet prints, by item number. */
function printedRanges(
  frontSheet: string,
): Map<number, { from: number; to: number; title: string }> {
  const ranges = new Map<number, { from: number; to: number; title: string }>();
  for (const m of frontSheet.matchAll(
    /(\d+)\. ([A-Z][A-Z' ()-]+?) \(Pages? (\d+)(?: - (\d+))?\)/g,
  )) {
    ranges.set(Number(m[1]), { title: m[2]!, from: Number(m[3]), to: Number(m[4] ?? m[3]) });
  }
  return ranges;
}

/** Checks printed page ranges against the pages themselves. */
function expectRangesMatchPages(contents: PdfContents, rendered: RenderedAgendaPack) {
  const front = contents.pages.slice(0, rendered.frontSheetPages).join(' ');
  const ranges = printedRanges(front);
  expect([...ranges.keys()]).toEqual(rendered.items.map((i) => i.itemNumber));
  const items = [...ranges.entries()];
  items.forEach(([itemNumber, range], k) => {
    // The item's first page is its report's first page ...
    expect(contents.pages[range.from - 1]).toMatch(
      new RegExp(`^Page ${range.from} Agenda Item ${itemNumber} `),
    );
    // ... and the next item (or the end of the pack) follows its last.
    const next = items[k + 1];
    if (next) expect(next[1].from).toBe(range.to + 1);
    else expect(range.to).toBe(contents.pages.length);
    for (let page = range.from + 1; page <= range.to; page += 1) {
      expect(contents.pages[page - 1]).not.toContain('Agenda Item');
    }
  });
  expect(items[0]![1].from).toBe(rendered.frontSheetPages + 1);
  contents.pages.forEach((page, i) => {
    expect(page.startsWith(`Page ${i + 1} `)).toBe(true);
  });
}

describe('agenda pack', () => {
  test('the notice of meeting lists each report with the pages it really fills', async () => {
    const { rendered, contents } = await pack();
    const committee = config.committees[PANEL]!;
    expect(rendered.meetingDate).toBe('2020-02-04');
    expect(rendered.pdfKey).toBe(`reports/850-${PANEL}/2020-02-04/agenda-pack.pdf`);
    const front = contents.pages.slice(0, rendered.frontSheetPages).join(' ');
    expect(front).toContain(
      plain(
        `NOTICE OF MEETING Meeting ${committee.name} Date and Time ${formatMeetingDateTime('2020-02-04', committee.meetings.time)} Place ${committee.place} Enquiries to ${config.council.enquiries}`,
      ),
    );
    expect(front).toContain(config.council.chiefExecutive.name);
    config.standardItems.forEach((item, i) => {
      expect(front).toContain(plain(`${i + 1}. ${item.title} ${item.text}`));
    });
    expect(front).toContain(
      plain(
        `6. ${config.reports['crt-mash-update']!.agendaTitle} (Pages ${rendered.items[0]!.from} - ${rendered.items[0]!.to})`,
      ),
    );
    expect(front).toContain(plain(config.reports['fostering-update']!.agendaSummary));
    expectRangesMatchPages(contents, rendered);

    // Each report fills as many pages in the pack as it does on its own.
    const alone = await renderReports({
      engine: fixture.engine,
      laCode: '850',
      asOf: AS_OF,
      output,
      browser,
      reports: ['crt-mash-update', 'fostering-update'],
    });
    for (const item of rendered.items) {
      expect(item.to - item.from + 1).toBe(alone.find((r) => r.reportId === item.reportId)!.pages);
    }
    expect(rendered.pages).toBe(contents.pages.length);
  });

  test('bookmarks per item, title, language and tags survive the merge', async () => {
    const { rendered, contents, bytes } = await pack();
    expect(contents.title).toBe('Children and Families Advisory Panel, 2020-02-04 - Agenda pack');
    expect(contents.lang).toBe('en-GB');
    expect(contents.tagged).toBe(true);
    expect(contents.bookmarks.map((b) => [b.title, b.page])).toEqual([
      ['Agenda: Children and Families Advisory Panel, 2020-02-04', 1],
      ...rendered.items.map((item) => [
        plain(`Item ${item.itemNumber}: ${config.reports[item.reportId]!.title}`),
        item.from,
      ]),
    ]);
    // Under each item: the report's own headings, starting with its title on its first page.
    for (const [k, item] of rendered.items.entries()) {
      const bookmark = contents.bookmarks[k + 1]!;
      expect(bookmark.items[0]!.title).toBe(plain(config.reports[item.reportId]!.title));
      expect(bookmark.items[0]!.page).toBe(item.from);
      expect(bookmark.items[0]!.items.map((b) => b.title)).toContain('Purpose of this Report');
    }
    // The structure tree: one Document holding a Part per merged PDF, each page linked to it.
    const doc = await PDFDocument.load(bytes);
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const document = root.lookup(PDFName.of('K'), PDFDict);
    expect(document.get(PDFName.of('S'))).toBe(PDFName.of('Document'));
    const parts = document.lookup(PDFName.of('K'), PDFArray);
    expect(parts.size()).toBe(1 + rendered.items.length);
    for (let i = 0; i < parts.size(); i += 1) {
      expect(parts.lookup(i, PDFDict).get(PDFName.of('S'))).toBe(PDFName.of('Part'));
    }
    const nums = root
      .lookup(PDFName.of('ParentTree'), PDFDict)
      .lookup(PDFName.of('Nums'), PDFArray);
    const keys = new Set<number>();
    for (let i = 0; i < nums.size(); i += 2) keys.add(Number(nums.get(i).toString()));
    for (const page of doc.getPages()) {
      const key = Number(page.node.get(PDFName.of('StructParents'))?.toString());
      expect(keys.has(key)).toBe(true);
    }
    expect(keys.size).toBeGreaterThanOrEqual(doc.getPageCount());
    expect(contents.structureRoles).toEqual(['Document']);
  });

  test('a front sheet that grows longer moves every page range on, and they still match', async () => {
    const long: ReportConfig = {
      ...config,
      standardItems: [
        ...config.standardItems,
        ...Array.from({ length: 8 }, (_, i) => ({
          title: `PETITION ${i + 1}`,
          text: config.standardItems[1]!.text,
        })),
      ],
    };
    const { rendered, contents } = await pack({ config: long });
    expect(rendered.frontSheetPages).toBeGreaterThanOrEqual(3);
    expect(rendered.items[0]!.itemNumber).toBe(long.standardItems.length + 1);
    expectRangesMatchPages(contents, rendered);
  });

  test('an Isle of Wight board pack with one report', async () => {
    const { rendered, contents } = await pack({
      laCode: '921',
      committee: 'corporate-parenting-board',
    });
    expect(rendered.pdfKey).toMatch(
      /^reports\/921-corporate-parenting-board\/\d{4}-\d{2}-\d{2}\/agenda-pack\.pdf$/,
    );
    expect(rendered.items.map((i) => i.reportId)).toEqual(['care-leavers-annual']);
    expect(contents.text).toContain('ISLE OF WIGHT COUNCIL');
    expect(contents.text).not.toContain('HAMPSHIRE COUNTY COUNCIL');
    expectRangesMatchPages(contents, rendered);
  });

  test('an unknown committee fails naming the ones there are', async () => {
    await expect(pack({ committee: 'scrutiny' })).rejects.toThrow(
      /LA 850 has no committee "scrutiny": expected one of children-and-families-advisory-panel, corporate-parenting-board, cabinet/,
    );
  });
});
