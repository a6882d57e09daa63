const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_IDENTIFIER_LENGTH = 128;

/**
 * Throws unless `name` is a lower-case SQL identifier (`[a-z_][a-z0-9_]*`, at most 128
 * characters). Call it on every table or column name spliced into SQL text. Lower case only,
 * because Trino folds unquoted names to lower case while DuckDB keeps their case, so only
 * lower-case names mean the same on both; the pattern also leaves no room for quotes or
 * whitespace, so a validated name cannot change a statement's shape.
 */
export function assertIdentifier(name: string): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new Error(
      `Not a valid SQL identifier: ${JSON.stringify(String(name).slice(0, 64))} ` +
        '(expected lower-case letters, digits and _, not starting with a digit)',
    );
  }
  if (name.length > MAX_IDENTIFIER_LENGTH) {
    throw new Error(`SQL identifier is longer than ${MAX_IDENTIFIER_LENGTH} characters`);
  }
  return name;
}

/**
 * A validated identifier in double quotes, which both engines read as an identifier, so a
 * name that is also a keyword (`month`, `year`) still works as a column name.
 */
export function quoteIdentifier(name: string): string {
  return `"${assertIdentifier(name)}"`;
}
