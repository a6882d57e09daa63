import { readSettings } from '../../functions/core/config.js';

describe('settings', () => {
  test('defaults, environment, then flags', () => {
    expect(readSettings({}, { HOME: '/home/a' })).toMatchObject({
      warehouse: './warehouse',
      cacheDir: expect.stringContaining('panelpack'),
      duckdbThreads: undefined,
    });
    const env = {
      HOME: '/h',
      PANELPACK_WAREHOUSE: 's3://b/p',
      PANELPACK_DUCKDB_THREADS: '2',
      PANELPACK_DUCKDB_MEMORY: '2GB',
    };
    expect(readSettings({}, env)).toMatchObject({
      warehouse: 's3://b/p',
      duckdbThreads: 2,
      duckdbMemory: '2GB',
    });
    expect(readSettings({ warehouse: './w' }, env).warehouse).toBe('./w');
  });

  test('fails fast naming the setting', () => {
    expect(() => readSettings({}, { PANELPACK_DUCKDB_THREADS: 'two' })).toThrow(
      'setting PANELPACK_DUCKDB_THREADS="two" is not usable: expected a whole number above 0',
    );
    expect(() => readSettings({}, { PANELPACK_DUCKDB_MEMORY: 'lots' })).toThrow(
      'PANELPACK_DUCKDB_MEMORY',
    );
    expect(() => readSettings({}, { PANELPACK_S3_ENDPOINT: 'localhost:9000' })).toThrow(
      'PANELPACK_S3_ENDPOINT',
    );
  });

  test('without HOME (Lambda) the cache lives under the temp folder', () => {
    expect(readSettings({}, {}).cacheDir).toMatch(/^\/tmp/);
  });
});
