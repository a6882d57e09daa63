import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { SiteConfig } from './page/site-config.js';
import { clerksPageAssets } from './page-assets.js';

/** The files of the clerks' page, as a web host serves them from the root of its origin. */
export const SITE_FILES = [
  'index.html',
  'app.js',
  'styles.css',
  'config.json',
  'data-dictionary.html',
] as const;

/**
 * Writes the clerks' page as static files for a host in front of the AWS reports API: the
 * page `panelpack serve` serves, its `config.json` (the API, the sign-in), and the data
 * dictionary page. Nothing in them is a paper or a record. Returns the paths written.
 */
export async function writeClerksSite(
  dir: string,
  config: SiteConfig,
  dictionaryHtml: string,
): Promise<string[]> {
  const files = new Map<string, string | Uint8Array>(
    [...(await clerksPageAssets())].map(([name, asset]) => [name, asset.body]),
  );
  files.set('config.json', `${JSON.stringify(config, null, 2)}\n`);
  files.set('data-dictionary.html', dictionaryHtml);
  const written: string[] = [];
  for (const name of SITE_FILES) {
    const path = join(dir, name);
    await writeFileAtomic(path, { bytes: files.get(name)! });
    written.push(path);
  }
  return written;
}
