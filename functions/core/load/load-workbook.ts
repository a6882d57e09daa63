import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { annexAMapping } from '../extracts/annex-a-mapping.js';
import type { AnnexAMapping } from '../extracts/annex-a-types.js';
import { extractByName } from '../extracts/index.js';
import { silentLogger } from '../logger.js';
import { isoDateOfText } from './annex-a-cells.js';
import { readList } from './annex-a-list.js';
import { parseAnnexAName } from './annex-a-name.js';
import type { TextRow } from './append-rows.js';
import { FileRejectedError } from './header-map.js';
import { type LoadContext, type LoadResult, loadRows, rejectedResult } from './load-file.js';

const LIST_SHEET = /^list[\s_-]*(\d{1,2})(?!\d)(?:[\s_:-].*)?$/i;

const unique = (values: readonly string[]) => [...new Set(values)];

/** One result for the whole workbook, with each list-and-month delivery's result inside it. */
function summary(
  file: string,
  laCode: string,
  month: string,
  sha256: string,
  deliveries: readonly LoadResult[],
): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => deliveries.reduce((n, r) => n + pick(r), 0);
  const reasons: Record<string, number> = {};
  for (const d of deliveries) {
    for (const [reason, count] of Object.entries(d.reject_reasons)) {
      const key = `${d.extract}.${reason}`;
      reasons[key] = (reasons[key] ?? 0) + count;
    }
  }
  const notLoaded = deliveries.filter((d) => d.status !== 'loaded');
  const anyLoaded = notLoaded.length < deliveries.length;
  return {
    file,
    status: anyLoaded
      ? 'loaded'
      : notLoaded.every((d) => d.status === 'rejected')
        ? 'rejected'
        : 'not_replaced',
    la_code: laCode,
    month,
    file_sha256: sha256,
    rows_read: sum((r) => r.rows_read),
    rows_loaded: sum((r) => r.rows_loaded),
    rows_rejected: sum((r) => r.rows_rejected),
    months_replaced: unique(deliveries.flatMap((d) => d.months_replaced)).sort(),
    columns_dropped: unique(deliveries.flatMap((d) => d.columns_dropped)),
    columns_not_recorded: unique(
      deliveries.flatMap((d) => d.columns_not_recorded.map((c) => `${d.extract}.${c}`)),
    ),
    reject_reasons: reasons,
    ...(notLoaded.length > 0
      ? {
          message: notLoaded
            .map((d) => d.message ?? `${d.file}: ${d.month} not replaced`)
            .join('; '),
        }
      : {}),
    deliveries,
  };
}

/**
 * Loads an Ofsted Annex A workbook (SPEC 3.8) named `annex-a_<la>_<YYYY-MM>.xlsx` (the 12
 * months to YYYY-MM) or `annex-a_<la>_<first>_<last>.xlsx`. Each mapped list (`annexAMapping`:
 * List 1 contacts, 3 referrals, 4 assessments, 5 s47_enquiries, 9 care_leavers) is read into
 * its extract's columns and loaded through the CSV path's validation, one delivery per month:
 * an event list's rows go to the month of their event date, replacing each month that has
 * rows; a snapshot list (List 9) is the period's last month. A row whose date is missing, not
 * a date, or outside the period goes to the last month's delivery, where the date check
 * rejects it. An empty list, and every month without rows, is left as it was.
 * @returns one result for the workbook, each delivery's result in `deliveries`; status
 *   `rejected`, with nothing written, when the workbook cannot be read as a whole.
 */
export async function loadWorkbook(
  path: string,
  context: LoadContext,
  mapping: AnnexAMapping = annexAMapping,
): Promise<LoadResult> {
  const logger = context.logger ?? silentLogger;
  const file = basename(path);
  const reject = (problem: string): never => {
    throw new FileRejectedError(file, problem);
  };
  try {
    let name: ReturnType<typeof parseAnnexAName>;
    try {
      name = parseAnnexAName(path);
    } catch (error) {
      const message = (error as Error).message;
      return reject(message.slice(message.indexOf(': ') + 2));
    }
    const { laCode, months } = name;
    const last = months[months.length - 1]!;
    if (context.knownLaCodes && !context.knownLaCodes.has(laCode)) {
      reject(`LA ${laCode} is not in the LA list (sql/reference/la.csv)`);
    }
    const bytes = await readFile(path).catch(() => reject('the file cannot be opened'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx
      .load(bytes as unknown as ArrayBuffer)
      .catch(() => reject('not a readable .xlsx workbook; save it from Excel as .xlsx'));
    const date1904 = Boolean((workbook.properties as { date1904?: boolean } | undefined)?.date1904);

    const sheetsOf = new Map<number, ExcelJS.Worksheet[]>();
    for (const sheet of workbook.worksheets) {
      const list = LIST_SHEET.exec(sheet.name.trim());
      if (list) sheetsOf.set(Number(list[1]), [...(sheetsOf.get(Number(list[1])) ?? []), sheet]);
    }
    const wanted = mapping.lists.map((l) => l.list);
    if (!wanted.some((n) => sheetsOf.has(n))) {
      reject(
        `no sheet named List ${wanted.join(', ').replace(/, (\d+)$/, ' or $1')} (e.g. List_1 or List 1)`,
      );
    }

    const stem = file.replace(/\.xlsx$/i, '');
    const inPeriod = new Set(months);
    const deliveries: LoadResult[] = [];
    for (const list of mapping.lists) {
      const sheets = sheetsOf.get(list.list) ?? [];
      if (sheets.length === 0) continue;
      const label = `${file} [${sheets[0]!.name}]`;
      if (sheets.length > 1) {
        const names = sheets.map((s) => `"${s.name}"`).join(', ');
        const problem = `List ${list.list} is in ${sheets.length} sheets (${names})`;
        deliveries.push(rejectedResult(label, new FileRejectedError(label, problem).message));
        continue;
      }
      const schema = extractByName(list.extract);
      if (!schema || schema.kind === 'reference') {
        throw new Error(`Annex A mapping: List ${list.list} names unknown extract ${list.extract}`);
      }
      let read: ReturnType<typeof readList>;
      try {
        read = readList(sheets[0]!, list, schema, mapping, label, date1904);
      } catch (error) {
        if (!(error instanceof FileRejectedError)) throw error;
        logger.warn('list rejected', { file: label, problem: error.problem });
        deliveries.push(rejectedResult(label, error.message));
        continue;
      }
      if (read.rows.length === 0) continue;

      const dateAt = list.monthColumn
        ? read.header.positions[schema.columns.findIndex((c) => c.name === list.monthColumn)]!
        : -1;
      const byMonth = new Map<string, TextRow[]>();
      for (const row of read.rows) {
        const date = dateAt >= 0 ? isoDateOfText(row.fields[dateAt] ?? '') : undefined;
        const month = date && inPeriod.has(date.slice(0, 7)) ? date.slice(0, 7) : last;
        const rows = byMonth.get(month);
        if (rows) rows.push(row);
        else byMonth.set(month, [row]);
      }
      for (const month of [...byMonth.keys()].sort()) {
        deliveries.push(
          await loadRows(
            {
              // The month too, so every line of `panelpack load` says which month it is about.
              file: `${label} ${month}`,
              delivery: { schema, laCode, month },
              header: read.header,
              sha256,
              deliveryId: `${stem}.list-${list.list}.${month}.${sha256.slice(0, 12)}`,
              rows: byMonth.get(month)!,
            },
            context,
          ),
        );
      }
    }
    if (deliveries.length === 0) {
      reject(`Lists ${wanted.join(', ').replace(/, (\d+)$/, ' and $1')} have no rows`);
    }
    return summary(file, laCode, last, sha256, deliveries);
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    logger.warn('file rejected', { file, problem: error.problem });
    return rejectedResult(file, error.message);
  }
}
