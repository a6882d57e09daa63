import { readFile } from 'node:fs/promises';
import { packagePath } from '../package-root.js';
import type { PageAsset } from './reports-server.js';

/**
 * The clerks' page as files: `index.html` and `styles.css` from `templates/web/`, and `app.js`
 * bundled by esbuild from the page's TypeScript (`functions/core/serve/page/`), so the page is
 * type-checked and linted with the rest of the code and needs no build step of its own.
 */
export async function clerksPageAssets(): Promise<Map<string, PageAsset>> {
  const { build } = await import('esbuild');
  const bundle = await build({
    entryPoints: [packagePath('functions', 'core', 'serve', 'page', 'clerks-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const web = (name: string) => readFile(packagePath('templates', 'web', name));
  return new Map<string, PageAsset>([
    ['index.html', { body: await web('index.html'), contentType: 'text/html; charset=utf-8' }],
    ['styles.css', { body: await web('styles.css'), contentType: 'text/css; charset=utf-8' }],
    [
      'app.js',
      { body: bundle.outputFiles[0]!.contents, contentType: 'text/javascript; charset=utf-8' },
    ],
  ]);
}
