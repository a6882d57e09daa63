import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../functions/core/package-root.js';

/** A `panelpack serve` running in a child process. */
export interface ServeProcess {
  /** The page's URL, as the command printed it. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Stops it as Ctrl-C would and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the real CLI's `panelpack serve ARGS` from its TypeScript source (as test/helpers/cli.ts
 * runs commands) and resolves once it prints the page's address.
 */
export function startServe(args: readonly string[], cwd: string): Promise<ServeProcess> {
  const root = packageRoot();
  const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx/esm')).href;
  const child = spawn(
    process.execPath,
    ['--import', tsx, join(root, 'bin', 'panelpack.ts'), 'serve', ...args],
    { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    child.stdout!.on('data', (d) => {
      stdout += d;
      const match = /The clerks' page is at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        resolve({
          url: match[1]!,
          child,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`panelpack serve exited ${code}: ${stderr}`)));
  });
}
