import { generate } from '../../functions/core/synth/index.js';
import type { Terminal } from '../terminal.js';
import { UserError } from '../terminal.js';

export interface GenerateFlags {
  readonly from: string;
  readonly to: string;
  readonly out: string;
  readonly la: readonly string[];
  readonly seed: number;
  readonly scale: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Checks the flags of `generate` (and of `demo`, which generates too). */
export function checkGenerateFlags(flags: GenerateFlags): void {
  if (!MONTH.test(flags.from)) throw new UserError(`--from ${flags.from}: expected YYYY-MM`);
  if (!MONTH.test(flags.to)) throw new UserError(`--to ${flags.to}: expected YYYY-MM`);
  if (flags.from > flags.to) throw new UserError(`--from ${flags.from} is after --to ${flags.to}`);
  for (const la of flags.la)
    if (!/^\d{3}$/.test(la)) throw new UserError(`--la ${la}: expected a 3-digit DfE LA number`);
  if (!Number.isInteger(flags.seed))
    throw new UserError(`--seed ${flags.seed}: expected a whole number`);
  if (!(flags.scale > 0)) throw new UserError(`--scale ${flags.scale}: expected a number above 0`);
}

/** `panelpack generate`: synthetic extracts in the SPEC format. */
export async function generateCommand(
  flags: GenerateFlags,
  terminal: Terminal,
): Promise<{ files: string[]; code: number }> {
  checkGenerateFlags(flags);
  const result = await generate({
    from: flags.from,
    to: flags.to,
    outDir: flags.out,
    las: flags.la,
    seed: flags.seed,
    scale: flags.scale,
    onProgress: (done, total) => terminal.progress(`generating ${done}/${total}`),
  });
  terminal.done();
  const counts = Object.entries(result.rows).map(([extract, rows]) => `${extract} ${rows}`);
  terminal.err(`wrote ${result.files.length} files to ${flags.out}: ${counts.join(', ')} rows`);
  return { files: result.files, code: 0 };
}
