import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: { path: string; remove: () => Promise<void> };
let env: Record<string, string>;

beforeAll(async () => {
  dir = await tempDir('panelpack-cli-');
  env = { PANELPACK_CACHE_DIR: join(dir.path, 'cache'), PANELPACK_DUCKDB_THREADS: '1' };
});
afterAll(() => dir.remove());

describe('panelpack CLI', () => {
  test('generate -> load -> sql, as an analyst would', async () => {
    const gen = await runCli(
      [
        'generate',
        '--from',
        '2019-10',
        '--to',
        '2019-11',
        '--out',
        'landing',
        '--la',
        '921',
        '--seed',
        '7',
      ],
      { cwd: dir.path, env },
    );
    expect(gen.code).toBe(0);
    const files = await readdir(join(dir.path, 'landing'));
    expect(files).toEqual(
      expect.arrayContaining(['contacts_921_2019-10.csv', 'care_leavers_921_2019-11.csv']),
    );

    const load = await runCli(['load', 'landing'], { cwd: dir.path, env });
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(
      /contacts_921_2019-11\.csv: \d+ read; \d+ loaded; 0 rejected; replaced LA 921 2019-11/,
    );

    const csv = await runCli(
      [
        'sql',
        'select month, count(*) as n from contacts group by month order by month',
        '--format',
        'csv',
      ],
      { cwd: dir.path, env },
    );
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('month,n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['2019-10', '2019-11']);

    const json = await runCli(
      ['sql', "select la_code, name, region from la where la_code = '921'", '--format', 'json'],
      { cwd: dir.path, env },
    );
    expect(JSON.parse(json.stdout)).toEqual([
      { la_code: '921', name: 'Isle of Wight', region: 'South East' },
    ]);
  });

  test('the interactive prompt lists tables and columns and survives SQL errors', async () => {
    const run = await runCli(['sql'], {
      cwd: dir.path,
      env,
      input:
        '.tables\n.schema contacts\nselect nope from contacts;\nselect 1 + 1\n as two;\n.quit\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/care_leavers\s+\| VIEW/);
    expect(run.stdout).toMatch(/contact_date\s+\| DATE/);
    expect(run.stderr).toContain('SQL error: Binder Error: Referenced column "nope" not found');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toMatch(/two\n-+\n\s*2\n/);
  });

  test('errors: a SQL problem exits 1 without a stack, usage exits 2, a bad file exits 1 naming it', async () => {
    const sql = await runCli(['sql', 'selec 1'], { cwd: dir.path, env });
    expect(sql.code).toBe(1);
    expect(sql.stderr).toMatch(/^SQL error: Parser Error: syntax error at or near "selec"/);
    expect(sql.stderr).not.toMatch(/\n\s+at /);

    expect((await runCli(['generate', '--from', '2019-10'], { cwd: dir.path, env })).code).toBe(2);
    expect((await runCli(['nonsense'], { cwd: dir.path, env })).code).toBe(2);
    const badMonth = await runCli(
      ['generate', '--from', '2019-13', '--to', '2019-12', '--out', 'x'],
      { cwd: dir.path, env },
    );
    expect(badMonth).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--from 2019-13: expected YYYY-MM'),
    });

    await writeFile(join(dir.path, 'referrals_850_2019-11.csv'), 'referral_id;child_id\n');
    const bad = await runCli(['load', 'referrals_850_2019-11.csv'], { cwd: dir.path, env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'referrals_850_2019-11.csv: REJECTED: referrals_850_2019-11.csv: rejected whole, nothing loaded: not comma-separated',
    );
  });

  test('--help lists every command', async () => {
    const help = await runCli(['--help'], { cwd: dir.path, env });
    expect(help.code).toBe(0);
    for (const command of ['demo', 'generate', 'load', 'sql'])
      expect(help.stdout).toContain(command);
  });
});
