import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALL_EXTRACTS, LA_EXTRACTS } from '../../../functions/core/extracts/index.js';
import { generate } from '../../../functions/core/synth/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { readCsv } from './extract-files.js';

let dirs: { path: string; remove: () => Promise<void> }[] = [];

async function run(options: {
  from: string;
  to: string;
  las?: string[];
  seed?: number;
  scale?: number;
}): Promise<{ dir: string; files: string[]; rows: Record<string, number> }> {
  const dir = await tempDir('panelpack-synth-');
  dirs.push(dir);
  const result = await generate({ ...options, outDir: dir.path });
  return { dir: dir.path, ...result };
}

async function bytesOf(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).sort();
  return new Map(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)),
  );
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => d.remove()));
  dirs = [];
});

describe('generate', () => {
  test('writes one file per extract per LA and month, then benchmarks named after the last month', async () => {
    const progress: [number, number][] = [];
    const dir = await tempDir('panelpack-synth-');
    dirs.push(dir);
    const result = await generate({
      from: '2019-11',
      to: '2019-12',
      outDir: dir.path,
      las: ['850', '921'],
      scale: 0.2,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const expected = ['850', '921'].flatMap((la) =>
      ['2019-11', '2019-12'].flatMap((m) => LA_EXTRACTS.map((e) => `${e.name}_${la}_${m}.csv`)),
    );
    expect(result.files.map((f) => f.slice(dir.path.length + 1))).toEqual([
      ...expected,
      'benchmarks_2019-12.csv',
    ]);
    expect((await readdir(dir.path)).sort()).toEqual(
      [...expected, 'benchmarks_2019-12.csv'].sort(),
    );
    expect(progress.at(-1)).toEqual([4, 4]);
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4]);
    for (const extract of ALL_EXTRACTS) expect(result.rows[extract.name]).toBeGreaterThan(0);
  });

  test('every header row is the schema column order', async () => {
    const { files } = await run({ from: '2020-03', to: '2020-03', las: ['921'] });
    for (const file of files) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      const schema = ALL_EXTRACTS.find((e) => name.startsWith(`${e.name}_`));
      expect(schema).toBeDefined();
      const { header } = await readCsv(file);
      expect(header).toEqual(schema?.columns.map((c) => c.name));
    }
  });

  test('the same options give byte-identical files; another seed gives different ones', async () => {
    const options = { from: '2021-02', to: '2021-03', las: ['850', '921'], scale: 0.3 };
    const a = await bytesOf((await run({ ...options, seed: 7 })).dir);
    const b = await bytesOf((await run({ ...options, seed: 7 })).dir);
    const c = await bytesOf((await run({ ...options, seed: 8 })).dir);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, text] of a) expect(b.get(name)).toBe(text);
    for (const name of a.keys()) expect(c.get(name)).not.toBe(a.get(name));
  });

  test('adding an LA does not change another LA’s files', async () => {
    const month = { from: '2022-05', to: '2022-05', scale: 0.3 };
    const alone = await bytesOf((await run({ ...month, las: ['921'] })).dir);
    const withOthers = await bytesOf((await run({ ...month, las: ['850', '921', '316'] })).dir);
    for (const [name, text] of alone) expect(withOthers.get(name)).toBe(text);
  });

  test('a month-end snapshot does not depend on the range generated', async () => {
    const long = await run({ from: '2022-01', to: '2022-03', las: ['921'] });
    const short = await run({ from: '2022-03', to: '2022-03', las: ['921'] });
    for (const extract of ['foster_households', 'care_leavers']) {
      const name = `${extract}_921_2022-03.csv`;
      expect(await readFile(join(short.dir, name), 'utf8')).toBe(
        await readFile(join(long.dir, name), 'utf8'),
      );
    }
  });

  test('scale multiplies volumes', async () => {
    const full = await run({ from: '2019-05', to: '2019-05', las: ['921'] });
    const tenth = await run({ from: '2019-05', to: '2019-05', las: ['921'], scale: 0.1 });
    const ratio = (tenth.rows.contacts ?? 0) / (full.rows.contacts ?? 1);
    expect(ratio).toBeGreaterThan(0.09);
    expect(ratio).toBeLessThan(0.11);
    expect(tenth.rows.care_leavers ?? 0).toBeLessThan((full.rows.care_leavers ?? 0) * 0.2);
  });

  test('LAs other than Hampshire and the Isle of Wight get a size between 0.1 and 0.6', async () => {
    const { rows } = await run({ from: '2019-05', to: '2019-05', las: ['316'] });
    expect(rows.contacts).toBeGreaterThan(0.1 * 7000);
    expect(rows.contacts).toBeLessThan(0.6 * 9000);
  });

  test.each([
    [{ from: '2019-13', to: '2020-01' }, /from "2019-13" is not a month/],
    [{ from: '2020-02', to: '2020-01' }, /from 2020-02 is after to 2020-01/],
    [{ from: '1999-12', to: '2000-01' }, /before 2000-01/],
    [{ from: '2020-01', to: '2020-01', las: ['85'] }, /LA "85" is not a 3-digit/],
    [{ from: '2020-01', to: '2020-01', las: ['850', '850'] }, /twice/],
    [{ from: '2020-01', to: '2020-01', seed: 1.5 }, /seed 1.5/],
    [{ from: '2020-01', to: '2020-01', scale: 0 }, /scale 0/],
  ])('rejects bad options %#', async (options, message) => {
    await expect(generate({ outDir: '/nonexistent/never-written', ...options })).rejects.toThrow(
      message,
    );
  });
});
