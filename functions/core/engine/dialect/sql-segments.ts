/**
 * A small SQL lexer that only knows what both engines agree on: `'strings'` (with `''`),
 * `"quoted identifiers"` (with `""`), `-- line` and block comments. It exists so that
 * rewriting SQL text (placeholders, wrapping a statement) never touches a `$` or `;` that sits
 * inside a literal or a comment.
 */

/** A run of SQL text of one kind. Concatenating every segment's `text` gives back the input. */
export interface SqlSegment {
  readonly kind: 'code' | 'string' | 'identifier' | 'comment';
  readonly text: string;
}

/**
 * Splits SQL into code, string-literal, quoted-identifier and comment segments.
 * Throws on an unterminated literal, identifier or block comment, since no engine would run it
 * and a rewrite of its tail would be meaningless.
 */
export function sqlSegments(sql: string): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let code = '';
  let i = 0;
  const flushCode = () => {
    if (code !== '') segments.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      flushCode();
      segments.push({ kind: 'comment', text: sql.slice(i, stop) });
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new Error('SQL has an unterminated /* comment');
      flushCode();
      segments.push({ kind: 'comment', text: sql.slice(i, end + 2) });
      i = end + 2;
    } else if (ch === "'" || ch === '"') {
      const stop = closingQuote(sql, i, ch);
      flushCode();
      segments.push({ kind: ch === "'" ? 'string' : 'identifier', text: sql.slice(i, stop) });
      i = stop;
    } else {
      code += ch;
      i += 1;
    }
  }
  flushCode();
  return segments;
}

/** Index just past the quote that closes the literal opened at `start` (doubled quotes escape). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  throw new Error(
    quote === "'"
      ? 'SQL has an unterminated string literal'
      : 'SQL has an unterminated quoted identifier',
  );
}
