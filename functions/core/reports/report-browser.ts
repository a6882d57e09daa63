import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';
import { retitleOutline } from './retitle-outline.js';

/** A printed page of HTML. */
export interface PrintedPdf {
  readonly pdf: Uint8Array;
  readonly pages: number;
}

/** A headless Chrome that prints HTML pages to tagged PDFs; one per batch of reports. */
export interface ReportBrowser {
  /**
   * Prints one self-contained HTML page (styles inline, no scripts, no network) to a PDF:
   * tagged, with bookmarks from its headings, the page size and margins of its CSS `@page`.
   */
  pdf(html: string): Promise<PrintedPdf>;
  /** Closes the browser; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenBrowserOptions {
  /**
   * Running inside Lambda: keep @sparticuz/chromium's flags exactly (single process, no
   * zygote). Elsewhere the single-process flag is dropped, as it makes a long-lived browser
   * with many pages unstable.
   */
  readonly lambda?: boolean;
  /** A Chrome to use instead of the bundled one (must match puppeteer-core's protocol). */
  readonly executablePath?: string;
  /**
   * Let Chrome see the machine's fonts. By default it sees only the fonts shipped with
   * @sparticuz/chromium, so a PDF lays out the same on a laptop, in CI and in Lambda.
   */
  readonly systemFonts?: boolean;
}

/** Where @sparticuz/chromium unpacks its fonts and fontconfig file. */
const BUNDLED_FONTS = join(tmpdir(), 'fonts');

/**
 * Launches headless Chrome from @sparticuz/chromium with the renderer's flags and fonts, and
 * hands back the puppeteer browser itself: for `openBrowser` below, and for tests and
 * benchmarks that drive pages of the same browser.
 */
export async function launchChrome(options: OpenBrowserOptions = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? (await chromium.executablePath());
  const args = options.lambda
    ? [...chromium.args]
    : chromium.args.filter((a) => a !== '--single-process');
  if (!args.includes('--no-sandbox')) args.push('--no-sandbox');
  const env: Record<string, string | undefined> = { ...process.env };
  if (!options.systemFonts && existsSync(join(BUNDLED_FONTS, 'fonts.conf'))) {
    env.FONTCONFIG_PATH = BUNDLED_FONTS;
  }
  return puppeteer.launch({ executablePath, args, headless: 'shell', env });
}

/**
 * Starts headless Chrome from @sparticuz/chromium. Close it when the batch is done (the
 * renderers never close a browser they were given).
 */
export async function openBrowser(options: OpenBrowserOptions = {}): Promise<ReportBrowser> {
  const browser = await launchChrome(options);
  let closed = false;
  return {
    async pdf(html) {
      const page = await browser.newPage();
      try {
        // Reports are static documents: nothing may run or be fetched while printing them.
        await page.setJavaScriptEnabled(false);
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          const url = request.url();
          if (url.startsWith('data:') || url === 'about:blank') void request.continue();
          else void request.abort();
        });
        await page.setContent(html, { waitUntil: 'load' });
        // Read by the DevTools protocol, not by page script (which stays disabled).
        const headings = await page.$$eval('h1, h2, h3, h4, h5, h6', (elements) =>
          elements.map((e) => e.textContent ?? ''),
        );
        const pdf = await page.pdf({
          tagged: true,
          outline: true,
          printBackground: true,
          preferCSSPageSize: true,
        });
        return retitleOutline(pdf, headings);
      } finally {
        await page.close().catch(() => undefined);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await browser.close();
      } catch {
        browser.process()?.kill('SIGKILL');
      }
    },
  };
}

/** Runs `work` with a browser and closes it afterwards, even when `work` throws. */
export async function withBrowser<T>(
  work: (browser: ReportBrowser) => Promise<T>,
  options?: OpenBrowserOptions,
): Promise<T> {
  const browser = await openBrowser(options);
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}
