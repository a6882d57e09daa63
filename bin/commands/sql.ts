import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { QueryEngine } from '../../functions/core/engine/query-engine.js';
import {
  formatResult,
  RESULT_FORMATS,
  type ResultFormat,
} from '../../functions/core/output/format-result.js';
import type { Terminal } from '../terminal.js';

const HELP = `Type SQL ending with ; (a statement may span lines). Commands:
  .tables            list the tables and views
  .schema TABLE      the columns of a table and their types
  .format FORMAT     table, csv or json
  .help              this text
  .quit              leave (or Ctrl-D)`;

/** The engine's error text, without the stack: what the analyst needs to fix the query. */
function sqlError(error: unknown): string {
  // DuckDB wraps parse errors in a prefix that says nothing to an analyst.
  return `SQL error: ${(error as Error).message.replace(/^Failed to extract statements: /, '')}`;
}

/** Tables and views every engine lists the same way (information_schema). */
export async function listTables(engine: QueryEngine): Promise<string> {
  const result = await engine.query(
    "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY table_name",
  );
  return formatResult(result, 'table');
}

export async function describeTable(engine: QueryEngine, table: string): Promise<string> {
  const result = await engine.query(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $table ORDER BY ordinal_position',
    { table },
  );
  return result.rows.length === 0 ? `no table named ${table}\n` : formatResult(result, 'table');
}

/** `panelpack sql QUERY`: prints the result; exit 1 with the SQL problem when it fails. */
export async function sqlOnce(
  engine: QueryEngine,
  query: string,
  format: ResultFormat,
  terminal: Terminal,
): Promise<number> {
  try {
    terminal.out(formatResult(await engine.query(query), format));
    return 0;
  } catch (error) {
    terminal.err(sqlError(error));
    return 1;
  }
}

/** `panelpack sql` with no query: an interactive prompt with history. */
export async function sqlPrompt(
  engine: QueryEngine,
  initialFormat: ResultFormat,
  terminal: Terminal,
  historyFile: string,
): Promise<number> {
  let format = initialFormat;
  const history = await readFile(historyFile, 'utf8')
    .then((text) => text.split('\n').filter(Boolean).reverse())
    .catch(() => [] as string[]);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    history,
    historySize: 1000,
    terminal: Boolean(process.stdin.isTTY),
  });
  const remember = async (line: string) => {
    history.unshift(line);
    await mkdir(dirname(historyFile), { recursive: true });
    await writeFile(historyFile, `${[...history].slice(0, 1000).reverse().join('\n')}\n`);
  };
  terminal.err(`panelpack sql on ${engine.name}. .help for help, .quit to leave.`);
  let buffer = '';
  rl.setPrompt('panelpack> ');
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (buffer === '' && trimmed.startsWith('.')) {
      const [command, argument] = trimmed.split(/\s+/, 2);
      if (command === '.quit' || command === '.exit') break;
      else if (command === '.help') terminal.out(HELP);
      else if (command === '.tables') terminal.out(await listTables(engine).catch(sqlError));
      else if (command === '.schema' && argument)
        terminal.out(await describeTable(engine, argument).catch(sqlError));
      else if (command === '.format' && RESULT_FORMATS.includes(argument as ResultFormat))
        format = argument as ResultFormat;
      else terminal.err(`unknown command ${trimmed}; .help lists them`);
      await remember(trimmed);
    } else if (trimmed !== '') {
      buffer = buffer ? `${buffer}\n${line}` : line;
      if (trimmed.endsWith(';')) {
        const statement = buffer.trim().replace(/;\s*$/, '');
        buffer = '';
        await remember(statement.replaceAll('\n', ' '));
        try {
          terminal.out(formatResult(await engine.query(statement), format));
        } catch (error) {
          terminal.err(sqlError(error));
        }
      }
    }
    rl.setPrompt(buffer ? '      ...> ' : 'panelpack> ');
    rl.prompt();
  }
  rl.close();
  return 0;
}

/** Where the prompt keeps its history. */
export const historyPath = (cacheDir: string) => join(cacheDir, 'sql_history');
