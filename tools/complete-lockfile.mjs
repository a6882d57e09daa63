#!/usr/bin/env node
/**
 * Completes package-lock.json with the platform-specific optional packages npm could not
 * resolve here. The registry this project's machines reach serves only the Linux x64 builds of
 * packages such as @biomejs/cli-* and @duckdb/node-bindings-*, so `npm install` leaves the other
 * platforms' entries out of the lockfile, and `npm ci` then refuses the lockfile as out of sync
 * ("Missing: @biomejs/cli-darwin-arm64@ from lock file"). An entry naming the version and marked
 * optional is all `npm ci` needs; on a machine of another platform npm resolves it as usual.
 *
 * Run after any `npm install` that changes dependencies: `npm run lock:complete`.
 * test/unit/lockfile.test.ts fails while the lockfile lacks such an entry.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Lockfile package entries that an optionalDependencies edge names but the lockfile lacks. */
export function missingOptionalEntries(lock) {
  const packages = lock.packages ?? {};
  const missing = {};
  for (const [key, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = key === '' ? `node_modules/${name}` : `${key}/node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (packages[nested] || packages[hoisted] || missing[hoisted]) continue;
      missing[hoisted] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    }
  }
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2] ?? 'package-lock.json';
  const lock = JSON.parse(readFileSync(path, 'utf8'));
  const missing = missingOptionalEntries(lock);
  const merged = { ...lock.packages, ...missing };
  lock.packages = Object.fromEntries(
    Object.entries(merged).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
  );
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`${path}: added ${Object.keys(missing).length} optional platform entries`);
}
