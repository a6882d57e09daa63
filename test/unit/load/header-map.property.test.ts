import fc from 'fast-check';
import { LA_EXTRACTS } from '../../../functions/core/extracts/index.js';
import { mapHeader } from '../../../functions/core/load/header-map.js';
import { FileRejectedError } from '../../../functions/core/load/index.js';
import { csvField } from '../../reliability/schema-rows.js';

const schemaArb = fc.constantFrom(...LA_EXTRACTS);

/** A header name as spreadsheets write it: any case, padded, maybe quoted. */
const spelling = (name: string) =>
  fc
    .tuple(
      fc.constantFrom('as is', 'upper', 'title'),
      fc.constantFrom('', ' ', '  '),
      fc.constantFrom('', ' '),
      fc.boolean(),
    )
    .map(([casing, before, after, quote]) => {
      const cased =
        casing === 'upper'
          ? name.toUpperCase()
          : casing === 'title'
            ? name.replace(/(^|_)([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase())
            : name;
      return quote ? `${before}"${cased}"${after}`.trim() : `${before}${cased}${after}`;
    });

/** Names no schema uses (free-text columns a council adds). */
const unknownName = fc
  .stringMatching(/^[A-Za-z][A-Za-z ]{0,15}[a-z]$/)
  .filter(
    (n) =>
      !LA_EXTRACTS.some((s) =>
        s.columns.some((c) =>
          [c.name, ...(c.aliases ?? [])].some((a) => a.toLowerCase() === n.trim().toLowerCase()),
        ),
      ),
  );

test('any order, spelling and extra columns map every schema column to its place', () => {
  fc.assert(
    fc.property(
      schemaArb.chain((schema) =>
        fc.record({
          schema: fc.constant(schema),
          // Every required column, any optional ones, in any order, with unknown ones between.
          optional: fc.subarray(schema.columns.filter((c) => !c.required).map((c) => c.name)),
          unknown: fc.uniqueArray(unknownName, { maxLength: 3, selector: (n) => n.toLowerCase() }),
          order: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
          spellings: fc.tuple(...schema.columns.map((c) => spelling(c.name))),
          bom: fc.boolean(),
          trailingCommas: fc.nat({ max: 2 }),
          eol: fc.constantFrom('\n', '\r\n', '\r', ''),
        }),
      ),
      ({ schema, optional, unknown, order, spellings, bom, trailingCommas, eol }) => {
        const names = [
          ...schema.columns
            .filter((c) => c.required || optional.includes(c.name))
            .map((c) => c.name),
          ...unknown,
        ];
        // A deterministic shuffle driven by `order`.
        const shuffled = names
          .map((name, i) => ({ name, rank: order[i % order.length]! * 100 + i }))
          .sort((a, b) => a.rank - b.rank)
          .map((x) => x.name);
        const cells = shuffled.map((name) => {
          const at = schema.columns.findIndex((c) => c.name === name);
          return at >= 0 ? spellings[at]! : csvField(name);
        });
        const text = `${bom ? '\uFEFF' : ''}${cells.join(',')}${','.repeat(trailingCommas)}${eol && `${eol}data,row`}`;
        const header = mapHeader('f.csv', Buffer.from(text, 'utf8'), schema);
        expect(header.width).toBe(shuffled.length);
        expect(header.hasBom).toBe(bom);
        schema.columns.forEach((column, i) => {
          expect(header.positions[i]).toBe(shuffled.indexOf(column.name));
        });
        expect([...header.dropped].sort()).toEqual(unknown.map((n) => n.trim()).sort());
        expect([...header.missingOptional].sort()).toEqual(
          schema.columns
            .filter((c) => !c.required && !optional.includes(c.name))
            .map((c) => c.name)
            .sort(),
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('a header lacking a required column, or naming one twice, rejects the file', () => {
  fc.assert(
    fc.property(
      schemaArb.chain((schema) =>
        fc.record({
          schema: fc.constant(schema),
          column: fc.constantFrom(...schema.columns.filter((c) => c.required).map((c) => c.name)),
          twice: fc.boolean(),
        }),
      ),
      ({ schema, column, twice }) => {
        const names = schema.columns.map((c) => c.name).filter((n) => twice || n !== column);
        if (twice) names.push(column.toUpperCase());
        const problem = twice ? `column ${column} appears 2 times` : `lacks required column`;
        expect(() => mapHeader('f.csv', Buffer.from(`${names.join(',')}\n`), schema)).toThrow(
          expect.objectContaining({
            name: 'FileRejectedError',
            message: expect.stringContaining(problem),
          }),
        );
      },
    ),
  );
});

test('whatever the bytes, the header either maps or rejects the file with a reason', () => {
  const byte = fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(0x2c, 0x22, 0x0a, 0x0d, 0x3b, 0x09, 0xef, 0xbb, 0xbf, 0xff, 0xfe),
  );
  const names = (schema: (typeof LA_EXTRACTS)[number]) =>
    Buffer.from(schema.columns.map((c) => c.name).join(','));
  fc.assert(
    fc.property(
      schemaArb,
      fc.array(byte, { maxLength: 80 }),
      fc.nat(),
      fc.boolean(),
      (schema, noise, at, start) => {
        const valid = names(schema);
        const where = start ? 0 : at % (valid.length + 1);
        const head = Buffer.concat([
          valid.subarray(0, where),
          Buffer.from(noise),
          valid.subarray(where),
        ]);
        try {
          const header = mapHeader('f.csv', head, schema);
          expect(header.positions.filter((p, i) => p < 0 && schema.columns[i]!.required)).toEqual(
            [],
          );
        } catch (error) {
          expect(error).toBeInstanceOf(FileRejectedError);
          expect((error as FileRejectedError).problem.length).toBeGreaterThan(5);
        }
      },
    ),
    { numRuns: 2000 },
  );
});
