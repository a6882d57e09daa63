/**
 * An independent reader for the CSV the product writes (rejects files, exports), so that the
 * checks do not trust the product's own splitter, and the spreadsheet-formula rule the checks
 * hold every written cell to.
 */

/**
 * Parses strict RFC 4180 text (CRLF or LF line ends, `""` inside quotes).
 * @throws Error on a stray quote, text after a closing quote or an unterminated quote.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let afterQuote = false;
  const endField = () => {
    record.push(field);
    field = '';
    quoted = false;
    afterQuote = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        afterQuote = true;
        i += 1;
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === ',') {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endField();
      records.push(record);
      record = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else if (ch === '"') {
      if (field !== '' || afterQuote) throw new Error(`stray quote at offset ${i}`);
      quoted = true;
      i += 1;
    } else {
      if (afterQuote) throw new Error(`text after a closing quote at offset ${i}`);
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quote at end of input');
  if (field !== '' || record.length > 0 || afterQuote) {
    endField();
    records.push(record);
  }
  return records;
}

/**
 * Whether a spreadsheet opening the cell would show it as text rather than run it: a plain
 * number, or text whose first character after any whitespace is not = + - @ (or a full-width
 * form of one) and which does not start with a tab, carriage return or line feed.
 */
export function isInertCell(cell: string): boolean {
  if (/^-?\d+(\.\d+)?$/.test(cell)) return true;
  if (/^[\t\r\n]/.test(cell)) return false;
  const first = cell.replace(/^\s+/u, '')[0];
  return first === undefined || !'=+-@\uff1d\uff0b\uff0d\uff20'.includes(first);
}
