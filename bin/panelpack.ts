#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readSettings, SettingError } from '../functions/core/config.js';
import { silentLogger } from '../functions/core/logger.js';
import { RESULT_FORMATS } from '../functions/core/output/format-result.js';
import type { Workspace } from '../functions/core/workspace.js';
import { processTerminal, UserError } from './terminal.js';

// Each command's modules (DuckDB, Chrome, the AWS SDKs, exceljs) are imported when the command
// runs, not at start: a `panelpack load` does not pay for loading the renderer (see BENCHMARKS.md).

const terminal = processTerminal();

const number = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError(`${name} must be a number`);
  return parsed;
};
const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').map((v) => v.trim()),
];

/** Opens the warehouse the flags name, runs `work`, and always closes it. */
async function withWorkspace(
  warehouse: string | undefined,
  work: (w: Workspace) => Promise<number>,
): Promise<number> {
  const { Workspace } = await import('../functions/core/workspace.js');
  const workspace = await Workspace.open(
    readSettings(warehouse ? { warehouse } : {}),
    silentLogger,
  );
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}

/** `render` and `run`: papers for publication get statistical disclosure control. */
const PUBLISH_HELP =
  'papers for publication: counts below the threshold (config disclosureControl, default 5) print as "<5", and figures that would reveal them as "[c]"';

const warehouseOption = () =>
  new Option(
    '--warehouse <dir|s3://bucket/prefix>',
    'the warehouse (env PANELPACK_WAREHOUSE, default ./warehouse)',
  );

function program(setExit: (code: number) => void): Command {
  const cli = new Command('panelpack')
    .description("Children's social care extracts -> Parquet warehouse -> committee reports")
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  cli
    .command('demo')
    .description(
      'generate a synthetic two-year history for LAs 850 and 921, load it, build the report tables and render every report into ./out (npm start)',
    )
    .addOption(warehouseOption())
    .option('--landing <dir>', 'where the synthetic extracts are written', './landing')
    .option('--out <dir>', 'where the PDFs are written', './out')
    .option('--from <YYYY-MM>', 'first month (default: 24 months before last month)')
    .option('--to <YYYY-MM>', 'last month (default: last complete month)')
    .action(async (flags) => {
      const { demoCommand, lastCompleteMonths } = await import('./commands/demo.js');
      const range = lastCompleteMonths(new Date(), 24);
      setExit(
        await withWorkspace(flags.warehouse, (w) =>
          demoCommand(
            {
              landing: flags.landing,
              from: flags.from ?? range.from,
              to: flags.to ?? range.to,
              la: ['850', '921'],
              out: flags.out,
            },
            w,
            terminal,
          ),
        ),
      );
    });

  cli
    .command('generate')
    .description('write synthetic extracts in the SPEC format, one file per extract per month')
    .requiredOption('--from <YYYY-MM>', 'first month')
    .requiredOption('--to <YYYY-MM>', 'last month')
    .requiredOption('--out <dir>', 'output folder')
    .option('--la <code>', 'DfE LA number(s), repeat or comma-separate', list)
    .option('--seed <n>', 'random seed (same seed, same files)', number('--seed'), 1)
    .option('--scale <x>', 'multiplies volumes (benchmarks)', number('--scale'), 1)
    .addOption(warehouseOption().hideHelp())
    .action(async (flags) => {
      const { generateCommand } = await import('./commands/generate.js');
      const result = await generateCommand({ ...flags, la: flags.la ?? ['850'] }, terminal);
      setExit(result.code);
    });

  cli
    .command('load')
    .description(
      'load extract files or folders into the warehouse; prints rows read, loaded, rejected and months replaced per file',
    )
    .argument('<path...>', 'CSV files or folders of them')
    .addOption(warehouseOption())
    .action(async (paths: string[], flags) => {
      const { loadCommand } = await import('./commands/load.js');
      setExit(await withWorkspace(flags.warehouse, (w) => loadCommand(paths, w, terminal)));
    });

  cli
    .command('tables')
    .description(
      'build every report table up to a month, for each LA (or --la), and print rows per table',
    )
    .requiredOption('--month <YYYY-MM>', 'the build month (as_of)')
    .option(
      '--la <code>',
      'DfE LA number(s), repeat or comma-separate (default: every LA with data)',
      list,
    )
    .addOption(
      new Option('--engine <engine>', 'query engine')
        .choices(['duckdb', 'athena'])
        .default('duckdb'),
    )
    .addOption(warehouseOption())
    .action(async (flags) => {
      const { tablesCommand } = await import('./commands/tables.js');
      setExit(
        await withWorkspace(flags.warehouse, async (w) =>
          tablesCommand(
            { month: flags.month, ...(flags.la ? { la: flags.la } : {}) },
            await w.engineNamed(flags.engine),
            terminal,
          ),
        ),
      );
    });

  cli
    .command('render')
    .description(
      'render one report (or agenda-pack) to PDF and HTML under <out>/reports/<la>-<committee>/<meeting-date>/',
    )
    .argument(
      '<report>',
      'crt-mash-update, fostering-update, care-leavers-annual, annual-safeguarding or agenda-pack',
    )
    .requiredOption('--month <YYYY-MM>', 'the build month (as_of) of the report tables')
    .option('--la <code>', 'DfE LA number(s) (default: every configured LA with data)', list)
    .option(
      '--meeting-date <YYYY-MM-DD>',
      "the meeting (default: the committee's next in the LA config)",
    )
    .option('--committee <key>', 'agenda-pack: the committee key in config/reports/<la>.json')
    .option('--out <dir>', 'output folder', './out')
    .option('--publish', PUBLISH_HELP)
    .addOption(warehouseOption())
    .action(async (report: string, flags) => {
      const { renderCommand } = await import('./commands/render.js');
      setExit(
        await withWorkspace(flags.warehouse, async (w) =>
          renderCommand(
            {
              report,
              month: flags.month,
              out: flags.out,
              ...(flags.la ? { la: flags.la } : {}),
              ...(flags.meetingDate ? { meetingDate: flags.meetingDate } : {}),
              ...(flags.committee ? { committee: flags.committee } : {}),
              ...(flags.publish ? { publish: true } : {}),
            },
            await w.duckdbEngine(),
            terminal,
          ),
        ),
      );
    });

  cli
    .command('run')
    .description(
      'the monthly job: load what is in landing, build every report table, render every report and agenda pack',
    )
    .requiredOption('--month <YYYY-MM>', 'the month to build and report as at')
    .option('--landing <dir>', 'folder of delivered extracts', './landing')
    .option('--la <code>', 'DfE LA number(s) (default: every LA with data)', list)
    .option('--out <dir>', 'output folder', './out')
    .option('--publish', PUBLISH_HELP)
    .addOption(warehouseOption())
    .action(async (flags) => {
      const { runCommand } = await import('./commands/run.js');
      setExit(
        await withWorkspace(flags.warehouse, (w) =>
          runCommand(
            {
              month: flags.month,
              landing: flags.landing,
              out: flags.out,
              ...(flags.la ? { la: flags.la } : {}),
              ...(flags.publish ? { publish: true } : {}),
            },
            w,
            terminal,
          ),
        ),
      );
    });

  cli
    .command('sql')
    .description(
      'ad-hoc SQL over every warehouse, reference and report table; no QUERY opens a prompt',
    )
    .argument('[query]', 'one SQL statement')
    .option('--file <path>', 'run the statement in this file (e.g. one of sql/analyst/)')
    .addOption(
      new Option(
        '--format <format>',
        'output format (default table; with --out, the file extension)',
      ).choices([...RESULT_FORMATS, 'parquet']),
    )
    .option('--out <file>', 'write the result to a .csv, .json or .parquet file')
    .addOption(
      new Option('--engine <engine>', 'query engine')
        .choices(['duckdb', 'athena'])
        .default('duckdb'),
    )
    .addOption(warehouseOption())
    .action(async (query: string | undefined, flags) => {
      const { historyPath, sqlExport, sqlOnce, sqlPlan, sqlPrompt } = await import(
        './commands/sql.js'
      );
      const plan = await sqlPlan({ query, ...flags });
      setExit(
        await withWorkspace(flags.warehouse, async (w) => {
          const engine = await w.engineNamed(flags.engine);
          try {
            if (plan.kind === 'print') {
              return await sqlOnce(engine, plan.query, plan.format, terminal);
            }
            if (plan.kind === 'export') return await sqlExport(engine, w.duckdb, plan, terminal);
            return await sqlPrompt(engine, plan.format, terminal, historyPath(w.settings.cacheDir));
          } finally {
            // The workspace closes its own DuckDB engine; an Athena engine is this command's.
            if (engine.name === 'athena') await engine.close();
          }
        }),
      );
    });

  cli
    .command('serve')
    .description(
      "the clerks' page over the rendered reports (PDF and HTML only, never warehouse data), with the analysts' data dictionary",
    )
    .option('--port <n>', 'port to listen on (0: any free port)', number('--port'), 8080)
    .option('--reports <dir>', 'the folder the reports were rendered into (their --out)', './out')
    .option(
      '--host <address>',
      'address to listen on; anything but loopback has no sign-in',
      '127.0.0.1',
    )
    .option(
      '--export-site <dir>',
      'instead of serving, write the page for the AWS deployment into this folder',
    )
    .option('--api-base <url>', 'with --export-site: the stack output ReportsApiUrl')
    .option('--sign-in-domain <url>', 'with --export-site: the stack output SignInDomain')
    .option('--client-id <id>', 'with --export-site: the stack output PageClientId')
    .addOption(warehouseOption().hideHelp())
    .action(async (flags) => {
      const { serveCommand } = await import('./commands/serve.js');
      setExit(
        await serveCommand(
          {
            reports: flags.reports,
            port: flags.port,
            host: flags.host,
            ...(flags.exportSite ? { exportSite: flags.exportSite } : {}),
            ...(flags.apiBase ? { apiBase: flags.apiBase } : {}),
            ...(flags.signInDomain ? { signInDomain: flags.signInDomain } : {}),
            ...(flags.clientId ? { clientId: flags.clientId } : {}),
          },
          terminal,
        ),
      );
    });

  return cli;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await program((c) => {
      code = c;
    }).parseAsync(argv);
    return code;
  } catch (error) {
    terminal.done();
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse problem is a usage error (exit 2).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError || error instanceof SettingError) {
      terminal.err(`panelpack: ${error.message}`);
      return error instanceof UserError ? 2 : 1;
    }
    terminal.err(`panelpack: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
