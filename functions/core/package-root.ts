import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding panelpack's package.json, found by walking up from this module, so shipped
 * files (sql/, templates/) resolve the same from sources, from dist/ and inside a Lambda bundle.
 * `PANELPACK_HOME` overrides it for bundles that place those folders elsewhere.
 */
export function packageRoot(): string {
  if (cached) return cached;
  const override = process.env.PANELPACK_HOME;
  if (override) {
    cached = override;
    return cached;
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('panelpack: cannot find the package root (package.json)');
    dir = parent;
  }
  cached = dir;
  return cached;
}

/** A path inside the package, e.g. `packagePath('sql', 'reports')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
