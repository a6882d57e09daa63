import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The platform Lambda runs panelpack on (functionDefaults: x86_64, Amazon Linux, glibc). */
export const LAMBDA_PLATFORM = { os: 'linux', cpu: 'x64', libc: 'glibc' } as const;

interface PackageJson {
  readonly name?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
}

const readPackage = (dir: string): PackageJson =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/** Node's lookup: `node_modules/<name>` in `from` or the nearest folder above, within `root`. */
function resolvePackage(root: string, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || !dir.startsWith(root)) return undefined;
  }
}

/** A package built for one platform runs on Lambda only if it names Lambda's. */
function runsOnLambda(pkg: PackageJson): boolean {
  const allows = (list: readonly string[] | undefined, value: string) =>
    !list ||
    list.includes(value) ||
    (list.some((v) => v.startsWith('!')) && !list.includes(`!${value}`));
  return (
    allows(pkg.os, LAMBDA_PLATFORM.os) &&
    allows(pkg.cpu, LAMBDA_PLATFORM.cpu) &&
    allows(pkg.libc, LAMBDA_PLATFORM.libc)
  );
}

/**
 * The installed package folders (relative to `root`) that `packages` need at run time on
 * Lambda: each package, its dependencies, and those optional dependencies built for Linux
 * x64 glibc. Throws when a package ships per-platform binaries but none installed is for
 * Lambda (a deploy from a Mac, say), naming the package to install.
 */
export function runtimeModuleFolders(root: string, packages: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, from: string, optional: boolean) => {
    const dir = resolvePackage(root, from, name);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} is not installed under ${root}: run npm ci first`);
    }
    const pkg = readPackage(dir);
    if (optional && !runsOnLambda(pkg)) return;
    if (found.has(dir)) return;
    found.add(dir);
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    const optionalDeps = Object.keys(pkg.optionalDependencies ?? {});
    const installed = optionalDeps
      .map((dep) => resolvePackage(root, dir, dep))
      .filter((d): d is string => d !== undefined)
      .map(readPackage);
    const platformBuilds = installed.filter((p) => p.os || p.cpu);
    if (platformBuilds.length > 0 && !platformBuilds.some(runsOnLambda)) {
      throw new Error(
        `${name} has no Linux x64 build installed (Lambda's platform): run ` +
          '`npm install --no-save --os=linux --cpu=x64 --libc=glibc` before deploying',
      );
    }
    for (const dep of optionalDeps) visit(dep, dir, true);
  };
  for (const name of packages) visit(name, root, false);
  const folders = [...found].sort();
  // A folder inside another is copied with it.
  return folders
    .filter((dir) => !folders.some((other) => other !== dir && dir.startsWith(other + sep)))
    .map((dir) => relative(root, dir).split(sep).join('/'));
}

/**
 * Shell commands copying those folders into the bundle. The folders are found under
 * `projectRoot`; `inputDir` is the same folder as the bundling step sees it (itself for local
 * bundling, `/asset-input` in Docker).
 */
export function copyRuntimeModulesCommands(
  projectRoot: string,
  inputDir: string,
  outputDir: string,
  packages: readonly string[],
): string[] {
  return runtimeModuleFolders(projectRoot, packages).map((folder) => {
    const parent = folder.slice(0, folder.lastIndexOf('/'));
    return `mkdir -p "${outputDir}/${parent}" && cp -R "${inputDir}/${folder}" "${outputDir}/${folder}"`;
  });
}
