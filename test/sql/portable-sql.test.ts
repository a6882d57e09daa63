/**
 * Report SQL must run unchanged on DuckDB and on Athena engine v3 (Trino). Running each file on
 * DuckDB is tested elsewhere; this test holds every `.sql` file under `sql/` to the Trino side:
 * it must parse under a Trino grammar once its `$name` parameters are turned into Athena's `?`,
 * and it must stay inside the portable subset of functions/core/engine/dialect/README.md, whose
 * traps parse fine on both engines yet give different answers (or fail only on Athena).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { TrinoSQL, TrinoSqlListener } from 'dt-sql-parser';
import {
  parameterNames,
  singleStatement,
  toPositional,
} from '../../functions/core/engine/dialect/index.js';

const SQL_ROOT = fileURLToPath(new URL('../../sql/', import.meta.url));

/**
 * Functions known to exist with the same meaning on both engines (checked on DuckDB below, and
 * against the Trino function docs). Not here on purpose: `greatest`/`least` (DuckDB ignores
 * NULLs, Trino returns NULL), `concat` (DuckDB treats NULL as ''), `split_part` (past the last
 * field: '' vs NULL), `round` (rounding belongs in templates), `strftime`/`format`/`datediff`/
 * `date_part`/`dayofweek` (one engine only or different formats), `count_if` and other
 * engine-specific aggregates.
 */
const PORTABLE_FUNCTIONS = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'coalesce',
  'nullif',
  'abs',
  'floor',
  'ceil',
  'ceiling',
  'power',
  'sqrt',
  'date_trunc',
  'date_diff',
  'year',
  'month',
  'day',
  'quarter',
  'lower',
  'upper',
  'trim',
  'ltrim',
  'rtrim',
  'length',
  'substr',
  'lpad',
  'rpad',
  'replace',
  'strpos',
  'starts_with',
  'row_number',
  'rank',
  'dense_rank',
  'ntile',
  'percent_rank',
  'cume_dist',
  'lag',
  'lead',
  'first_value',
  'last_value',
]);

/** EXTRACT fields that mean the same on both (DOW is 0-6 from Sunday on DuckDB, 1-7 from Monday on Trino). */
const PORTABLE_EXTRACT_FIELDS = new Set(['YEAR', 'QUARTER', 'MONTH', 'DAY']);

interface Token {
  start: number;
  stop: number;
  line: number;
}
interface Node {
  start?: Token | null;
  stop?: Token | null;
  children?: Node[] | null;
  parent?: Node | null;
  _right?: unknown;
  getText(): string;
  enterRule?(listener: TrinoSqlListener): void;
  exitRule?(listener: TrinoSqlListener): void;
}

const trino = new TrinoSQL();

/**
 * Every portability problem in one statement, as `line N: message`; empty when portable.
 * Misplaced parameters are listed apart (`parameters`) because they fail only on Athena and
 * only by its documented rule, which the grammar cannot see.
 */
function portabilityProblems(source: string): string[] {
  const { subset, parameters } = classifiedProblems(source);
  return [...subset, ...parameters];
}

function classifiedProblems(source: string): { subset: string[]; parameters: string[] } {
  let sql: string;
  try {
    const statement = singleStatement(source);
    const anyValues = Object.fromEntries(parameterNames(statement).map((name) => [name, null]));
    sql = toPositional(statement, anyValues).sql;
  } catch (error) {
    return { subset: [(error as Error).message], parameters: [] };
  }
  const syntax = trino.validate(sql);
  if (syntax.length > 0) {
    return {
      subset: syntax.map((error) => `line ${error.startLine}: Trino syntax: ${error.message}`),
      parameters: [],
    };
  }

  const problems: string[] = [];
  const parameters: string[] = [];
  const at = (node: Node, message: string) =>
    problems.push(`line ${node.start?.line ?? '?'}: ${message}`);
  const text = (node: Node | null | undefined) =>
    node?.start && node.stop ? sql.slice(node.start.start, node.stop.stop + 1) : '';
  const casts: string[] = [];
  let whereDepth = 0;

  const listener = new TrinoSqlListener();
  listener.enterWhereClause = () => {
    whereDepth += 1;
  };
  listener.exitWhereClause = () => {
    whereDepth -= 1;
  };
  listener.enterCast = (ctx) => {
    casts.push(ctx.type().getText().toUpperCase());
  };
  listener.exitCast = () => {
    casts.pop();
  };
  listener.enterParameter = (ctx) => {
    if (whereDepth === 0) {
      parameters.push(
        `line ${ctx.start?.line ?? '?'}: Athena takes parameters only in WHERE clauses; select the value from a filtered row instead`,
      );
    }
  };
  listener.enterFunctionCall = (ctx) => {
    const name = ctx.functionName().getText().toLowerCase();
    if (!PORTABLE_FUNCTIONS.has(name)) {
      at(ctx, `${name}() is not in the portable function list (see dialect/README.md)`);
      return;
    }
    const args = ctx.expression().map((arg) => text(arg).replace(/\s+/g, ' '));
    if (name === 'date_diff' && args[0]?.toLowerCase() !== "'day'") {
      at(
        ctx,
        "date_diff counts boundaries on DuckDB, whole units on Trino: use it with 'day' only",
      );
    }
    if (name === 'date_trunc' && casts.at(-1) !== 'DATE') {
      at(ctx, 'date_trunc returns TIMESTAMP on DuckDB: wrap it in CAST(... AS DATE)');
    }
    if (
      name === 'sum' &&
      /^CASE\b(.*\bTHEN\s+-?\d+\b)+(.*\bELSE\s+-?\d+)?\s+END$/is.test(args[0] ?? '') &&
      casts.at(-1) !== 'BIGINT'
    ) {
      at(
        ctx,
        'DuckDB sums integers as HUGEINT (Parquet DOUBLE): use count(CASE WHEN ... THEN 1 END) or CAST(sum(...) AS BIGINT)',
      );
    }
  };
  listener.enterArithmeticBinary = (ctx) => {
    if (ctx.SLASH() === null) return;
    const floating = /\bAS\s+(DOUBLE|REAL)\s*\)/i;
    if (!floating.test(text(ctx._left)) && !floating.test(text(ctx._right))) {
      at(
        ctx,
        `Trino truncates integer division: make an operand CAST(... AS DOUBLE) in ${text(ctx)}`,
      );
    }
  };
  listener.enterExtract = (ctx) => {
    const field = ctx.identifier().getText().toUpperCase();
    if (!PORTABLE_EXTRACT_FIELDS.has(field)) {
      at(ctx, `EXTRACT(${field} ...) differs between the engines`);
    }
  };
  const today = (ctx: Node) =>
    at(ctx, `${text(ctx)} depends on the engine's time zone and the day a table is built`);
  listener.enterCurrentDate = today;
  listener.enterCurrentTime = today;
  listener.enterCurrentTimestamp = today;
  listener.enterLocalTime = today;
  listener.enterLocalTimestamp = today;
  listener.enterSelectItem = (ctx) => {
    const alias = ctx.identifier();
    if (alias === null && ctx.selectExpressionColumnName() !== null && !namesIgnored(ctx)) {
      at(ctx, `name this column with AS (the engines name ${text(ctx)} differently)`);
    }
    if (alias !== null && /[A-Z]/.test(alias.getText())) {
      at(ctx, `alias ${alias.getText()} has capitals: DuckDB keeps them, Trino folds them`);
    }
  };

  walk(trino.parse(sql) as unknown as Node, listener);
  return { subset: problems, parameters };
}

const QUERY_TERM_WRAPPERS = new Set([
  'QuerySpecificationContext',
  'QueryPrimaryDefaultContext',
  'QueryTermDefaultContext',
  'SubqueryContext',
  'QueryNoWithContext',
  'SetOperationContext',
]);

/** True for a select item in a later branch of a UNION: only the first branch names columns. */
function namesIgnored(item: Node): boolean {
  let node = item.parent?.parent; // selectList, then querySpecification
  while (node?.parent && QUERY_TERM_WRAPPERS.has(node.parent.constructor.name)) {
    if (node.parent._right === node) return true;
    node = node.parent;
  }
  return false;
}

function walk(node: Node, listener: TrinoSqlListener): void {
  node.enterRule?.(listener);
  for (const child of node.children ?? []) walk(child, listener);
  node.exitRule?.(listener);
}

async function sqlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sqlFiles(path);
      return Promise.resolve(entry.isFile() && entry.name.endsWith('.sql') ? [path] : []);
    }),
  );
  return nested.flat().sort();
}

describe('the portability check itself', () => {
  const portable: Record<string, string> = {
    'float division, dates, parameters in WHERE': `
      select
        CAST(date_trunc('month', contact_date) AS DATE) as month,
        CAST(contact_date + INTERVAL '1' MONTH AS DATE) as next_month,
        date_diff('day', start_date, authorised_date) as days,
        year(contact_date) as y,
        month(contact_date) as m,
        100 * CAST(count(CASE WHEN outcome = 'closed' THEN 1 END) AS DOUBLE) / count(*) as pct,
        CAST(sum(CASE WHEN x THEN 1 ELSE 0 END) AS BIGINT) as n,
        la_code || '-' || CAST(year(contact_date) AS VARCHAR) as label,
        COALESCE(source, 'none') as source
      from contacts
      where la_code = $la_code and month <= $as_of and note <> '$not_a_parameter'
      group by 1, 2, 3, 4, 5, 8, 9;
    `,
    'nested WITH inside a CTE body, window functions, CASE': `
      -- one row per LA per month
      with monthly as (
        with inner_step as (select month, contacts from t where la_code = $la_code)
        select month, sum(contacts) as contacts from inner_step group by month
      ),
      final as (
        select
          month,
          contacts,
          CASE WHEN lag(month, 2) over (order by month) IS NOT NULL
            THEN CAST(contacts + lag(contacts, 1) over (order by month)
              + lag(contacts, 2) over (order by month) AS DOUBLE) / 3
          END as contacts_3m_avg,
          row_number() over (partition by month order by contacts desc) as rn
        from monthly
      )
      select * from final
    `,
  };
  portable['a UNION takes its column names from the first branch'] = `
    select 'gender' as dimension, 'male' as category, 1 as category_order
    union all select 'gender', 'female', 2
    union all (select 'gender', 'other', 3)
  `;
  it.each(Object.entries(portable))('passes portable SQL: %s', (_name, sql) => {
    expect(portabilityProblems(sql)).toEqual([]);
  });

  const duckdbOnly: [string, string, RegExp][] = [
    ['a :: cast', 'select x::INT as x from t', /Trino syntax/],
    [
      'QUALIFY',
      'select x from t qualify row_number() over (partition by a order by b) = 1',
      /Trino syntax/,
    ],
    ['GROUP BY ALL', 'select a, count(*) as n from t group by all', /Trino syntax/],
    ['SELECT * EXCLUDE', 'select * exclude (a) from t', /Trino syntax/],
    ['ILIKE', "select a from t where a ilike 'x%'", /Trino syntax/],
    ['strftime', "select strftime(d, '%Y-%m') as m from t", /strftime\(\) is not in the portable/],
    ['format', "select format('{}', x) as s from t", /format\(\) is not in the portable/],
    ['greatest', 'select greatest(a, b) as g from t', /greatest\(\) is not in the portable/],
    ['integer division', 'select a / b as r from t', /Trino truncates integer division/],
    ['decimal-literal division', 'select 100.0 * a / b as r from t', /integer division/],
    ['sum of a 1/0 CASE', 'select sum(CASE WHEN x THEN 1 ELSE 0 END) as n from t', /HUGEINT/],
    ['a parameter outside WHERE', 'select $la_code as la_code from t', /only in WHERE/],
    ['date_diff by month', "select date_diff('month', a, b) as m from t", /'day' only/],
    ['date_trunc left a TIMESTAMP', "select date_trunc('month', d) as m from t", /CAST/],
    ['EXTRACT(DOW)', 'select extract(dow from d) as dow from t', /EXTRACT\(DOW/],
    ['an unnamed expression', 'select count(*) from t', /name this column with AS/],
    [
      'an unnamed expression in the first UNION branch',
      "select 'a' union all select 'b' as x",
      /name this column with AS/,
    ],
    ['a capitalised alias', 'select a as Total from t', /has capitals/],
    ['current_date', 'select a from t where d < current_date', /time zone/],
    ['two statements', 'select 1 as a; select 2 as b', /more than one statement/],
    ['a positional placeholder', 'select a from t where b = ?', /positional/],
  ];
  it.each(duckdbOnly)('fails DuckDB-only or engine-dependent SQL: %s', (_name, sql, problem) => {
    const problems = portabilityProblems(sql);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('lists only functions that exist on DuckDB', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(
      'select distinct function_name from duckdb_functions()',
    );
    const duckdb = new Set(reader.getRowObjectsJS().map((row) => String(row.function_name)));
    // DuckDB parses coalesce as syntax rather than listing it as a function.
    const syntax = await connection.runAndReadAll('select coalesce(NULL, 1) as x');
    connection.closeSync();

    expect(syntax.getRowObjectsJS()).toEqual([{ x: 1 }]);
    expect(
      [...PORTABLE_FUNCTIONS].filter((name) => name !== 'coalesce' && !duckdb.has(name)),
    ).toEqual([]);
  });
});

describe('sql/ files', () => {
  let files: string[] = [];
  beforeAll(async () => {
    files = await sqlFiles(SQL_ROOT);
  });

  // The file list is only known at run time, so each test walks it and reports every file's
  // problems together; with no files yet they pass, and the samples above still assert.
  const report = async (kind: 'subset' | 'parameters') => {
    const found: Record<string, string[]> = {};
    for (const file of files) {
      const problems = classifiedProblems(await readFile(file, 'utf8'))[kind];
      if (problems.length > 0) found[relative(SQL_ROOT, file)] = problems;
    }
    return found;
  };

  it('parse under Trino and stay in the portable subset', async () => {
    expect(await report('subset')).toEqual({});
  });

  it('use parameters only in WHERE clauses, as Athena execution parameters require', async () => {
    expect(await report('parameters')).toEqual({});
  });
});
