import { readFile } from 'node:fs/promises';
import { packagePath } from '../../functions/core/package-root.js';

test('package-lock.json names every optional platform package, so npm ci accepts it (npm run lock:complete)', async () => {
  const lock = JSON.parse(await readFile(packagePath('package-lock.json'), 'utf8'));
  // @ts-expect-error: a plain .mjs tool without type declarations
  const { missingOptionalEntries } = await import('../../tools/complete-lockfile.mjs');
  expect(Object.keys(missingOptionalEntries(lock))).toEqual([]);
  expect(lock.packages['node_modules/@biomejs/cli-darwin-arm64']).toMatchObject({ optional: true });
});
