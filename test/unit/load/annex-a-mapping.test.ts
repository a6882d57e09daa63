import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { annexAMapping, extractByName } from '../../../functions/core/extracts/index.js';
import { cellText, isoDateOfText } from '../../../functions/core/load/annex-a-cells.js';
import { parseAnnexAName } from '../../../functions/core/load/annex-a-name.js';
import { mapValue, matchKey, valueMap } from '../../../functions/core/load/annex-a-values.js';
import { SAMPLES } from '../../fixtures/annex-a/annex-a-harness.js';

const headersOf = (spec: (typeof annexAMapping.lists)[number]['columns'][string]) =>
  'headers' in spec
    ? spec.headers
    : 'combine' in spec
      ? spec.combine.flatMap((p) => p.headers)
      : [];

describe('the mapping file is consistent with the extract schemas', () => {
  test.each(annexAMapping.lists.map((l) => [l.list, l] as const))('List %i', (_, list) => {
    const schema = extractByName(list.extract);
    expect(schema?.kind).toMatch(/^(event|snapshot)$/);
    const columns = new Map(schema!.columns.map((c) => [c.name, c]));
    // Event lists split by the event date the extract checks against the delivery month.
    if (schema!.kind === 'event') {
      expect(schema!.rules).toContainEqual({ kind: 'in_delivery_month', column: list.monthColumn });
    } else {
      expect(list.monthColumn).toBeUndefined();
    }
    for (const [name, spec] of Object.entries(list.columns)) {
      expect([name, columns.has(name)]).toEqual([name, true]);
      if ('derive' in spec) {
        for (const part of spec.derive)
          expect(headersOf(list.columns[part]!).length).toBeGreaterThan(0);
      }
    }
    for (const column of schema!.columns.filter((c) => c.required)) {
      expect([column.name, column.name in list.columns]).toEqual([column.name, true]);
    }
    // Value maps exist and give only codes of the columns that use them (or blank).
    for (const [name, spec] of Object.entries(list.columns)) {
      const parts = 'headers' in spec ? [spec] : 'combine' in spec ? spec.combine : [];
      for (const part of parts.filter((p) => p.values)) {
        const map = annexAMapping.values[part.values!];
        expect([part.values, map !== undefined]).toEqual([part.values, true]);
        if ('combine' in spec) continue;
        const codes = (columns.get(name)!.codes ?? []).map((c) => c.toUpperCase());
        for (const target of Object.values(map!)) {
          if (target !== '')
            expect([name, target, codes.includes(target.toUpperCase())]).toEqual([
              name,
              target,
              true,
            ]);
        }
      }
    }
    // A header means one thing: one column, or dropped, never a staff name.
    const keys = [
      ...Object.values(list.columns).flatMap(headersOf),
      ...list.dropped,
      ...annexAMapping.personalNameHeaders,
    ].map(matchKey);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  test('joined accommodation codes are SSDA903 ACCOM codes', () => {
    const types = Object.values(annexAMapping.values.accommodation_type!);
    const suits = new Set(Object.values(annexAMapping.values.accommodation_suitability!));
    const codes = extractByName('care_leavers')!.columns.find((c) => c.name === 'accommodation')!
      .codes!;
    for (const t of types)
      for (const s of suits)
        expect(codes.includes(`${t}${s}`) || `${t}${s}` === 'S1' || `${t}${s}` === 'X1').toBe(true);
  });

  test('every header of the sample workbooks’ mapped lists is known: mapped, dropped or a staff name', async () => {
    const unknown: string[] = [];
    for (const file of (await readdir(SAMPLES)).filter((f) => f.endsWith('.xlsx'))) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(SAMPLES, file));
      for (const list of annexAMapping.lists) {
        const sheet = workbook.worksheets.find((s) =>
          new RegExp(`^list[ _]${list.list}$`, 'i').test(s.name),
        );
        if (!sheet) continue;
        const known = new Set(
          [
            ...Object.values(list.columns).flatMap(headersOf),
            ...list.dropped,
            ...annexAMapping.personalNameHeaders,
          ].map(matchKey),
        );
        const headerRow = sheet.getRow(1).getCell(1).text.startsWith('List') ? 2 : 1;
        sheet.getRow(headerRow).eachCell((cell) => {
          if (!known.has(matchKey(cell.text))) unknown.push(`${file} ${sheet.name}: ${cell.text}`);
        });
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe('cells', () => {
  test.each([
    [43831, 'date', '2020-01-01'],
    [43831.75, 'date', '2020-01-01'],
    [43831.75, 'datetime', '2020-01-01T18:00:00'],
    [61, 'date', '1900-03-01'],
    [59, 'date', '1900-02-28'],
    [1, 'date', '1900-01-01'],
    [60, 'date', '60'], // Excel's 29 February 1900, a day that never was
    [-3, 'date', '-3'],
    [new Date(Date.UTC(2020, 8, 16)), 'date', '2020-09-16'],
    [new Date(Date.UTC(2020, 8, 16, 23, 59, 59, 999)), 'date', '2020-09-17'],
    ['16/09/2020', 'date', '2020-09-16'],
    ['1/2/2020', 'date', '2020-02-01'],
    ['2020-9-1', 'date', '2020-09-01'],
    ['2020-09-16T00:00:00', 'date', '2020-09-16'],
    ['16/09/2020 10:30', 'date', '2020-09-16'],
    ['31/02/2020', 'date', '31/02/2020'],
    ['May be 8 Jan 2000', 'date', 'May be 8 Jan 2000'],
    [' 9212044 ', 'text', '9212044'],
    [9212044, 'text', '9212044'],
    [1.5, 'text', '1.5'],
    [true, 'text', 'true'],
    [null, 'text', ''],
    [{ formula: 'A1', result: 'POLICE' }, 'text', 'POLICE'],
    [{ formula: 'A1', result: 43831 }, 'date', '2020-01-01'],
    [{ formula: 'A1' }, 'text', ''],
    [{ error: '#N/A' }, 'text', '#N/A'],
    [{ text: 'Police', hyperlink: 'https://example.org' }, 'text', 'Police'],
    [{ richText: [{ text: 'b) Fe' }, { text: 'male' }] }, 'text', 'b) Female'],
  ] as const)('%p as %s -> %p', (value, kind, text) => {
    expect(cellText(value, kind)).toBe(text);
  });

  test('the 1904 date system (Mac workbooks) counts from 1 January 1904', () => {
    expect(cellText(42369, 'date', true)).toBe('2020-01-01');
  });

  test('isoDateOfText accepts real days only', () => {
    expect(isoDateOfText('29/02/2020')).toBe('2020-02-29');
    expect(isoDateOfText('29/02/2021')).toBeUndefined();
    expect(isoDateOfText('2020-02-30')).toBeUndefined();
  });
});

describe('values', () => {
  const source = valueMap(annexAMapping.values.source!);
  const gender = valueMap(annexAMapping.values.gender!);
  test.each([
    ['q) 6: Police', source, '6'],
    ['b) 1B: Individual', source, '1B'],
    ['POLICE', source, '6'],
    ['  police ', source, '6'],
    ['‘POLICE’.', source, '6'],
    ['Individual', source, 'Individual'], // a group of codes: left for the code check to reject
    ['3A - GP', source, '3A'],
    ['A) Male', gender, 'male'],
    ['a)Male', gender, 'male'],
    ['c) Not stated/recorded (or unborn)', gender, 'unknown'],
    ['1', gender, 'male'],
    ['F1: Full time in higher education', undefined, 'F1'],
    ['Y: Other accommodation', undefined, 'Y'],
    ['a) Yes', undefined, 'Yes'],
    ['Refu', undefined, 'Refu'],
    ['', undefined, ''],
  ])('%p -> %p', (text, map, expected) => {
    expect(mapValue(text, map)).toBe(expected);
  });

  test('headers match whatever the case, spacing, quotes and trailing punctuation', () => {
    expect(matchKey('LA In Touch ')).toBe(matchKey('LA in Touch'));
    expect(matchKey("Was the child assessed as requiring LA children's social care support?")).toBe(
      matchKey('Was the child assessed as requiring LA children’s social care support'),
    );
    expect(matchKey('Date of  referral')).toBe(matchKey('Date of Referral'));
  });
});

describe('workbook names', () => {
  test('one month names the 12 months to it', () => {
    expect(parseAnnexAName('/landing/annex-a_850_2024-01.xlsx')).toEqual({
      laCode: '850',
      months: [
        '2023-02',
        '2023-03',
        '2023-04',
        '2023-05',
        '2023-06',
        '2023-07',
        '2023-08',
        '2023-09',
        '2023-10',
        '2023-11',
        '2023-12',
        '2024-01',
      ],
    });
  });

  test('two months name the first and last of the period', () => {
    expect(parseAnnexAName('ANNEX_A_921_2023-11_2024-02.XLSX')).toEqual({
      laCode: '921',
      months: ['2023-11', '2023-12', '2024-01', '2024-02'],
    });
  });
});
