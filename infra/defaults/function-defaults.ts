import { join } from 'node:path';
import { type Duration, Size } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { ENV } from '../../functions/core/config.js';
import { copyRuntimeModulesCommands } from '../bundling/runtime-modules.js';

/** Where a Lambda's code lives once deployed; `packageRoot()` finds sql/ and templates/ here. */
export const LAMBDA_TASK_ROOT = '/var/task';
/** Lambda's only writable folder; DuckDB's home, spill and mirror cache go under it. */
export const LAMBDA_CACHE_DIR = '/tmp/panelpack';

/** What varies between panelpack's functions. */
export interface FunctionDefaultsOptions {
  /** The repository root: the lock file and the folders copied into bundles are found here. */
  readonly projectRoot: string;
  /** The handler file, relative to `projectRoot`, e.g. `functions/ingest/handler.ts`. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** /tmp size in MiB (512-10240). Default 512. */
  readonly ephemeralStorageMiB?: number;
  /**
   * Packages shipped as installed folders beside the bundle rather than bundled: native
   * bindings (DuckDB) and packages that read their own files at run time (@sparticuz/chromium).
   * They and their dependencies are copied from the project's node_modules, Linux x64 builds
   * only, so bundling needs no registry and ships exactly the versions the tests ran.
   */
  readonly runtimeModules?: readonly string[];
  /** Repository folders the code reads at run time, copied beside the bundle (`sql`, `templates`). */
  readonly assetFolders?: readonly string[];
  /** The function's own role; panelpack never lets CDK attach AWS managed policies. */
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  /** Settings under the names in functions/core/config.ts ENV. */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * DuckDB's threads and memory limit for a function of `memoryMiB`: Lambda gives one vCPU per
 * 1,769 MiB, and DuckDB gets 60% of memory so Node, the S3 SDK and buffers keep the rest.
 */
export function duckdbSizing(memoryMiB: number): Record<string, string> {
  return {
    [ENV.duckdbThreads]: String(Math.max(1, Math.floor(memoryMiB / 1769))),
    [ENV.duckdbMemory]: `${Math.floor(memoryMiB * 0.6)}MB`,
    [ENV.cacheDir]: LAMBDA_CACHE_DIR,
  };
}

/**
 * Props for a panelpack Lambda: Node 22 on x86_64, an ES module bundle with source maps, the
 * lock file's exact dependency versions (the AWS SDK included, rather than the runtime's
 * copy), native and self-locating packages copied beside it for Linux x64, a fixed log group
 * and role, and the shipped folders (sql, templates, config) beside the code.
 */
export function functionDefaults(options: FunctionDefaultsOptions): NodejsFunctionProps {
  const folders = options.assetFolders ?? [];
  const modules = options.runtimeModules ?? [];
  return {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.X86_64,
    entry: join(options.projectRoot, options.entry),
    handler: 'handler',
    projectRoot: options.projectRoot,
    depsLockFilePath: join(options.projectRoot, 'package-lock.json'),
    memorySize: options.memorySize,
    timeout: options.timeout,
    ephemeralStorageSize: Size.mebibytes(options.ephemeralStorageMiB ?? 512),
    role: options.role,
    logGroup: options.logGroup,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      [ENV.home]: LAMBDA_TASK_ROOT,
      ...options.environment,
    },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      mainFields: ['module', 'main'],
      // Bundled CommonJS dependencies call require(); an ES module bundle has none of its own.
      banner:
        "import { createRequire as panelpackCreateRequire } from 'node:module'; const require = panelpackCreateRequire(import.meta.url);",
      sourceMap: true,
      sourcesContent: false,
      externalModules: [...modules],
      // Not `nodeModules`: CDK would `npm ci` them from the registry with the whole lock file,
      // which records only this platform's optional DuckDB builds and so fails (and needs a
      // network). Copying the installed Linux x64 folders works offline and ships what was tested.
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) => [
          ...folders.map((folder) => `cp -R "${inputDir}/${folder}" "${outputDir}/${folder}"`),
          ...(modules.length > 0
            ? copyRuntimeModulesCommands(options.projectRoot, inputDir, outputDir, modules)
            : []),
        ],
      },
    },
  };
}
