import { readFile } from 'node:fs/promises';
import { buildDataDictionary } from '../../../functions/core/dictionary/index.js';
import { generatedDocs } from '../../../functions/core/dictionary/write-docs.js';
import { openDuckDB } from '../../../functions/core/engine/duckdb-instance.js';
import { packagePath } from '../../../functions/core/package-root.js';

describe('data dictionary', () => {
  test('documents every table and every SPEC 4 column with its type', async () => {
    const tables = await buildDataDictionary(await openDuckDB({ threads: 1 }));
    const byName = new Map(tables.map((t) => [t.name, t]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining([
        'contacts',
        'care_leavers',
        'benchmarks',
        'calendar',
        'la',
        'frontdoor_contacts_monthly',
      ]),
    );
    const contactsMonthly = byName.get('frontdoor_contacts_monthly')!;
    const type = (column: string) => contactsMonthly.columns.find((c) => c.name === column)?.type;
    expect(type('month')).toBe('DATE');
    expect(type('contacts_total')).toBe('BIGINT');
    expect(type('pct_resolved')).toBe('DOUBLE');
    expect(byName.get('contacts')!.rules).toContain('contact_date lies inside the delivery month');
    for (const table of tables) {
      for (const column of table.columns) expect(column.definition.length).toBeGreaterThan(3);
    }
  });

  test('docs/data-dictionary.md and the README report-table section are up to date (npm run docs)', async () => {
    const docs = await generatedDocs();
    expect(await readFile(packagePath('docs', 'data-dictionary.md'), 'utf8')).toBe(docs.dictionary);
    expect(await readFile(packagePath('README.md'), 'utf8')).toBe(docs.readme);
  });
});
