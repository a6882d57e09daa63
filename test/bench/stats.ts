/** Median and range of repeated measurements: the only way BENCHMARKS.md states a figure. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Summarises samples (at least one). */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarise: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** Per-run ratios of two series measured in pairs (run i of each under the same conditions). */
export function pairedRatios(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  return numerators.map((n, i) => n / denominators[i]!);
}

/** `1.23 s` / `456 ms`. */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

/** Thousands separated with commas, as the council papers print them. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(0)}%`;
}

/** `median [min-max] (n runs)` with the given formatter. */
export function formatSummary(summary: Summary, format: (n: number) => string): string {
  return `${format(summary.median)} [${format(summary.min)}–${format(summary.max)}]`;
}
