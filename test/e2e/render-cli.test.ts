/**
 * The reporting commands end to end, as the monthly job and a clerk run them: synthetic
 * extracts -> `panelpack run` (load, build every report table, render every report and agenda
 * pack) -> `panelpack render` for one report; with the exit codes of SPEC 6.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf-read.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: { path: string; remove: () => Promise<void> };
let env: Record<string, string>;

beforeAll(async () => {
  dir = await tempDir('panelpack-render-cli-');
  env = { PANELPACK_CACHE_DIR: join(dir.path, 'cache'), PANELPACK_DUCKDB_THREADS: '2' };
  const gen = await runCli(
    [
      'generate',
      '--from',
      '2018-12',
      '--to',
      '2019-11',
      '--out',
      'landing',
      '--la',
      '850,921',
      '--scale',
      '0.03',
    ],
    { cwd: dir.path, env },
  );
  if (gen.code !== 0) throw new Error(`generate failed: ${gen.stderr}`);
});
afterAll(() => dir.remove());

describe('panelpack run and render', () => {
  test('run --month: loads landing, builds the tables, renders every report and agenda pack', async () => {
    const run = await runCli(['run', '--month', '2019-11', '--la', '850', '--out', 'out'], {
      cwd: dir.path,
      env,
    });
    expect(run.stderr).toContain('1/3 loading');
    expect(run.code).toBe(0);
    const paths = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('  (')[0]!);
    expect(paths).toEqual([
      'out/reports/850-children-and-families-advisory-panel/2020-02-04/crt-mash-update.pdf',
      'out/reports/850-children-and-families-advisory-panel/2020-02-04/fostering-update.pdf',
      expect.stringMatching(
        /^out\/reports\/850-corporate-parenting-board\/\d{4}-\d{2}-\d{2}\/care-leavers-annual\.pdf$/,
      ),
      expect.stringMatching(
        /^out\/reports\/850-cabinet\/\d{4}-\d{2}-\d{2}\/annual-safeguarding\.pdf$/,
      ),
      'out/reports/850-children-and-families-advisory-panel/2020-02-04/agenda-pack.pdf',
      expect.stringMatching(/^out\/reports\/850-corporate-parenting-board\/.*\/agenda-pack\.pdf$/),
      expect.stringMatching(/^out\/reports\/850-cabinet\/.*\/agenda-pack\.pdf$/),
    ]);
    for (const path of paths) {
      expect((await stat(join(dir.path, path))).size).toBeGreaterThan(10_000);
      expect((await stat(join(dir.path, path.replace(/\.pdf$/, '.html')))).isFile()).toBe(true);
    }
    const crt = await readPdf(await readFile(join(dir.path, paths[0]!)));
    expect(crt.pages[0]).toContain(
      'HAMPSHIRE COUNTY COUNCIL Report Panel: Children and Families Advisory Panel Date: 4 February 2020',
    );
    expect(crt.text).toMatch(/CRT work on between [\d,]+ and [\d,]+ contacts each month/);
    expect(crt.tagged).toBe(true);
  });

  test('render REPORT --la --meeting-date writes that meeting’s paper', async () => {
    const tables = await runCli(['tables', '--month', '2019-11', '--la', '921'], {
      cwd: dir.path,
      env,
    });
    expect(tables.code).toBe(0);
    const render = await runCli(
      [
        'render',
        'fostering-update',
        '--month',
        '2019-11',
        '--la',
        '921',
        '--meeting-date',
        '2020-03-05',
        '--out',
        'out',
      ],
      { cwd: dir.path, env },
    );
    expect(render.stderr).toBe('');
    expect(render.code).toBe(0);
    expect(render.stdout).toMatch(
      /^out\/reports\/921-childrens-services-scrutiny-committee\/2020-03-05\/fostering-update\.pdf {2}\(\d+ pages\)\n$/,
    );
    const pdf = await readPdf(
      await readFile(
        join(
          dir.path,
          'out/reports/921-childrens-services-scrutiny-committee/2020-03-05/fostering-update.pdf',
        ),
      ),
    );
    expect(pdf.pages[0]).toContain('ISLE OF WIGHT COUNCIL');
    expect(pdf.pages[0]).toContain('Date: 5 March 2020');
  });

  test('render agenda-pack --committee', async () => {
    const render = await runCli(
      [
        'render',
        'agenda-pack',
        '--committee',
        'corporate-parenting-board',
        '--month',
        '2019-11',
        '--la',
        '850',
        '--out',
        'packs',
      ],
      { cwd: dir.path, env },
    );
    expect(render.code).toBe(0);
    expect(render.stdout).toMatch(
      /^packs\/reports\/850-corporate-parenting-board\/\d{4}-\d{2}-\d{2}\/agenda-pack\.pdf {2}\(\d+ pages\)\n$/,
    );
  });

  test('usage errors exit 2 and say what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['render', 'minutes', '--month', '2019-11'],
        /unknown report "minutes": expected one of crt-mash-update/,
      ],
      [['render', 'crt-mash-update', '--month', '2019-13'], /--month 2019-13: expected YYYY-MM/],
      [['render', 'agenda-pack', '--month', '2019-11'], /render agenda-pack needs --committee/],
      [['run'], /required option '--month/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { cwd: dir.path, env });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
  });

  test('a month whose tables are not built fails with exit 1 and says what to run', async () => {
    const result = await runCli(
      ['render', 'crt-mash-update', '--month', '2019-10', '--la', '850'],
      {
        cwd: dir.path,
        env,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run `panelpack tables --month 2019-10` first');
  });
});
