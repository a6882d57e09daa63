import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * Headless Chrome from @sparticuz/chromium with puppeteer-core, launched as the report
 * renderer's `openBrowser` launches it (same binary, flags and bundled fonts), but handing back
 * the browser itself so a test can drive pages. `openBrowser` only exposes printing.
 */
export async function launchPageBrowser(): Promise<Browser> {
  const args = chromium.args.filter((a) => a !== '--single-process');
  if (!args.includes('--no-sandbox')) args.push('--no-sandbox');
  const fonts = join(tmpdir(), 'fonts');
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args,
    headless: 'shell',
    env: {
      ...process.env,
      ...(existsSync(join(fonts, 'fonts.conf')) ? { FONTCONFIG_PATH: fonts } : {}),
    },
  });
}
