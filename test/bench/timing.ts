import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One timed piece of work in this process. */
export interface Timed<T> {
  readonly value: T;
  readonly wallMs: number;
  /** CPU time of this process (every DuckDB thread included) while the work ran. */
  readonly cpuMs: number;
}

/** Times `work`: wall clock and this process's CPU time (user + system). */
export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** What a child process used, as its own `process.resourceUsage()` saw it at exit. */
export interface ChildRun {
  readonly code: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Peak resident memory of the Node process (DuckDB included; Chrome is a separate process). */
  readonly maxRssBytes: number;
  /** CPU time of the child processes it waited for (Chrome), where the OS reports it. */
  readonly childrenCpuMs: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** Each stderr line with the milliseconds since start at which it arrived (phase timings). */
  readonly stderrLines: readonly { readonly ms: number; readonly text: string }[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** The built CLI, `dist/bin/panelpack.js`, next to this compiled file's `dist/test/bench/`. */
export const CLI = join(here, '..', '..', 'bin', 'panelpack.js');

/**
 * Runs `node <script> ...args` with the usage hook preloaded, so its CPU time and peak memory
 * come back with its wall time. Rejects when the child cannot start; a non-zero exit is returned.
 */
export async function runNode(
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'panelpack-bench-usage-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const start = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', join(here, 'usage-hook.js'), script, ...args],
      {
        cwd: options.cwd ?? process.cwd(),
        env: { ...process.env, ...options.env, PANELPACK_BENCH_USAGE: usageFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const stderrLines: { ms: number; text: string }[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr += text;
      const ms = performance.now() - start;
      for (const line of text.split('\n')) if (line.trim()) stderrLines.push({ ms, text: line });
    });
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exitCode) => resolve(exitCode ?? 1));
    });
    const wallMs = performance.now() - start;
    const usage = JSON.parse(await readFile(usageFile, 'utf8').catch(() => '{}')) as {
      userCPUTime?: number;
      systemCPUTime?: number;
      maxRSS?: number;
      childrenCpuMs?: number;
    };
    return {
      code,
      wallMs,
      cpuMs: ((usage.userCPUTime ?? 0) + (usage.systemCPUTime ?? 0)) / 1000,
      maxRssBytes: (usage.maxRSS ?? 0) * 1024,
      childrenCpuMs: usage.childrenCpuMs,
      stdout,
      stderr,
      stderrLines,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the built CLI; throws with its stderr when it exits non-zero. */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildRun> {
  const run = await runNode(CLI, args, options);
  if (run.code !== 0) {
    throw new Error(`panelpack ${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-2000)}`);
  }
  return run;
}
