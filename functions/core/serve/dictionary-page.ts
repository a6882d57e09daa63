import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';
import type { DictionaryTable } from '../dictionary/index.js';
import { packagePath } from '../package-root.js';

/** The three parts of the dictionary, in the order docs/data-dictionary.md has them. */
const SECTIONS: readonly {
  kind: DictionaryTable['kind'];
  id: string;
  title: string;
  intro: string;
}[] = [
  {
    kind: 'extract',
    id: 'extracts',
    title: 'Warehouse tables (extracts)',
    intro: 'Loaded from the monthly deliveries; la_code and month are partitions.',
  },
  {
    kind: 'reference',
    id: 'reference',
    title: 'Reference tables',
    intro: 'Shipped with panelpack.',
  },
  {
    kind: 'report',
    id: 'reports',
    title: 'Report tables',
    intro:
      'Built by panelpack tables --month YYYY-MM; each build is kept under its as_of month (filter on it). Percentages are DOUBLE in percent units (0-100), unrounded; counts BIGINT.',
  },
];

/**
 * The data dictionary as the analysts' page of the clerks' site, from the tables
 * `buildDataDictionary` describes (`templates/web/data-dictionary.hbs`, every value escaped).
 */
export async function dictionaryPage(tables: readonly DictionaryTable[]): Promise<string> {
  const source = await readFile(packagePath('templates', 'web', 'data-dictionary.hbs'), 'utf8');
  const template = Handlebars.create().compile(source, { strict: true, preventIndent: true });
  return template({
    sections: SECTIONS.map((section) => ({
      ...section,
      tables: tables.filter((table) => table.kind === section.kind),
    })),
  });
}
