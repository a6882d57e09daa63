import type { Worksheet } from 'exceljs';
import type { AnnexAList, AnnexAMapping } from '../extracts/annex-a-types.js';
import type { ExtractSchema } from '../extracts/schema.js';
import { type CellKind, cellText } from './annex-a-cells.js';
import { mapValue, matchKey, valueMap } from './annex-a-values.js';
import type { TextRow } from './append-rows.js';
import { FileRejectedError, type HeaderMap } from './header-map.js';

/** A list read into the extract's columns, ready for the loader's validation. */
export interface ListRows {
  /** How `rows`' fields line up with the extract schema (workbook headers not used: dropped). */
  readonly header: HeaderMap;
  readonly rows: readonly TextRow[];
}

/** Rows searched for the header, below any title rows. */
const HEADER_SCAN_ROWS = 20;

type Filler =
  | {
      readonly kind: 'cells';
      readonly cellKind: CellKind;
      readonly coded: boolean;
      readonly sources: readonly { col: number; map: ReadonlyMap<string, string> | undefined }[];
    }
  | { readonly kind: 'derive'; readonly parts: readonly string[] };

function headerTexts(sheet: Worksheet, row: number): Map<number, string> {
  const texts = new Map<number, string>();
  sheet.getRow(row).eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value, 'text');
    if (text !== '') texts.set(col, text);
  });
  return texts;
}

function knownHeaders(list: AnnexAList, mapping: AnnexAMapping): Set<string> {
  const headers = [...list.dropped, ...mapping.personalNameHeaders];
  for (const spec of Object.values(list.columns)) {
    if ('headers' in spec) headers.push(...spec.headers);
    if ('combine' in spec) for (const part of spec.combine) headers.push(...part.headers);
  }
  return new Set(headers.map(matchKey));
}

/** The row among the first few with the most known headers (at least two), below title rows. */
function findHeaderRow(sheet: Worksheet, known: Set<string>): number | undefined {
  let best: { row: number; matches: number } | undefined;
  const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
  for (let row = 1; row <= last; row++) {
    let matches = 0;
    for (const text of headerTexts(sheet, row).values()) if (known.has(matchKey(text))) matches++;
    if (matches >= 2 && matches > (best?.matches ?? 0)) best = { row, matches };
  }
  return best?.row;
}

const kindOf = (type: string): CellKind =>
  type === 'date' ? 'date' : type === 'datetime' ? 'datetime' : 'text';

/**
 * Reads one Annex A list sheet into the columns of `schema` as `list` maps them: finds the header
 * row under any title rows, matches headers, turns each cell into extract text (dates to
 * `YYYY-MM-DD`, coded values through the mapping's value maps) and derives the identifiers the
 * list lacks. Columns of staff names are never read. Rows whose every cell is empty are skipped.
 * Validation is not done here: the rows go through the same checks as a CSV delivery.
 * @param file how the list is named in messages, e.g. `annex-a_850_2024-01.xlsx [List 1]`
 * @throws FileRejectedError when no header row is found, a column matches twice, or a required
 *   column is missing: the list is rejected whole.
 */
export function readList(
  sheet: Worksheet,
  list: AnnexAList,
  schema: ExtractSchema,
  mapping: AnnexAMapping,
  file: string,
  date1904 = false,
): ListRows {
  const reject = (problem: string): never => {
    throw new FileRejectedError(file, problem);
  };
  const headerRow =
    findHeaderRow(sheet, knownHeaders(list, mapping)) ??
    reject(
      `no header row of List ${list.list} found in the first ${HEADER_SCAN_ROWS} rows (such as "Child Unique ID")`,
    );
  const headers = headerTexts(sheet, headerRow);
  const personal = new Set(mapping.personalNameHeaders.map(matchKey));
  const columnsOf = (names: readonly string[]): number[] => {
    const keys = new Set(names.map(matchKey));
    return [...headers].filter(([, text]) => keys.has(matchKey(text))).map(([col]) => col);
  };

  const used = new Set<number>();
  const fillers = new Map<string, Filler>();
  for (const column of schema.columns) {
    const spec = list.columns[column.name];
    if (!spec || 'derive' in spec) continue;
    const parts = 'combine' in spec ? spec.combine : [spec];
    const sources = parts.map((part) => {
      const cols = columnsOf(part.headers).filter(
        (col) => !personal.has(matchKey(headers.get(col)!)),
      );
      if (cols.length > 1) {
        reject(
          `${cols.length} columns could be ${column.name}: ${cols.map((c) => `"${headers.get(c)}"`).join(', ')}`,
        );
      }
      const map = part.values ? mapping.values[part.values] : undefined;
      if (part.values && !map) reject(`the mapping has no value map "${part.values}"`);
      return cols[0] === undefined ? undefined : { col: cols[0], map: map && valueMap(map) };
    });
    // A joined code needs every part: half of it (a type with no suitability) is not recorded.
    if (sources.some((s) => s === undefined)) continue;
    const present = sources as { col: number; map: ReadonlyMap<string, string> | undefined }[];
    for (const source of present) used.add(source.col);
    fillers.set(column.name, {
      kind: 'cells',
      cellKind: kindOf(column.type),
      coded: column.type === 'code' || column.type === 'boolean',
      sources: present,
    });
  }
  for (const column of schema.columns) {
    const spec = list.columns[column.name];
    if (
      spec &&
      'derive' in spec &&
      spec.derive.every((part) => fillers.get(part)?.kind === 'cells')
    ) {
      fillers.set(column.name, { kind: 'derive', parts: spec.derive });
    }
  }

  // A derived identifier is missing only because its parts are: name the parts.
  const missing = schema.columns.filter((c) => {
    const spec = list.columns[c.name];
    return c.required && !fillers.has(c.name) && !(spec && 'derive' in spec);
  });
  if (missing.length > 0) {
    const wanted = missing.map((c) => {
      const spec = list.columns[c.name];
      const names = spec && 'headers' in spec ? spec.headers.map((h) => `"${h}"`).join(' or ') : '';
      return names ? `${c.name} (${names})` : c.name;
    });
    reject(`the header lacks ${wanted.join(', ')}`);
  }

  // Canonical order: the schema's, so positions are plain indexes into each row's fields.
  const order = schema.columns.filter((c) => fillers.has(c.name)).map((c) => c.name);
  const header: HeaderMap = {
    positions: schema.columns.map((c) => order.indexOf(c.name)),
    width: order.length,
    dropped: [...headers].filter(([col]) => !used.has(col)).map(([, text]) => text),
    missingOptional: schema.columns.filter((c) => !fillers.has(c.name)).map((c) => c.name),
    hasBom: false,
  };

  const readable = [...headers.keys()].filter((col) => !personal.has(matchKey(headers.get(col)!)));
  const cellFillers = order.map((name) => fillers.get(name)!);
  const seen = new Map<string, number>();
  const rows: TextRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (sheetRow, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const blank = readable.every((col) => cellText(sheetRow.getCell(col).value, 'text') === '');
    if (blank) return;
    const fields = cellFillers.map((filler) => {
      if (filler.kind === 'derive') return '';
      return filler.sources
        .map(({ col, map }) => {
          const text = cellText(sheetRow.getCell(col).value, filler.cellKind, date1904);
          return filler.coded ? mapValue(text, map) : text;
        })
        .join('');
    });
    cellFillers.forEach((filler, i) => {
      if (filler.kind !== 'derive') return;
      const parts = filler.parts.map((p) => fields[order.indexOf(p)]!);
      if (parts.every((p) => p === '')) return;
      const key = parts.join('_');
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      fields[i] = n === 1 ? key : `${key}_${n}`;
    });
    rows.push({ row: rowNumber, fields });
  });
  return { header, rows };
}
