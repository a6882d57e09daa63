import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { openDuckDB } from '../../../functions/core/engine/duckdb-instance.js';
import { type ExtractSchema, LA_EXTRACTS } from '../../../functions/core/extracts/index.js';
import { loadFile, partitionPrefix } from '../../../functions/core/load/index.js';
import { LocalStore } from '../../../functions/core/store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { isInertCell, parseCsv } from '../../reliability/csv-check.js';
import {
  type CsvStyle,
  corruptionsFor,
  isoOf,
  schemaHeader,
  type TextRow,
  validRowArb,
  withKeys,
  writeCsv,
} from '../../reliability/schema-rows.js';

let duckdb: DuckDBInstance;
let dir: { path: string; remove: () => Promise<void> };
let runs = 0;

beforeAll(async () => {
  duckdb = await openDuckDB({ threads: 1 });
  dir = await tempDir();
});
afterAll(async () => {
  duckdb.closeSync();
  await dir.remove();
});

const monthArb = fc
  .integer({ min: 2011 * 12, max: 2034 * 12 + 11 })
  .map((m) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);

/** How the file is written: column order, an unknown column, line ends, BOM, quoting, padding. */
function styleArb(schema: ExtractSchema): fc.Arbitrary<CsvStyle> {
  const names = schemaHeader(schema);
  return fc
    .record({
      order: fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }),
      extra: fc.boolean(),
      eol: fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      finalEol: fc.boolean(),
      quoteAll: fc.boolean(),
      pad: fc.boolean(),
    })
    .map(({ order, extra, ...style }) => ({
      ...style,
      header: extra ? [...order.slice(0, 2), 'Worker Name', ...order.slice(2)] : order,
      fieldOf: Object.fromEntries(names.map((n) => [n, n])),
    }));
}

async function monthRows(store: LocalStore, schema: ExtractSchema, month: string, la = '850') {
  const path = join(store.localRoot, partitionPrefix(schema.name, la, month), 'part-0.parquet');
  const connection = await duckdb.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT * FROM read_parquet($path)', { path });
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

test('valid rows load as typed values in file order; each broken row is rejected, naming its rule', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...LA_EXTRACTS).chain((schema) =>
        monthArb.chain((month) =>
          fc.record({
            schema: fc.constant(schema),
            month: fc.constant(month),
            rows: fc.array(validRowArb(schema, month), { minLength: 1, maxLength: 20 }),
            damage: fc.array(fc.record({ at: fc.nat(), which: fc.nat() }), { maxLength: 6 }),
            style: styleArb(schema),
          }),
        ),
      ),
      async ({ schema, month, rows: generated, damage, style }) => {
        runs += 1;
        const keyed = withKeys(schema, generated, `=K${runs}-`);
        const corruptions = corruptionsFor(schema, month);
        const broken = new Map<number, { column: string; rule: string }>();
        const rows: TextRow[] = [...keyed];
        for (const { at, which } of damage) {
          // The first row stays whole: the duplicate-key corruption copies its key.
          const i = 1 + (at % Math.max(1, rows.length - 1));
          if (i >= rows.length || broken.has(i)) continue;
          const corruption = corruptions[which % corruptions.length]!;
          rows[i] = corruption.apply(rows[i]!, keyed.slice(0, i));
          broken.set(i, { column: corruption.column, rule: corruption.rule });
        }
        const folder = join(dir.path, String(runs));
        await mkdir(folder);
        const path = join(folder, `${schema.name}_850_${month}.csv`);
        await writeFile(
          path,
          writeCsv(rows, style, (i) => `Jane Smith ${i}`),
        );
        const store = new LocalStore(join(folder, 'warehouse'));
        const result = await loadFile(path, { store, duckdb });

        const good = rows.filter((_, i) => !broken.has(i));
        expect(result).toMatchObject({
          status: good.length > 0 ? 'loaded' : 'not_replaced',
          rows_read: rows.length,
          rows_loaded: good.length,
          rows_rejected: broken.size,
        });
        const rejects = result.rejects_key
          ? parseCsv((await store.get(result.rejects_key))!.toString('utf8')).slice(1)
          : [];
        for (const cell of rejects.flat()) expect(isInertCell(cell)).toBe(true);
        expect(new Set(rejects.map((r) => Number(r[1])))).toEqual(
          new Set([...broken.keys()].map((i) => i + 2)),
        );
        for (const [i, { column, rule }] of broken) {
          const lines = rejects.filter((r) => Number(r[1]) === i + 2);
          expect(lines.map((r) => `${r[2]}: ${r[3]}`)).toContainEqual(
            expect.stringContaining(`${column}: ${rule}`),
          );
        }
        if (good.length === 0) return;
        const stored = await monthRows(store, schema, month);
        const key = schema.key[0]!;
        expect(stored.map((r) => r[key])).toEqual(good.map((r) => r[key]!.trim()));
        expect(JSON.stringify(stored)).not.toContain('Jane Smith');
        for (const [j, row] of good.entries()) {
          for (const column of schema.columns) {
            const text = (row[column.name] ?? '').replace(/^ +| +$/g, '');
            const value = stored[j]![column.name];
            if (text === '') expect(value).toBeNull();
            else if (column.type === 'string') expect(value).toBe(text);
            else if (column.type === 'code') {
              expect(String(value).toUpperCase()).toBe(text.toUpperCase());
              expect(column.codes).toContain(value);
            } else if (column.type === 'date') expect(value).toBe(isoOf(text));
            else if (column.type === 'integer') expect(Number(value)).toBe(Number(text));
            else if (column.type === 'boolean') expect(typeof value).toBe('boolean');
          }
        }
      },
    ),
    { numRuns: 25 },
  );
});

test('an event key is held by one month of an LA only, whatever order months arrive in', async () => {
  const events = LA_EXTRACTS.filter((s) => s.kind === 'event');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...events),
      // Deliveries: a month, and which of twelve shared keys it carries.
      fc.array(
        fc.record({
          month: fc.constantFrom('2021-03', '2021-04', '2021-05'),
          keys: fc.uniqueArray(fc.nat({ max: 11 }), { minLength: 1, maxLength: 6 }),
        }),
        { minLength: 2, maxLength: 5 },
      ),
      fc.integer(),
      async (schema, deliveries, seed) => {
        runs += 1;
        const folder = join(dir.path, String(runs));
        await mkdir(folder);
        const store = new LocalStore(join(folder, 'warehouse'));
        const key = schema.key[0]!;
        for (const [d, { month, keys }] of deliveries.entries()) {
          const rows = fc
            .sample(validRowArb(schema, month), { seed: seed + d, numRuns: keys.length })
            .map((row, i) => ({ ...row, [key]: `k${keys[i]}` }));
          await mkdir(join(folder, String(d)));
          const path = join(folder, String(d), `${schema.name}_850_${month}.csv`);
          await writeFile(path, writeCsv(rows, { header: schemaHeader(schema) }));
          // What the other months hold before this delivery replaces its month.
          const elsewhere = new Map<string, string>();
          for (const other of ['2021-03', '2021-04', '2021-05'].filter((m) => m !== month)) {
            const held = await monthRows(store, schema, other).catch(() => []);
            for (const r of held) elsewhere.set(String(r[key]), other);
          }
          const result = await loadFile(path, { store, duckdb });
          const clashes = rows.filter((r) => elsewhere.has(r[key]!));
          expect(result.rows_rejected).toBe(clashes.length);
          if (clashes.length > 0) {
            const text = (await store.get(result.rejects_key!))!.toString('utf8');
            for (const r of clashes) {
              expect(text).toContain(
                `key: already loaded for month ${elsewhere.get(r[key]!)},${r[key]}`,
              );
            }
          }
          const all = (
            await Promise.all(
              ['2021-03', '2021-04', '2021-05'].map((m) =>
                monthRows(store, schema, m).catch(() => []),
              ),
            )
          ).flat();
          const keysHeld = all.map((r) => r[key]);
          expect(new Set(keysHeld).size).toBe(keysHeld.length);
        }
      },
    ),
    { numRuns: 8 },
  );
});
