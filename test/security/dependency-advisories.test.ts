/**
 * The production dependencies (package-lock.json entries not marked dev) against advisories
 * checked by hand. `npm run audit` (npm audit --omit=dev --audit-level=high) is the real check
 * and must be run where the registry answers it; this list is what was looked up when it could
 * not be (docs/security.md says when and how), kept so a downgrade or a lockfile regeneration
 * that brings a known-vulnerable version back fails here, offline.
 */
import { readFile } from 'node:fs/promises';
import { packagePath } from '../../functions/core/package-root.js';

interface Advisory {
  readonly id: string;
  readonly package: string;
  readonly severity: 'moderate' | 'high' | 'critical';
  /** Vulnerable ranges: [introduced, fixed) per release line; `fixed: null` means no fix yet. */
  readonly ranges: readonly { readonly introduced: string; readonly fixed: string | null }[];
}

/** Advisories against packages panelpack ships, high or critical unless noted. */
const ADVISORIES: readonly Advisory[] = [
  {
    id: 'GHSA-2w6w-674q-4c4q (CVE-2026-33937)',
    package: 'handlebars',
    severity: 'critical',
    ranges: [{ introduced: '0.0.0', fixed: '4.7.9' }],
  },
  {
    id: 'GHSA-vj76-c3g6-qr5v, GHSA-8cj5-5rvv-wf4v, GHSA-pq67-2wwv-3xjx',
    package: 'tar-fs',
    severity: 'high',
    ranges: [
      { introduced: '0.0.0', fixed: '1.16.6' },
      { introduced: '2.0.0', fixed: '2.1.4' },
      { introduced: '3.0.0', fixed: '3.1.1' },
    ],
  },
  {
    id: 'GHSA-96hv-2xvq-fx4p (CVE-2026-48779), CVE-2026-62389, GHSA-3h5v-q93c-6h6q',
    package: 'ws',
    severity: 'high',
    ranges: [
      { introduced: '0.0.0', fixed: '7.5.11' },
      { introduced: '8.0.0', fixed: '8.21.1' },
    ],
  },
  {
    id: 'GHSA-3ppc-4f35-3m26',
    package: 'minimatch',
    severity: 'high',
    ranges: [
      { introduced: '0.0.0', fixed: '3.1.3' },
      { introduced: '4.0.0', fixed: '4.2.4' },
      { introduced: '5.0.0', fixed: '5.1.7' },
      { introduced: '6.0.0', fixed: '6.2.1' },
      { introduced: '7.0.0', fixed: '7.4.7' },
      { introduced: '8.0.0', fixed: '8.0.5' },
      { introduced: '9.0.0', fixed: '9.0.6' },
      { introduced: '10.0.0', fixed: '10.2.1' },
    ],
  },
  {
    id: 'GHSA-mh99-v99m-4gvg (CVE-2026-14257), GHSA-3jxr-9vmj-r5cp',
    package: 'brace-expansion',
    severity: 'high',
    ranges: [
      { introduced: '0.0.0', fixed: '1.1.17' },
      { introduced: '2.0.0', fixed: '2.1.3' },
      { introduced: '3.0.0', fixed: '3.0.5' },
      { introduced: '4.0.0', fixed: '5.0.8' },
    ],
  },
  {
    id: 'GHSA-5rq4-664w-9x2c (CVE-2026-27699)',
    package: 'basic-ftp',
    severity: 'critical',
    ranges: [{ introduced: '0.0.0', fixed: '5.2.0' }],
  },
  {
    id: 'CVE-2026-40895',
    package: 'follow-redirects',
    severity: 'high',
    ranges: [{ introduced: '0.0.0', fixed: '1.16.0' }],
  },
  {
    id: 'GHSA-fwr7-v2mv-hh25',
    package: 'async',
    severity: 'high',
    ranges: [
      { introduced: '0.0.0', fixed: '2.6.4' },
      { introduced: '3.0.0', fixed: '3.2.2' },
    ],
  },
  {
    id: 'CVE-2021-23406',
    package: 'pac-resolver',
    severity: 'high',
    ranges: [{ introduced: '0.0.0', fixed: '5.0.0' }],
  },
  {
    // Moderate, and only in uuid's v3/v5/v6 with a caller's buffer. exceljs (the Annex A
    // reader) pins uuid 8, which has no fixed release; it calls v4 only, so the path is unused.
    id: 'GHSA-w5hq-g745-h8pq (CVE-2026-41907)',
    package: 'uuid',
    severity: 'moderate',
    ranges: [{ introduced: '0.0.0', fixed: '11.1.1' }],
  },
];

/** Releases pulled from npm as malicious (the September 2025 supply-chain compromise). */
const COMPROMISED: Readonly<Record<string, readonly string[]>> = {
  debug: ['4.4.2'],
  chalk: ['5.6.1'],
  'ansi-styles': ['6.2.2'],
  'strip-ansi': ['7.1.1'],
  'ansi-regex': ['6.2.1'],
  'supports-color': ['10.2.1'],
  'wrap-ansi': ['9.0.1'],
  'color-convert': ['3.1.1'],
  'color-name': ['2.0.1'],
};

/** Compares dotted numeric versions (pre-release tags sort before their release). */
function compare(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { parts: core!.split('.').map(Number), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i += 1) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

function affects(advisory: Advisory, version: string): boolean {
  return advisory.ranges.some(
    (r) =>
      compare(version, r.introduced) >= 0 && (r.fixed === null || compare(version, r.fixed) < 0),
  );
}

/** name -> versions of every production package in the lockfile. */
async function productionPackages(): Promise<Map<string, string[]>> {
  const lock = JSON.parse(await readFile(packagePath('package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean }>;
  };
  const found = new Map<string, string[]>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || !entry.version) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    found.set(name, [...(found.get(name) ?? []), entry.version]);
  }
  return found;
}

test('the version comparison orders releases as npm does', () => {
  expect(compare('4.7.10', '4.7.9')).toBeGreaterThan(0);
  expect(compare('1.1.22', '1.1.17')).toBeGreaterThan(0);
  expect(compare('8.3.2', '11.1.1')).toBeLessThan(0);
  expect(compare('1.5.6-r.1', '1.5.6')).toBeLessThan(0);
  expect(affects(ADVISORIES[0]!, '4.7.8')).toBe(true);
  expect(affects(ADVISORIES[0]!, '4.7.9')).toBe(false);
});

test('no production dependency is in the range of a known high or critical advisory', async () => {
  const packages = await productionPackages();
  expect(packages.size).toBeGreaterThan(100);
  expect(packages.get('handlebars')).toBeDefined();
  const findings: string[] = [];
  for (const advisory of ADVISORIES.filter((a) => a.severity !== 'moderate')) {
    for (const version of packages.get(advisory.package) ?? []) {
      if (affects(advisory, version))
        findings.push(`${advisory.package}@${version}: ${advisory.id}`);
    }
  }
  expect(findings).toEqual([]);
});

test('no production dependency is a release pulled as malicious', async () => {
  const packages = await productionPackages();
  const found = Object.entries(COMPROMISED).flatMap(([name, bad]) =>
    (packages.get(name) ?? []).filter((v) => bad.includes(v)).map((v) => `${name}@${v}`),
  );
  expect(found).toEqual([]);
});

test('the moderate findings accepted are exactly those docs/security.md explains', async () => {
  const packages = await productionPackages();
  const moderate = ADVISORIES.filter((a) => a.severity === 'moderate').flatMap((a) =>
    (packages.get(a.package) ?? []).filter((v) => affects(a, v)).map((v) => `${a.package}@${v}`),
  );
  const docs = await readFile(packagePath('docs', 'security.md'), 'utf8');
  for (const finding of moderate) expect(docs).toContain(finding);
});
