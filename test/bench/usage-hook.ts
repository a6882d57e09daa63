/**
 * Preloaded (`node --import`) into a benchmarked child process: at exit it writes the process's
 * own resource usage (CPU time, peak RSS) to the file `PANELPACK_BENCH_USAGE` names, with the
 * CPU time of the child processes it has waited for (Chrome's) where Linux's /proc tells it.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** User + system CPU milliseconds of the waited-for children, from /proc/self/stat. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of the whole line, in clock ticks (100 per second).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const target = process.env.PANELPACK_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    writeFileSync(
      target,
      JSON.stringify({ ...process.resourceUsage(), childrenCpuMs: childrenCpuMs() }),
    );
  });
}
